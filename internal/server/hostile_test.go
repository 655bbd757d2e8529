package server_test

import (
	"io"

	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

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

// long is longer than any text field takes (100,000 characters) yet, as one
// field of a form (~475 KB encoded), under the body limit: posted in one
// text field at a time, it reaches the handlers' length checks.
var long = strings.Repeat("نص طويل ", 12_501)

// textFields are the fields long is posted in, one at a time.
var textFields = []string{"title_ar", "title_fr", "venue_ar", "agenda-0-title_ar", "answer_ar", "subject_ar", "name", "body",
	"reason", "short_name", "slug", "display_name", "email", "next", "find", "description_ar", "minutes_fr"}

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
		if method != http.MethodPost {
			return nil
		}
		for _, field := range textFields {
			res := e.post(t, admin, path, url.Values{field: {long}})
			tried[route]++
			io.Copy(io.Discard, res.Body)
			if res.StatusCode >= 500 || res.StatusCode == http.StatusRequestEntityTooLarge {
				t.Errorf("POST %s with a long %s: %d", route, field, res.StatusCode)
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
	t.Logf("%d requests over %d routes, %d hostile values each, and a long text in %d fields of each form", n, len(tried), len(hostile), len(textFields))
	// The long text reached the length checks: the meeting form says so
	// beside the field, as it keeps what was typed.
	res := e.post(t, admin, "/fr/staff/meetings/new", url.Values{"title_fr": {long}})
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#f-title_fr-error")), "trop long") {
		t.Errorf("a long title: %d %q", res.StatusCode, text(doc.Find("#f-title_fr-error")))
	}
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
