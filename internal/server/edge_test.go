package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
)

// checkEdgePage checks that a response made before any route answered is
// a localized page in lang with the security headers.
func checkEdgePage(t *testing.T, name string, res *http.Response, status int, lang i18n.Lang, msg string) {
	t.Helper()
	defer res.Body.Close()
	if res.StatusCode != status {
		t.Errorf("%s: status %d, want %d", name, res.StatusCode, status)
	}
	h := res.Header
	if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" {
		t.Errorf("%s: security headers missing: %v", name, h)
	}
	if !strings.HasPrefix(h.Get("Content-Type"), "text/html") || h.Get("Cache-Control") != "no-store" {
		t.Errorf("%s: Content-Type %q, Cache-Control %q", name, h.Get("Content-Type"), h.Get("Cache-Control"))
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Find("html").AttrOr("lang", ""); got != string(lang) {
		t.Errorf("%s: <html lang=%q>, want %q", name, got, lang)
	}
	if want := flat(commentMsg(t, lang, msg)); !strings.Contains(text(doc.Find("main")), want) {
		t.Errorf("%s: page lacks %q: %.300s", name, want, text(doc.Find("main")))
	}
}

func TestCrossOriginRefusalIsALocalizedPage(t *testing.T) {
	e := newEnv(t, false)
	for _, c := range []struct {
		path string
		lang i18n.Lang
	}{{"/fr/login", i18n.French}, {"/ar/login", i18n.Arabic}, {"/fr/meetings/1/comments", i18n.French}} {
		res := e.do(t, http.MethodPost, c.path, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example",
			"Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader("email=a%40b.ma&password=x"))
		checkEdgePage(t, "cross-origin POST "+c.path, res, http.StatusForbidden, c.lang, "error_cross_origin")
	}
	if n := e.id(t, `SELECT count(*) FROM login_attempts`); n != 0 {
		t.Errorf("a cross-origin sign-in reached the handler: %d attempts", n)
	}
}

func TestMalformedPathsAreLocalizedNotFound(t *testing.T) {
	e := newEnv(t, true)
	for path, lang := range map[string]i18n.Lang{
		"/fr/regions/%00":                i18n.French,
		"/fr/strategy/%00":               i18n.French,
		"/ar/regions/%00":                i18n.Arabic,
		"/ar/meetings/1%00":              i18n.Arabic,
		"/fr/agreements/%ff":             i18n.French,
		"/fr/regions/oriental%0a":        i18n.French,
		"/fr/strategy/a%1bb":             i18n.French,
		"/fr/regions/%c0%af":             i18n.French,
		"/fr/strategy/%7f":               i18n.French,
		"/fr/regions/%c2%85":             i18n.French, // C1 control (NEL)
		"/fr/staff/meetings/%00":         i18n.French,
		"/ar/invitations/%00%ff":         i18n.Arabic,
		"/fr/meetings/1/attachments/%00": i18n.French,
	} {
		res := e.get(t, path)
		checkEdgePage(t, path, res, http.StatusNotFound, lang, "error_not_found")
	}
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("malformed paths logged errors: %.500s", e.logs.String())
	}
	// A real page next to them still answers.
	if res := e.get(t, "/fr/regions/oriental"); res.StatusCode != http.StatusOK {
		t.Errorf("/fr/regions/oriental: %d", res.StatusCode)
	}
}

func TestTokenPagesAreNeverStored(t *testing.T) {
	e := newEnv(t, false)
	admin := e.user(t, "admin@example.ma", domain.RoleAdmin, 0)
	token, _, err := auth.NewAccounts(e.db).CreateInvitation(context.Background(), "", admin.ID, "invite@example.ma", domain.RoleStaff, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	res := e.get(t, "/fr/invitations/"+token)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("invitation page: %d", res.StatusCode)
	}
	if cc, etag := res.Header.Get("Cache-Control"), res.Header.Get("ETag"); cc != "no-store" || etag != "" {
		t.Errorf("invitation page: Cache-Control %q, ETag %q; want no-store and none", cc, etag)
	}
	if rp := res.Header.Get("Referrer-Policy"); rp != "no-referrer" {
		t.Errorf("invitation page: Referrer-Policy %q", rp)
	}
	again := e.do(t, http.MethodGet, "/fr/invitations/"+token, map[string]string{"If-None-Match": "*"}, nil)
	if again.StatusCode != http.StatusOK {
		t.Errorf("invitation page revalidated: %d", again.StatusCode)
	}
	// A public page keeps its ETag.
	if res := e.get(t, "/fr/strategy"); res.Header.Get("ETag") == "" {
		t.Error("public pages lost their ETag")
	}
}
