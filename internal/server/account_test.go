package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
)

// The accounts page lists invitations whatever became of them, with who
// made them; an administrator revokes one and its link dies.
func TestInvitationsAreListedAndRevoked(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	invite := func(email string) string {
		t.Helper()
		doc := adminDoc(t, e.post(t, admin, "/fr/admin/users/invite", url.Values{"email": {email}, "role": {"staff"}, "days": {"7"}}), http.StatusOK)
		link, _ := doc.Find("#invitation-link").Attr("value")
		if link == "" {
			t.Fatalf("no link for %s: %q", email, text(doc.Find(".error-summary")))
		}
		return strings.TrimPrefix(link, "http://portal.test")
	}
	pending, revoked, accepted := invite("pending@example.ma"), invite("revoked@example.ma"), invite("accepted@example.ma")
	location(t, e.post(t, nil, accepted, url.Values{"display_name": {"Accepté"}, "password": {"une phrase assez longue"}}))
	id := e.id(t, `SELECT id FROM invitations WHERE email = 'revoked@example.ma'`)
	location(t, e.post(t, admin, fmt.Sprintf("/fr/admin/invitations/%d/revoke", id), url.Values{}))
	if _, err := e.db.Pool().Exec(t.Context(), `UPDATE invitations SET expires_at = now() - interval '1 hour', created_at = now() - interval '2 days'
		WHERE email = 'pending@example.ma'`); err != nil {
		t.Fatal(err)
	}
	invite("still@example.ma")
	doc := e.page2(t, admin, "/fr/admin/users")
	for email, state := range map[string]string{"pending@example.ma": "Expirée", "revoked@example.ma": "Révoquée",
		"accepted@example.ma": "Acceptée", "still@example.ma": "En attente"} {
		row := doc.Find(`#invitations ~ .table-wrap tr:contains("` + email + `")`)
		if !strings.Contains(text(row), state) || !strings.Contains(text(row), "Test admin") {
			t.Errorf("%s: %q, want %q and its inviter", email, text(row), state)
		}
		if hasRevoke := row.Find("form button").Length() == 1; hasRevoke != (state == "En attente") {
			t.Errorf("%s: revoke button %v", email, hasRevoke)
		}
	}
	if res := e.get(t, revoked); res.StatusCode == http.StatusOK {
		t.Error("a revoked invitation still opens")
	}
	_ = pending
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'revoke' AND entity = 'invitation'`); n != 1 {
		t.Errorf("%d revoke audit lines", n)
	}
}

// A signed-in user changes their password: the current one is required,
// their other sessions end, this one goes on.
func TestSignedInUserChangesTheirPassword(t *testing.T) {
	e := newEnv(t, false)
	e.user(t, "agent@example.ma", domain.RoleRegional, 2)
	here, elsewhere := e.signIn(t, "agent@example.ma"), e.signIn(t, "agent@example.ma")
	doc := adminDoc(t, e.post(t, here, "/fr/account/password", url.Values{"current": {"pas le bon"}, "password": {"une toute nouvelle phrase"}}), http.StatusUnprocessableEntity)
	if text(doc.Find("#f-current-error")) == "" {
		t.Errorf("wrong current password: %q", text(doc.Find(".error-summary")))
	}
	if doc.Find(`#f-password`).AttrOr("value", "") != "" || doc.Find(`#f-current`).AttrOr("value", "") != "" {
		t.Error("a password was sent back to the page")
	}
	location(t, e.post(t, here, "/fr/account/password", url.Values{"current": {testPassword}, "password": {"une toute nouvelle phrase"}}))
	if res := e.getAs(t, here, "/fr/staff/expectations"); res.StatusCode != http.StatusOK {
		t.Errorf("this session: %d", res.StatusCode)
	}
	if res := e.getAs(t, elsewhere, "/fr/staff/expectations"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the other session: %d, want sent to sign in", res.StatusCode)
	}
	if res := e.post(t, nil, "/fr/login", url.Values{"email": {"agent@example.ma"}, "password": {"une toute nouvelle phrase"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("signing in with the new password: %d", res.StatusCode)
	}
	if res := e.get(t, "/fr/account/password"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the public on the password page: %d", res.StatusCode)
	}
}

// An administrator issues a reset link, shown once and never cached; it
// sets a new password once, signs its owner in and ends their sessions.
func TestPasswordResetLink(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	u := e.user(t, "oublie@example.ma", domain.RoleStaff, 0)
	old := e.signIn(t, "oublie@example.ma")
	res := e.post(t, admin, fmt.Sprintf("/fr/admin/users/%d/reset", u.ID), url.Values{"days": {"2"}})
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" || res.Header.Get("ETag") != "" {
		t.Errorf("the link's page: Cache-Control %q, ETag %q", cc, res.Header.Get("ETag"))
	}
	doc := adminDoc(t, res, http.StatusOK)
	link := strings.TrimPrefix(doc.Find("#reset-link").AttrOr("value", ""), "http://portal.test")
	if !strings.HasPrefix(link, "/fr/reset/") {
		t.Fatalf("reset link %q", link)
	}
	if res := e.get(t, link); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("the reset page: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	doc = adminDoc(t, e.post(t, nil, link, url.Values{"password": {"azerty123"}}), http.StatusUnprocessableEntity)
	if text(doc.Find("#f-password-error")) == "" {
		t.Error("a common password accepted")
	}
	res = e.post(t, nil, link, url.Values{"password": {"une phrase choisie à nouveau"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/fr/staff" {
		t.Fatalf("reset: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	io.Copy(io.Discard, res.Body)
	if res := e.getAs(t, old, "/fr/staff"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a session from before the reset: %d", res.StatusCode)
	}
	if res := e.post(t, nil, link, url.Values{"password": {"encore une autre phrase"}}); res.StatusCode == http.StatusSeeOther {
		t.Error("the link worked twice")
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action IN ('password_reset_issue', 'password_reset')`); n != 2 {
		t.Errorf("%d audit lines", n)
	}
}

// The account forms create once, whatever the number of posts.
func TestAccountFormsPostedTwiceCreateOnce(t *testing.T) {
	e := newEnv(t, false)
	admin := e.as(t, domain.RoleAdmin, 0)
	form := url.Values{"email": {"double@example.ma"}, "display_name": {"Double"}, "role": {"staff"}, "password": {"une phrase assez longue"},
		"token": {formToken()}}
	first := location(t, e.post(t, admin, "/fr/admin/users/new", form))
	if again := location(t, e.post(t, admin, "/fr/admin/users/new", form)); again != first {
		t.Errorf("second post went to %q", again)
	}
	inv := url.Values{"email": {"invite@example.ma"}, "role": {"staff"}, "days": {"7"}, "token": {formToken()}}
	res := e.post(t, admin, "/fr/admin/users/invite", inv)
	io.Copy(io.Discard, res.Body)
	res = e.post(t, admin, "/fr/admin/users/invite", inv)
	if res.StatusCode != http.StatusSeeOther {
		doc, _ := goquery.NewDocumentFromReader(res.Body)
		t.Errorf("second invitation post: %d %q", res.StatusCode, text(doc.Find(".error-summary")))
	}
	if n := e.count(t, `SELECT (SELECT count(*) FROM users WHERE email = 'double@example.ma') + (SELECT count(*) FROM invitations WHERE email = 'invite@example.ma')`); n != 2 {
		t.Errorf("%d records from two forms posted twice, want 2", n)
	}
}
