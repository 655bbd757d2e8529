package server_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
)

// testPassword is the password of the accounts tests create.
const testPassword = "une phrase de passe assez longue"

// user creates an account with role (and region for a regional official)
// and returns it.
func (e *env) user(t *testing.T, email string, role domain.Role, region int16) domain.User {
	t.Helper()
	u, err := auth.NewAccounts(e.db).CreateUser(context.Background(), "",
		domain.NewUser{Email: email, DisplayName: "Test " + string(role), Role: role, RegionID: region}, testPassword, 0)
	if err != nil {
		t.Fatalf("creating %s: %v", email, err)
	}
	return u
}

// signIn signs email in through the real form and returns the session cookie.
func (e *env) signIn(t *testing.T, email string) *http.Cookie {
	t.Helper()
	res := e.post(t, nil, "/fr/login", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in %s: %d", email, res.StatusCode)
	}
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName {
			return c
		}
	}
	t.Fatalf("signing in %s: no session cookie", email)
	return nil
}

// as signs in a new account of role (region for regional) and returns its cookie.
func (e *env) as(t *testing.T, role domain.Role, region int16) *http.Cookie {
	t.Helper()
	email := string(role) + "@example.ma"
	if region != 0 {
		email = string(role) + string(rune('a'+region)) + "@example.ma"
	}
	e.user(t, email, role, region)
	return e.signIn(t, email)
}

// post sends a form as the holder of cookie (nil: the public). A form
// creating a record (its path ends in /new or /invite) is given the one-time token its
// page would carry, unless it names one ("token" set, even empty).
func (e *env) post(t *testing.T, cookie *http.Cookie, path string, form url.Values) *http.Response {
	t.Helper()
	if _, ok := form["token"]; !ok && (strings.HasSuffix(path, "/new") || strings.HasSuffix(path, "/invite")) {
		form = cloneValues(form)
		form.Set("token", formToken())
	}
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	if cookie != nil {
		h["Cookie"] = cookie.Name + "=" + cookie.Value
	}
	return e.do(t, http.MethodPost, path, h, strings.NewReader(form.Encode()))
}

// getAs sends a GET as the holder of cookie.
func (e *env) getAs(t *testing.T, cookie *http.Cookie, path string) *http.Response {
	t.Helper()
	h := map[string]string{}
	if cookie != nil {
		h["Cookie"] = cookie.Name + "=" + cookie.Value
	}
	return e.do(t, http.MethodGet, path, h, nil)
}

// formToken is a fresh one-time token, as a create form's page carries.
func formToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
