package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/locales"
)

// adminDoc parses a response, failing unless its status is want.
func adminDoc(t *testing.T, res *http.Response, want int) *goquery.Document {
	t.Helper()
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != want {
		t.Fatalf("status %d, want %d\n%.800s", res.StatusCode, want, body)
	}
	if strings.Contains(string(body), "[[") {
		t.Errorf("a message is missing from the catalogue: %.200s", string(body)[strings.Index(string(body), "[["):])
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// adminMsg is a message in French, to compare with what a page says.
func adminMsg(t *testing.T, id string) string {
	t.Helper()
	c, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	return c.For(i18n.French).T(id)
}

// adminRegion is the slug of the region with the smallest ID, and that ID.
func (e *env) adminRegion(t *testing.T) (string, int16) {
	t.Helper()
	var slug string
	var id int16
	if err := e.db.Pool().QueryRow(context.Background(), `SELECT slug, id FROM regions ORDER BY id LIMIT 1`).Scan(&slug, &id); err != nil {
		t.Fatal(err)
	}
	return slug, id
}

// adminAuditCount counts the audit lines of an action on an entity by the account email.
func (e *env) adminAuditCount(t *testing.T, email, action, entity string) int {
	t.Helper()
	var n int
	err := e.db.Pool().QueryRow(context.Background(), `
		SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id
		WHERE u.email = $1 AND a.action = $2 AND a.entity = $3`, email, action, entity).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) adminUserCount(t *testing.T) int64 { return e.id(t, `SELECT count(*) FROM users`) }

func TestAdminCreatesStaffAndRegionalAccounts(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	slug, regionID := e.adminRegion(t)

	for _, lang := range []string{"ar", "fr"} {
		doc := adminDoc(t, e.getAs(t, admin, "/"+lang+"/admin/users/new"), http.StatusOK)
		if l, _ := doc.Find("html").Attr("lang"); l != lang {
			t.Errorf("lang = %q", l)
		}
		for _, f := range []string{"email", "display_name", "role", "region", "password"} {
			if doc.Find("#f-"+f).Length() != 1 {
				t.Errorf("%s form lacks field %s", lang, f)
			}
		}
		if doc.Find(`.staff-nav a[aria-current="page"][href="/`+lang+`/admin/users"]`).Length() != 1 {
			t.Errorf("%s: the workspace navigation does not mark the accounts", lang)
		}
	}

	for _, tt := range []struct {
		form   url.Values
		email  string
		role   domain.Role
		region int16
	}{
		{url.Values{"email": {" Amina@Social.gov.ma "}, "display_name": {"أمينة العلوي"}, "role": {"staff"}, "region": {""}, "password": {testPassword}},
			"amina@social.gov.ma", domain.RoleStaff, 0},
		{url.Values{"email": {"karim@region.ma"}, "display_name": {"Karim Bennani"}, "role": {"regional"}, "region": {slug}, "password": {testPassword}},
			"karim@region.ma", domain.RoleRegional, regionID},
	} {
		res := e.post(t, admin, "/fr/admin/users/new", tt.form)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/fr/admin/users" {
			b, _ := io.ReadAll(res.Body)
			t.Fatalf("creating %s: %d %q\n%.600s", tt.email, res.StatusCode, res.Header.Get("Location"), b)
		}
		u, err := e.db.UserByEmail(t.Context(), tt.email)
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != tt.email || u.Role != tt.role || u.RegionID != tt.region || u.Disabled() {
			t.Errorf("created %+v", u)
		}
		// The new account signs in with the password the administrator chose.
		if res := e.post(t, nil, "/fr/login", url.Values{"email": {tt.email}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s cannot sign in: %d", tt.email, res.StatusCode)
		}
	}
	if n := e.adminAuditCount(t, "admin@example.ma", "create", "user"); n != 2 {
		t.Errorf("audit lines of the creations by the administrator: %d, want 2", n)
	}

	doc := adminDoc(t, e.getAs(t, admin, "/fr/admin/users"), http.StatusOK)
	if !strings.Contains(text(doc.Find(".flash")), flat(adminMsg(t, "flash_user_created"))) {
		t.Errorf("flash: %q", text(doc.Find(".flash")))
	}
	table := text(doc.Find("table").First())
	for _, want := range []string{"amina@social.gov.ma", "أمينة العلوي", "agent du ministère", "karim@region.ma",
		"responsable régional", "actif", "(vous)"} {
		if !strings.Contains(table, want) {
			t.Errorf("accounts list lacks %q: %s", want, table)
		}
	}
	if doc.Find(`form[action$="/disable"] button`).Length() != 3 {
		t.Errorf("want a disable button per account")
	}
	if !strings.Contains(text(doc.Find("#invitations ~ p.empty")), adminMsg(t, "admin_invitations_empty")) {
		t.Errorf("no pending invitation should say so in words")
	}
}

func TestAdminUserFormRefusesInvalidInput(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	slug, _ := e.adminRegion(t)
	valid := func(change func(url.Values)) url.Values {
		v := url.Values{"email": {"nadia@social.gov.ma"}, "display_name": {"Nadia"}, "role": {"staff"}, "region": {""}, "password": {testPassword}}
		change(v)
		return v
	}
	huge := strings.Repeat("n", 1_000_000)
	tests := []struct {
		name  string
		form  url.Values
		field string
		msgID string
	}{
		{"bad email", valid(func(v url.Values) { v.Set("email", "nadia at social") }), "email", "email_invalid"},
		{"no email", valid(func(v url.Values) { v.Set("email", "  ") }), "email", "email_required"},
		{"email taken in another case", valid(func(v url.Values) { v.Set("email", "ADMIN@Example.MA") }), "email", "email_taken"},
		{"short password", valid(func(v url.Values) { v.Set("password", "court") }), "password", "password_too_short"},
		{"common password", valid(func(v url.Values) { v.Set("password", "Password") }), "password", "password_common"},
		{"password is the email", valid(func(v url.Values) { v.Set("password", "nadia@social.gov.ma") }), "password", "password_is_email"},
		{"too long password", valid(func(v url.Values) { v.Set("password", strings.Repeat("ب", 129)) }), "password", "password_too_long"},
		{"no password", valid(func(v url.Values) { v.Set("password", "") }), "password", "error_required"},
		{"regional without region", valid(func(v url.Values) { v.Set("role", "regional") }), "region", "region_required"},
		{"staff with region", valid(func(v url.Values) { v.Set("region", slug) }), "region", "region_not_allowed"},
		{"unknown region", valid(func(v url.Values) { v.Set("role", "regional"); v.Set("region", "atlantide") }), "region", "region_unknown"},
		{"unknown role", valid(func(v url.Values) { v.Set("role", "root") }), "role", "role_invalid"},
		{"no role", valid(func(v url.Values) { v.Del("role") }), "role", "role_invalid"},
		{"no name", valid(func(v url.Values) { v.Set("display_name", "") }), "display_name", "error_required"},
		{"1 MB name", valid(func(v url.Values) { v.Set("display_name", huge) }), "display_name", "display_name_too_long"},
		{"email twice", valid(func(v url.Values) { v.Add("email", "other@social.gov.ma") }), "email", "error_duplicate_field"},
	}
	before := e.adminUserCount(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := adminDoc(t, e.post(t, admin, "/fr/admin/users/new", tt.form), http.StatusUnprocessableEntity)
			got := text(doc.Find("#f-" + tt.field + "-error"))
			if want := adminMsg(t, tt.msgID); !strings.Contains(got, want) {
				t.Errorf("error beside %s = %q, want %q", tt.field, got, want)
			}
			if doc.Find(`.error-summary a[href="#f-`+tt.field+`"]`).Length() != 1 {
				t.Errorf("error summary does not link to %s: %s", tt.field, text(doc.Find(".error-summary")))
			}
			// Every value kept but the password.
			for _, f := range []string{"email", "display_name"} {
				if v, _ := doc.Find("#f-" + f).Attr("value"); v != tt.form.Get(f) {
					t.Errorf("%s not kept: %.40q", f, v)
				}
			}
			if v := doc.Find("#f-role option[selected]").AttrOr("value", ""); v != tt.form.Get("role") && tt.form.Get("role") != "root" {
				t.Errorf("role not kept: %q", v)
			}
			if v := doc.Find("#f-region option[selected]").AttrOr("value", ""); tt.form.Get("region") == slug && v != slug {
				t.Errorf("region not kept: %q", v)
			}
			if v, _ := doc.Find("#f-password").Attr("value"); v != "" {
				t.Errorf("password sent back")
			}
		})
	}
	if after := e.adminUserCount(t); after != before {
		t.Errorf("invalid forms created %d accounts", after-before)
	}

	// An empty form: every error in the summary, in the order of the page.
	doc := adminDoc(t, e.post(t, admin, "/ar/admin/users/new", url.Values{}), http.StatusUnprocessableEntity)
	var order []string
	doc.Find(".error-summary a").Each(func(_ int, s *goquery.Selection) { order = append(order, s.AttrOr("href", "")) })
	if strings.Join(order, " ") != "#f-email #f-display_name #f-role #f-password" {
		t.Errorf("summary order: %v", order)
	}
	// Not a form at all.
	res := e.do(t, http.MethodPost, "/fr/admin/users/new", map[string]string{"Content-Type": "application/json",
		"Cookie": admin.Name + "=" + admin.Value}, strings.NewReader(`{}`))
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("JSON body: %d", res.StatusCode)
	}
}

func TestAdminInvitationIsShownOnceAndWorksOnce(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	slug, regionID := e.adminRegion(t)

	doc := adminDoc(t, e.getAs(t, admin, "/fr/admin/users/invite"), http.StatusOK)
	if v := doc.Find("#f-days").AttrOr("value", ""); v != "7" {
		t.Errorf("default validity %q, want 7", v)
	}

	// Invalid invitations keep the form and say why beside the field.
	for _, tt := range []struct {
		form  url.Values
		field string
		msgID string
	}{
		{url.Values{"email": {"x@y.ma"}, "role": {"staff"}, "days": {"0"}}, "days", "admin_invite_days_invalid"},
		{url.Values{"email": {"x@y.ma"}, "role": {"staff"}, "days": {"31"}}, "days", "admin_invite_days_invalid"},
		{url.Values{"email": {"x@y.ma"}, "role": {"staff"}, "days": {"sept"}}, "days", "admin_invite_days_invalid"},
		{url.Values{"email": {"Admin@example.ma"}, "role": {"staff"}, "days": {"7"}}, "email", "email_taken"},
		{url.Values{"email": {"x@y.ma"}, "role": {"regional"}, "days": {"7"}}, "region", "region_required"},
		{url.Values{"email": {"x@y.ma"}, "role": {"admin"}, "region": {slug}, "days": {"7"}}, "region", "region_not_allowed"},
		{url.Values{"email": {"x"}, "role": {"staff"}, "days": {"7"}}, "email", "email_invalid"},
		{url.Values{"email": {"x@y.ma"}, "role": {"staff"}, "days": {""}}, "days", "error_required"},
	} {
		doc := adminDoc(t, e.post(t, admin, "/fr/admin/users/invite", tt.form), http.StatusUnprocessableEntity)
		if got, want := text(doc.Find("#f-"+tt.field+"-error")), adminMsg(t, tt.msgID); !strings.Contains(got, want) {
			t.Errorf("%v: error beside %s = %q, want %q", tt.form, tt.field, got, want)
		}
		if v := doc.Find("#f-email").AttrOr("value", ""); v != tt.form.Get("email") {
			t.Errorf("email not kept: %q", v)
		}
		if v := doc.Find("#f-days").AttrOr("value", ""); v != tt.form.Get("days") {
			t.Errorf("days not kept: %q", v)
		}
		if doc.Find("#invitation-link").Length() != 0 {
			t.Errorf("a refused invitation shows a link")
		}
	}

	// A valid one: the link is shown on the page answering the form, once.
	res := e.post(t, admin, "/fr/admin/users/invite", url.Values{"email": {"Karim@Region.ma"}, "role": {"regional"}, "region": {slug}, "days": {"٣"}})
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}
	doc = adminDoc(t, res, http.StatusOK)
	link := doc.Find("#invitation-link").AttrOr("value", "")
	if !strings.HasPrefix(link, "http://portal.test/fr/invitations/") {
		t.Fatalf("invitation link %q", link)
	}
	if !strings.Contains(text(doc.Find(".invitation-created")), "karim@region.ma") {
		t.Errorf("the created invitation does not say for whom: %s", text(doc.Find(".invitation-created")))
	}
	if v := doc.Find("#f-email").AttrOr("value", ""); v != "" {
		t.Errorf("the form after an invitation should be blank, email %q", v)
	}
	var expires time.Time
	if err := e.db.Pool().QueryRow(t.Context(), `SELECT expires_at FROM invitations WHERE email = 'karim@region.ma'`).Scan(&expires); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(expires); d < 71*time.Hour || d > 73*time.Hour {
		t.Errorf("invitation valid for %v, want 3 days", d)
	}
	if n := e.adminAuditCount(t, "admin@example.ma", "invite", "invitation"); n != 1 {
		t.Errorf("audit lines of the invitation: %d", n)
	}

	// The list shows it pending, never its link.
	res = e.getAs(t, admin, "/ar/admin/users")
	body := adminDoc(t, res, http.StatusOK)
	pending := text(body.Find("#invitations ~ .table-wrap"))
	if !strings.Contains(pending, "karim@region.ma") || strings.Contains(body.Text(), link) {
		t.Errorf("pending invitations: %q", pending)
	}

	// Accepting it, in the other language too: the form, then the account.
	path := strings.TrimPrefix(link, "http://portal.test")
	arPath := "/ar" + strings.TrimPrefix(path, "/fr")
	adminDoc(t, e.get(t, arPath), http.StatusOK)
	doc = adminDoc(t, e.get(t, path), http.StatusOK)
	if !strings.Contains(text(doc.Find("main")), "karim@region.ma") {
		t.Errorf("invitation page does not name the address")
	}
	accept := e.post(t, nil, path, url.Values{"display_name": {"Karim Bennani"}, "password": {testPassword}})
	if accept.StatusCode != http.StatusSeeOther {
		t.Fatalf("accepting: %d", accept.StatusCode)
	}
	signedIn := false
	for _, c := range accept.Cookies() {
		signedIn = signedIn || (c.Name == admin.Name && c.Value != "")
	}
	if !signedIn {
		t.Errorf("accepting the invitation did not sign in")
	}
	u, err := e.db.UserByEmail(t.Context(), "karim@region.ma")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != domain.RoleRegional || u.RegionID != regionID || u.DisplayName != "Karim Bennani" {
		t.Errorf("account from the invitation: %+v", u)
	}
	// A second use is refused, and the invitation is no longer pending.
	adminDoc(t, e.get(t, path), http.StatusBadRequest)
	if res := e.post(t, nil, path, url.Values{"display_name": {"Autre"}, "password": {testPassword}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("second use: %d", res.StatusCode)
	}
	body = adminDoc(t, e.getAs(t, admin, "/fr/admin/users"), http.StatusOK)
	if row := text(body.Find(`#invitations ~ .table-wrap tr:contains("karim@region.ma")`)); !strings.Contains(row, "Acceptée") ||
		!strings.Contains(text(body.Find("table").First()), "karim@region.ma") {
		t.Errorf("after acceptance: the invitation %q, or the account missing", row)
	}

	// A staff invitation: accepting signs in to the workspace.
	res = e.post(t, admin, "/fr/admin/users/invite", url.Values{"email": {"salma@social.gov.ma"}, "role": {"staff"}, "days": {"7"}})
	link = adminDoc(t, res, http.StatusOK).Find("#invitation-link").AttrOr("value", "")
	accept = e.post(t, nil, strings.TrimPrefix(link, "http://portal.test"), url.Values{"display_name": {"Salma"}, "password": {testPassword}})
	var cookie *http.Cookie
	for _, c := range accept.Cookies() {
		if c.Name == admin.Name {
			cookie = c
		}
	}
	if accept.StatusCode != http.StatusSeeOther || cookie == nil {
		t.Fatalf("accepting the staff invitation: %d", accept.StatusCode)
	}
	doc = adminDoc(t, e.getAs(t, cookie, accept.Header.Get("Location")+"/"), http.StatusOK)
	if !strings.Contains(text(doc.Find(".site-header")), "Salma") {
		t.Errorf("not signed in as the invited person: %s", text(doc.Find(".site-header")))
	}
}

func TestAdminDisablesAndEnablesAccounts(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	staff := e.as(t, domain.RoleStaff, 0)
	staffID := e.id(t, `SELECT id FROM users WHERE email = 'staff@example.ma'`)
	adminID := e.id(t, `SELECT id FROM users WHERE email = 'admin@example.ma'`)
	if res := e.getAs(t, staff, "/fr/staff/"); res.StatusCode != http.StatusOK {
		t.Fatalf("staff before: %d", res.StatusCode)
	}

	res := e.post(t, admin, fmt.Sprintf("/fr/admin/users/%d/disable", staffID), url.Values{"page": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/fr/admin/users" {
		t.Fatalf("disable: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// The live session is refused at its next request; signing in fails.
	if res := e.getAs(t, staff, "/fr/staff/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled account's session: %d", res.StatusCode)
	}
	if res := e.post(t, nil, "/fr/login", url.Values{"email": {"staff@example.ma"}, "password": {testPassword}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("disabled account signs in: %d", res.StatusCode)
	}
	doc := adminDoc(t, e.getAs(t, admin, "/fr/admin/users"), http.StatusOK)
	if !strings.Contains(text(doc.Find(".flash")), flat(adminMsg(t, "flash_user_disabled"))) {
		t.Errorf("flash: %q", text(doc.Find(".flash")))
	}
	row := doc.Find(fmt.Sprintf("#user-%d", staffID))
	if text(row.Find(".tag")) != "désactivé" || row.Find(`form[action$="/enable"]`).Length() != 1 {
		t.Errorf("disabled row: %s", text(row))
	}
	// Disabling again changes nothing and leaves no second audit line.
	e.post(t, admin, fmt.Sprintf("/fr/admin/users/%d/disable", staffID), url.Values{})
	if n := e.adminAuditCount(t, "admin@example.ma", "disable", "user"); n != 1 {
		t.Errorf("audit lines of the disabling: %d", n)
	}

	res = e.post(t, admin, fmt.Sprintf("/ar/admin/users/%d/enable", staffID), url.Values{"page": {"2"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ar/admin/users?page=2" {
		t.Fatalf("enable: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if n := e.adminAuditCount(t, "admin@example.ma", "enable", "user"); n != 1 {
		t.Errorf("audit lines of the enabling: %d", n)
	}
	staff = e.signIn(t, "staff@example.ma")
	if res := e.getAs(t, staff, "/fr/staff/"); res.StatusCode != http.StatusOK {
		t.Errorf("enabled account: %d", res.StatusCode)
	}

	// The last administrator cannot be disabled, even by themselves.
	doc = adminDoc(t, e.post(t, admin, fmt.Sprintf("/fr/admin/users/%d/disable", adminID), url.Values{}), http.StatusConflict)
	if !strings.Contains(text(doc.Find("main")), adminMsg(t, "last_admin")) {
		t.Errorf("last admin page: %s", text(doc.Find("main")))
	}
	if res := e.getAs(t, admin, "/fr/admin/users"); res.StatusCode != http.StatusOK {
		t.Errorf("the last administrator lost access: %d", res.StatusCode)
	}
	// With a second administrator, the first may go.
	second := e.user(t, "second@example.ma", domain.RoleAdmin, 0)
	if res := e.post(t, admin, fmt.Sprintf("/fr/admin/users/%d/disable", second.ID), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabling another administrator: %d", res.StatusCode)
	}

	// Unknown or malformed accounts.
	for _, path := range []string{"/fr/admin/users/999999/disable", "/fr/admin/users/abc/enable", "/fr/admin/users/0/disable", "/fr/admin/users/01/disable"} {
		adminDoc(t, e.post(t, admin, path, url.Values{}), http.StatusNotFound)
	}
	// A GET cannot disable.
	if res := e.getAs(t, admin, fmt.Sprintf("/fr/admin/users/%d/disable", staffID)); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET disable: %d", res.StatusCode)
	}
}

func TestAdminAuditSearch(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	res := e.post(t, admin, "/fr/admin/users/new", url.Values{"email": {"nadia@social.gov.ma"}, "display_name": {"Nadia Amrani"},
		"role": {"staff"}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("creating: %d", res.StatusCode)
	}
	today := time.Now().In(adminLoc(t)).Format("2006-01-02")

	doc := adminDoc(t, e.getAs(t, admin, "/fr/admin/audit?q=nadia"), http.StatusOK)
	rows := doc.Find("table.audit-log tbody tr")
	if rows.Length() != 1 {
		t.Fatalf("search for nadia: %d rows: %s", rows.Length(), text(doc.Find("main")))
	}
	row := text(rows)
	for _, want := range []string{"admin@example.ma", "création", "Compte", "display_name, email, role"} {
		if !strings.Contains(row, want) {
			t.Errorf("audit row lacks %q: %s", want, row)
		}
	}
	if v := doc.Find("#f-q").AttrOr("value", ""); v != "nadia" {
		t.Errorf("search text not kept: %q", v)
	}
	if !strings.Contains(text(doc.Find(`p[role="status"]`)), "1 opération") {
		t.Errorf("count: %q", text(doc.Find(`p[role="status"]`)))
	}

	for _, tt := range []struct {
		query string
		rows  int
	}{
		{"entity=user&action=create", 2}, // the test's administrator and Nadia
		{"entity=user&action=create&from=" + today + "&to=" + today, 2},
		{"entity=meeting", 0},
		{"action=disable", 0},
		{"from=2001-01-01&to=2001-01-31", 0},
		{"q=" + url.QueryEscape("100%_"), 0},
	} {
		doc := adminDoc(t, e.getAs(t, admin, "/ar/admin/audit?"+tt.query), http.StatusOK)
		if n := doc.Find("table.audit-log tbody tr").Length(); n != tt.rows {
			t.Errorf("%s: %d rows, want %d", tt.query, n, tt.rows)
		}
		if tt.rows == 0 && text(doc.Find("p.empty")) != "لا توجد أي عملية تطابق هذا البحث." {
			t.Errorf("%s: empty state %q", tt.query, text(doc.Find("p.empty")))
		}
	}

	// A record that staff can open is linked; the command line is named.
	if _, err := e.db.Pool().Exec(t.Context(), `INSERT INTO audit_log (user_id, action, entity, entity_id, changes)
		VALUES (NULL, 'update', 'meeting', 42, '{"title_fr": {"from": "a", "to": "b"}}')`); err != nil {
		t.Fatal(err)
	}
	doc = adminDoc(t, e.getAs(t, admin, "/fr/admin/audit?entity=meeting"), http.StatusOK)
	row = text(doc.Find("table.audit-log tbody tr"))
	if doc.Find(`table.audit-log a[href="/fr/staff/meetings/42"]`).Length() != 1 || !strings.Contains(row, "Ligne de commande") ||
		!strings.Contains(row, "title_fr") {
		t.Errorf("meeting entry: %s", row)
	}

	// Pagination.
	if _, err := e.db.Pool().Exec(t.Context(), `INSERT INTO audit_log (action, entity, entity_id, changes)
		SELECT 'update', 'agreement', g, '{}' FROM generate_series(1, 60) g`); err != nil {
		t.Fatal(err)
	}
	doc = adminDoc(t, e.getAs(t, admin, "/fr/admin/audit?entity=agreement"), http.StatusOK)
	if doc.Find("table.audit-log tbody tr").Length() != 50 || doc.Find(`.pagination a[href="/fr/admin/audit?entity=agreement&page=2"]`).Length() == 0 {
		t.Errorf("first page: %d rows, pagination %s", doc.Find("table.audit-log tbody tr").Length(), text(doc.Find(".pagination")))
	}
	doc = adminDoc(t, e.getAs(t, admin, "/fr/admin/audit?entity=agreement&page=2"), http.StatusOK)
	if n := doc.Find("table.audit-log tbody tr").Length(); n != 10 {
		t.Errorf("second page: %d rows", n)
	}

	// Malformed filters give 400.
	for _, q := range []string{"entity=bogus", "action=drop", "from=2024-13-01", "to=yesterday", "page=0", "page=abc",
		"from=2024-02-01&to=2024-01-01", "q=a&q=b", "q=" + strings.Repeat("x", 201)} {
		adminDoc(t, e.getAs(t, admin, "/fr/admin/audit?"+q), http.StatusBadRequest)
	}
	adminDoc(t, e.getAs(t, admin, "/fr/admin/users?page=x"), http.StatusBadRequest)
}

func adminLoc(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestAdminPagesAreForAdministratorsOnly(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	staff := e.as(t, domain.RoleStaff, 0)
	_, regionID := e.adminRegion(t)
	regional := e.as(t, domain.RoleRegional, regionID)
	staffID := e.id(t, `SELECT id FROM users WHERE email = 'staff@example.ma'`)

	type route struct{ method, path string }
	var routes []route
	for _, lang := range []string{"ar", "fr"} {
		base := "/" + lang + "/admin"
		routes = append(routes,
			route{http.MethodGet, base + "/users"},
			route{http.MethodGet, base + "/users/new"},
			route{http.MethodGet, base + "/users/invite"},
			route{http.MethodGet, base + "/audit"},
			route{http.MethodPost, base + "/users/new"},
			route{http.MethodPost, base + "/users/invite"},
			route{http.MethodPost, fmt.Sprintf("%s/users/%d/disable", base, staffID)},
			route{http.MethodPost, fmt.Sprintf("%s/users/%d/enable", base, staffID)},
		)
	}
	form := url.Values{"email": {"intrus@example.ma"}, "display_name": {"Intrus"}, "role": {"admin"}, "password": {testPassword}, "days": {"7"}}
	send := func(cookie *http.Cookie, r route) *http.Response {
		if r.method == http.MethodGet {
			return e.getAs(t, cookie, r.path)
		}
		return e.post(t, cookie, r.path, form)
	}
	for _, r := range routes {
		lang := r.path[1:3]
		for name, cookie := range map[string]*http.Cookie{"staff": staff, "regional": regional} {
			res := send(cookie, r)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s as %s: %d, want 403", r.method, r.path, name, res.StatusCode)
			}
		}
		res := send(nil, r)
		want := "/" + lang + "/login?next="
		if r.method == http.MethodGet {
			want += url.QueryEscape(r.path)
		}
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("%s %s as the public: %d %q, want 303 %q", r.method, r.path, res.StatusCode, res.Header.Get("Location"), want)
		}
		if r.method == http.MethodGet {
			doc := adminDoc(t, send(admin, r), http.StatusOK)
			if l := doc.Find("html").AttrOr("lang", ""); l != lang {
				t.Errorf("%s: lang %q", r.path, l)
			}
			if doc.Find("h1").Length() != 1 || doc.Find(".staff-nav").Length() != 1 {
				t.Errorf("%s: heading or workspace navigation missing", r.path)
			}
		}
	}
	// Nothing the refused requests sent was done.
	if _, err := e.db.UserByEmail(t.Context(), "intrus@example.ma"); err == nil {
		t.Errorf("a refused request created an account")
	}
	if u, _ := e.db.UserByID(t.Context(), staffID); u.Disabled() {
		t.Errorf("a refused request disabled an account")
	}
	if e.id(t, `SELECT count(*) FROM invitations`) != 0 {
		t.Errorf("a refused request created an invitation")
	}
}
