package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/server"
	"tachawor/locales"
)

// TestEveryRouteForEveryRole walks the router's whole route table (so a
// new route cannot escape it) and asserts what each kind of visitor gets:
// the public is sent to sign in on every workspace route; a regional
// official is refused the staff and admin routes, staff the admin ones;
// whoever may enter never gets a refusal nor a server error.
func TestEveryRouteForEveryRole(t *testing.T) {
	e := newEnv(t, true)
	cookies := map[string]*http.Cookie{
		"public":   nil,
		"regional": e.as(t, domain.RoleRegional, 2),
		"staff":    e.as(t, domain.RoleStaff, 0),
		"admin":    e.as(t, domain.RoleAdmin, 0),
	}
	victim := fmt.Sprint(e.user(t, "victim@example.ma", domain.RoleStaff, 0).ID)
	catalog, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(testConfig(), e.db, catalog, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	params := strings.NewReplacer("{lang:ar|fr}", "fr", "{id}", "1", "{item}", "1", "{file}", "1", "{slug}", "oriental",
		"{token}", "bm90LWEtdG9rZW4", "{to}", "fr", "/*", "/app.css")
	routes := 0
	err = chi.Walk(srv.Router(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes++
		if strings.HasSuffix(route, "/logout") {
			return nil // would end the sessions the walk uses; TestSignInAndOut covers it
		}
		// Disabling account 1 would end a session the walk uses: a
		// throw-away account is the one disabled and enabled.
		path := params.Replace(strings.Replace(route, "/users/{id}/", "/users/"+victim+"/", 1))
		need := "public"
		switch {
		case strings.Contains(route, "/staff/expectations") && !strings.HasSuffix(route, "/decision") && !strings.HasSuffix(route, "/bulk"),
			strings.Contains(route, "/account/"):
			need = "own" // regional officials enter for their own region, or their own account
		case strings.Contains(route, "/admin/audit"):
			need = "audit"
		case strings.Contains(route, "/admin/"):
			need = "admin"
		case strings.Contains(route, "/staff"):
			need = "staff"
		}
		for role, cookie := range cookies {
			var res *http.Response
			if method == http.MethodPost {
				res = e.post(t, cookie, path, url.Values{})
			} else {
				res = e.getAs(t, cookie, path)
			}
			allowed := need == "public" || role == "admin" || (need == "staff" && role == "staff") || (need == "own" && role != "public")
			switch {
			case role == "public" && !allowed:
				if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/fr/login") {
					t.Errorf("%s %s as %s: %d %q, want a redirect to sign in", method, route, role, res.StatusCode, res.Header.Get("Location"))
				}
			case !allowed:
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s as %s: %d, want 403", method, route, role, res.StatusCode)
				}
			default:
				if res.StatusCode == http.StatusForbidden || res.StatusCode >= 500 ||
					(cookie != nil && strings.Contains(res.Header.Get("Location"), "/login")) {
					t.Errorf("%s %s as %s: %d %q", method, route, role, res.StatusCode, res.Header.Get("Location"))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if routes < 50 {
		t.Errorf("walked only %d routes", routes)
	}
}
