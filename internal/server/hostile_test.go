package server_test

import (
	"io"
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

// hostile are the inputs every form field and query parameter is tried with.
var hostile = map[string]string{
	"empty":         "",
	"whitespace":    " \t\n ",
	"large text":    strings.Repeat("نص طويل ", 60_000), // ~1 MB once encoded
	"invalid UTF-8": "\xff\xfe\xfd",
	"NUL byte":      "a\x00b",
	"RLO":           "\u202Egnp.exe",
	"bidi controls": "\u2066\u2067\u2068\u2069\u200e\u200f",
	"HTML":          `<script>alert(1)</script><img src=x onerror=alert(1)>`,
	"SQL":           `'; DROP TABLE meetings; --`,
	"huge number":   "99999999999999999999999",
	"negative":      "-42",
	"bad date":      "2026-02-30",
	"format string": "%s%n%x{{.}}",
}

// formFields are the names the portal's forms use, each posted with every
// hostile value.
var formFields = []string{"email", "password", "display_name", "role", "region", "series", "title_ar", "title_fr", "venue_ar",
	"date", "time", "end_time", "format", "chair", "attendee-0-official", "agenda-0-title_ar", "agenda-0-id", "grant-0-amount",
	"grant-0-beneficiaries", "axes", "fields", "provinces", "priority", "meeting", "status", "answer_ar", "institution",
	"ids", "version", "to", "progress", "expectations", "due", "milestone-0-percent", "subject_ar", "signed_on", "name", "body",
	"website", "reason", "short_name", "slug", "days", "add_row", "next", "q", "page", "year", "party", "axis", "age", "state"}

// TestHostileInputNeverBreaksAnything walks every route, as an
// administrator (who reaches every handler), and sends each hostile value
// in every form field and query parameter: the answer is a page in the
// reader's language, never a server error.
func TestHostileInputNeverBreaksAnything(t *testing.T) {
	e := newEnv(t, true)
	admin := e.as(t, domain.RoleAdmin, 0)
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
	tried := map[string]int{}
	err = chi.Walk(srv.Router(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if strings.HasSuffix(route, "/logout") || strings.Contains(route, "/disable") {
			return nil // would end the session the walk uses
		}
		path := params.Replace(route)
		for name, value := range hostile {
			var res *http.Response
			if method == http.MethodPost {
				form := url.Values{}
				for _, f := range formFields {
					form.Set(f, value)
				}
				form.Add("title_fr", value) // a duplicated field too
				res = e.post(t, admin, path, form)
			} else {
				q := url.Values{}
				for _, f := range []string{"page", "region", "axis", "status", "year", "format", "party", "q", "age", "state", "next", "expectation", "text", "entity", "action", "from", "to"} {
					q.Set(f, value)
				}
				res = e.getAs(t, admin, path+"?"+q.Encode())
			}
			tried[route]++
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode >= 500 {
				t.Errorf("%s %s with %s: %d", method, route, name, res.StatusCode)
			}
			if strings.Contains(string(body), "<script>alert(1)</script>") {
				t.Errorf("%s %s with %s: HTML rendered unescaped", method, route, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, c := range tried {
		n += c
	}
	t.Logf("%d requests over %d routes, %d hostile values each", n, len(tried), len(hostile))
	// Nothing half-written: every record the walk created was written with
	// its audit line, in the same transaction (the database's own checks
	// already refuse a record missing its required columns).
	var unaudited int
	err = e.db.Pool().QueryRow(t.Context(), `
		SELECT (SELECT count(*) FROM meetings m WHERE m.ref IS NULL AND NOT EXISTS (
		          SELECT 1 FROM audit_log a WHERE a.entity = 'meeting' AND a.entity_id = m.id AND a.action = 'create'))
		     + (SELECT count(*) FROM agreements g WHERE g.ref IS NULL AND NOT EXISTS (
		          SELECT 1 FROM audit_log a WHERE a.entity = 'agreement' AND a.entity_id = g.id AND a.action = 'create'))
		     + (SELECT count(*) FROM expectations x WHERE x.ref IS NULL AND NOT EXISTS (
		          SELECT 1 FROM audit_log a WHERE a.entity = 'expectation' AND a.entity_id = x.id AND a.action = 'create'))`).Scan(&unaudited)
	if err != nil || unaudited != 0 {
		t.Errorf("%d records written without their audit line (%v)", unaudited, err)
	}
}
