package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
)

// hostileDestinations are destinations an attacker hands to a redirect to
// send the victim elsewhere; each must end on this site, at the route's
// default.
var hostileDestinations = []string{
	"//evil.example",
	"///evil.example",
	"/\\evil.example",
	"\\\\evil.example",
	"/%5Cevil.example",
	"/%5cevil.example",
	"/fr/../%5Cevil.example",
	"/ar/../%5Cevil.example",
	"https://evil.example/fr/",
	"http:evil.example",
	"https:/\\evil.example",
	"javascript:alert(1)",
	"/\t/evil.example",
	"/\n/evil.example",
	"/fr/\r\nSet-Cookie: x=1",
	"/fr/%0d%0aLocation:%20https://evil.example",
	"/%09/evil.example",
	"%2F%2Fevil.example",
	"/%2F%2Fevil.example",
	"/%252F%252Fevil.example",
	"/%255Cevil.example",
	"/%25255Cevil.example",
	"/fr/..%2F..%2F%2Fevil.example",
	"/ar/%2e%2e/%2e%2e//evil.example",
	"/fr/../../evil.example",
	" //evil.example",
	"//evil.example/fr/",
	"/fr/\x00",
	"/fr/\xff",
	"/en/",
}

// offSite reports whether a browser at http://portal.test/ following
// Location loc could leave the site or land outside /ar/ and /fr/.
func offSite(loc string) bool {
	if loc == "" || strings.ContainsRune(loc, '\\') || strings.ContainsFunc(loc, unicode.IsControl) || strings.HasPrefix(loc, "//") {
		return true
	}
	base, _ := url.Parse("http://portal.test/fr/page")
	u, err := url.Parse(loc)
	if err != nil {
		return true
	}
	to := base.ResolveReference(u)
	return to.Host != "portal.test" || !(strings.HasPrefix(to.Path, "/ar/") || strings.HasPrefix(to.Path, "/fr/") || to.Path == "/ar" || to.Path == "/fr")
}

func TestRedirectsStayOnSite(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	staff := e.user(t, "agent@example.ma", domain.RoleStaff, 0)
	admin := e.user(t, "admin@example.ma", domain.RoleAdmin, 0)
	_ = staff
	signedIn := e.signIn(t, "agent@example.ma")
	accounts := auth.NewAccounts(e.db)
	invited := 0

	routes := []struct {
		name     string
		fallback string
		do       func(next string) *http.Response
	}{
		{"language switch", "/fr/", func(next string) *http.Response {
			return e.get(t, "/lang/fr?next="+url.QueryEscape(next))
		}},
		{"sign-in", "/fr/staff", func(next string) *http.Response {
			return e.post(t, nil, "/fr/login", url.Values{"email": {"agent@example.ma"}, "password": {testPassword}, "next": {next}})
		}},
		{"sign-in page when signed in", "/fr/staff", func(next string) *http.Response {
			return e.getAs(t, signedIn, "/fr/login?next="+url.QueryEscape(next))
		}},
		{"sign-out", "/fr/", func(next string) *http.Response {
			return e.post(t, nil, "/fr/logout", url.Values{"next": {next}})
		}},
		{"invitation", "/fr/staff", func(next string) *http.Response {
			invited++
			token, _, err := accounts.CreateInvitation(ctx, "", admin.ID, fmt.Sprintf("invite%d@example.ma", invited), domain.RoleStaff, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			return e.post(t, nil, "/fr/invitations/"+token, url.Values{"display_name": {"Invité"}, "password": {testPassword}, "next": {next}})
		}},
	}
	for _, rt := range routes {
		t.Run(rt.name, func(t *testing.T) {
			for _, next := range hostileDestinations {
				res := rt.do(next)
				loc := res.Header.Get("Location")
				if res.StatusCode == http.StatusBadRequest && loc == "" && strings.ContainsAny(next, "\x00\xff") {
					continue // a form with NUL or invalid UTF-8 is refused before any redirect
				}
				if res.StatusCode/100 != 3 || loc != rt.fallback || offSite(loc) {
					t.Errorf("next=%q: %d Location %q, want %q", next, res.StatusCode, loc, rt.fallback)
				}
			}
		})
	}

	// Destinations of this site are kept, cleaned and re-encoded.
	for next, want := range map[string]string{
		"/fr/meetings?page=2":         "/fr/meetings?page=2",
		"/fr/regions/../meetings":     "/fr/meetings",
		"/fr/search?q=%D8%AA%D8%B4":   "/fr/search?q=%D8%AA%D8%B4",
		"/fr/search?q=تشاور":          "/fr/search?q=%D8%AA%D8%B4%D8%A7%D9%88%D8%B1",
		"/fr/strategy/digitalisation": "/fr/strategy/digitalisation",
		"/fr":                         "/fr",
	} {
		if loc := e.get(t, "/lang/fr?next="+url.QueryEscape(next)).Header.Get("Location"); loc != want {
			t.Errorf("language switch to %q: Location %q, want %q", next, loc, want)
		}
	}
	// The switch only leads into the language chosen.
	if loc := e.get(t, "/lang/ar?next="+url.QueryEscape("/fr/meetings")).Header.Get("Location"); loc != "/ar/" {
		t.Errorf("switch to Arabic with a French page: %q", loc)
	}
	res := e.post(t, nil, "/fr/login", url.Values{"email": {"agent@example.ma"}, "password": {testPassword}, "next": {"/fr/staff/meetings?q=a%26b"}})
	if loc := res.Header.Get("Location"); loc != "/fr/staff/meetings?q=a%26b" {
		t.Errorf("sign-in to a staff page: %q", loc)
	}
	if loc := e.post(t, nil, "/fr/logout", url.Values{"next": {"/fr/meetings/1"}}).Header.Get("Location"); loc != "/fr/meetings/1" {
		t.Errorf("sign-out back to a public page: %q", loc)
	}
}
