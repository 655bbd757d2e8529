package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
)

func TestSignInAndOut(t *testing.T) {
	e := newEnv(t, false)
	e.user(t, "staff@example.ma", domain.RoleStaff, 0)
	// Unknown account and wrong password get the same answer, the form kept (never the password).
	var bodies []string
	for _, f := range []url.Values{
		{"email": {"nobody@example.ma"}, "password": {testPassword}},
		{"email": {"staff@example.ma"}, "password": {"wrong password here"}},
	} {
		res := e.post(t, nil, "/ar/login", f)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("failed sign-in: %d", res.StatusCode)
		}
		doc, _ := goquery.NewDocumentFromReader(res.Body)
		if v, _ := doc.Find("#f-email").Attr("value"); v != f.Get("email") {
			t.Errorf("email not kept: %q", v)
		}
		if v, _ := doc.Find("#f-password").Attr("value"); v != "" {
			t.Errorf("password echoed back")
		}
		bodies = append(bodies, text(doc.Find(".error-summary")))
	}
	if bodies[0] != bodies[1] || !strings.Contains(bodies[0], "البريد الإلكتروني أو كلمة المرور غير صحيحين") {
		t.Errorf("answers differ or are wrong: %q / %q", bodies[0], bodies[1])
	}
	// Empty fields: each error beside its field and in the summary.
	res := e.post(t, nil, "/fr/login", url.Values{})
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	if res.StatusCode != 422 || doc.Find(".error-summary li").Length() != 2 || doc.Find("#f-email-error").Length() != 1 {
		t.Errorf("empty form: %d, %s", res.StatusCode, text(doc.Find(".error-summary")))
	}

	// Before signing in, the workspace sends to the sign-in page.
	res = e.get(t, "/fr/staff/")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/fr/login?next=") {
		t.Fatalf("workspace without session: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// A session cookie set before sign-in is not kept (fixation).
	planted := &http.Cookie{Name: "tachawor_session", Value: "planted-session-id"}
	login := e.do(t, http.MethodPost, "/fr/login", map[string]string{"Content-Type": "application/x-www-form-urlencoded",
		"Cookie": planted.Name + "=" + planted.Value}, strings.NewReader(url.Values{"email": {"staff@example.ma"}, "password": {testPassword}, "next": {"/fr/staff/meetings"}}.Encode()))
	if login.StatusCode != http.StatusSeeOther || login.Header.Get("Location") != "/fr/staff/meetings" {
		t.Fatalf("sign-in: %d %q", login.StatusCode, login.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range login.Cookies() {
		if c.Name == "tachawor_session" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value == planted.Value || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie: %+v", cookie)
	}
	home := e.getAs(t, cookie, "/fr/staff/")
	if home.StatusCode != 200 || home.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("workspace: %d %q", home.StatusCode, home.Header.Get("Cache-Control"))
	}
	doc, _ = goquery.NewDocumentFromReader(home.Body)
	if !strings.Contains(text(doc.Find(".flash")), "Vous êtes connecté") || !strings.Contains(text(doc.Find(".site-header")), "Test staff") {
		t.Errorf("signed-in header or flash missing: %q / %q", text(doc.Find(".flash")), text(doc.Find(".site-header")))
	}
	// Sign-out ends the session on the server: the old cookie no longer works.
	if res := e.post(t, cookie, "/fr/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}
	if res := e.getAs(t, cookie, "/fr/staff/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("old session still works after sign-out: %d", res.StatusCode)
	}
	// Never sent off the site after signing in.
	for _, next := range []string{"https://evil.example/", "//evil.example", "/ar/staff", "/\\evil.example"} {
		res := e.post(t, nil, "/fr/login", url.Values{"email": {"staff@example.ma"}, "password": {testPassword}, "next": {next}})
		if loc := res.Header.Get("Location"); loc != "/fr/staff" {
			t.Errorf("next=%q went to %q", next, loc)
		}
	}
}

func TestDisabledAccountIsRefusedAtItsNextRequest(t *testing.T) {
	e := newEnv(t, false)
	cookie := e.as(t, domain.RoleStaff, 0)
	if res := e.getAs(t, cookie, "/ar/staff/"); res.StatusCode != 200 {
		t.Fatalf("before: %d", res.StatusCode)
	}
	if _, err := e.db.Pool().Exec(t.Context(), `UPDATE users SET disabled_at = now() WHERE email = 'staff@example.ma'`); err != nil {
		t.Fatal(err)
	}
	if res := e.getAs(t, cookie, "/ar/staff/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled account's session: %d", res.StatusCode)
	}
}

// Logs never hold a password, a session ID or an email address, whatever
// the requests carried.
func TestLogsHoldNoSecrets(t *testing.T) {
	e := newEnv(t, true)
	e.user(t, "secret.person@example.ma", domain.RoleAdmin, 0)
	cookie := e.signIn(t, "secret.person@example.ma")
	e.post(t, nil, "/fr/login", url.Values{"email": {"secret.person@example.ma"}, "password": {"a wrong password 123"}})
	e.post(t, nil, "/fr/login", url.Values{"email": {"unknown.person@example.ma"}, "password": {testPassword}})
	e.getAs(t, cookie, "/fr/staff/")
	e.getAs(t, cookie, "/fr/search?q=secret.person@example.ma")
	e.post(t, cookie, "/fr/admin/users/new", url.Values{"email": {"new.person@example.ma"}, "display_name": {"Nouvelle"}, "role": {"staff"}, "password": {testPassword}})
	e.post(t, cookie, "/fr/logout", nil)
	logs := e.logs.String()
	if !strings.Contains(logs, "/fr/staff/") {
		t.Fatalf("no request logged: %q", logs)
	}
	for _, secret := range []string{testPassword, "a wrong password 123", cookie.Value, "secret.person@example.ma", "unknown.person@example.ma", "new.person@example.ma", "secret.person"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}
