package server_test

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-chi/chi/v5"
	"golang.org/x/net/html"

	"tachawor/internal/auth"
	"tachawor/internal/browsertest"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/server"
	"tachawor/locales"
)

// browser is one headless Chromium for the package's page tests.
var browser browsertest.Shared

// roles are who may open pages, least privileged first.
var roles = []string{"public", "regional", "staff", "admin"}

// walkedPage is a page the browser walk opens: its path after the language
// prefix, who opens it and the status it answers with.
type walkedPage struct {
	path, role string
	status     int
}

// walkPages lists every page of the portal: each GET route of the route
// table that answers with HTML, opened by the least privileged role that
// may see it (so that a new route cannot escape the walk), then the error
// pages, the lists' variants and a public page as signed-in staff see it.
func walkPages(t *testing.T, e *env, cookies map[string]*http.Cookie) []walkedPage {
	t.Helper()
	catalog, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(testConfig(), e.db, catalog, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	admin := e.id(t, `SELECT id FROM users WHERE role = 'admin' LIMIT 1`)
	accounts := auth.NewAccounts(e.db)
	invitation, _, err := accounts.CreateInvitation(context.Background(), "", admin, "invitee@example.ma", domain.RoleStaff, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	staff := e.id(t, `SELECT id FROM users WHERE role = 'staff' LIMIT 1`)
	reset, _, err := accounts.CreatePasswordReset(context.Background(), admin, staff, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Routes that serve files, not pages.
	files := []string{"/static/*", "/data/{file}", "/{lang:ar|fr}/meetings/{id}/attachments/{file}", "/{lang:ar|fr}/staff/meetings/{id}/attachments/{file}"}
	params := strings.NewReplacer("{id}", "1", "{item}", "1", "{file}", "1", "{to}", "fr", "/*", "/app.css")
	var out []walkedPage
	err = chi.Walk(srv.Router(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method != http.MethodGet || slices.Contains(files, route) {
			return nil
		}
		path := route
		switch {
		case strings.HasPrefix(route, "/{lang:ar|fr}/strategy/{slug}"):
			path = strings.Replace(path, "{slug}", "convergence", 1)
		case strings.Contains(route, "{slug}"):
			path = strings.Replace(path, "{slug}", "oriental", 1)
		}
		path = params.Replace(path)
		if strings.HasPrefix(route, "/{lang:ar|fr}/reset/") {
			path = strings.Replace(path, "{token}", reset, 1)
		} else {
			path = strings.Replace(path, "{token}", invitation, 1)
		}
		under, localized := strings.CutPrefix(path, "/{lang:ar|fr}")
		if !localized {
			under = path
		}
		var kinds []string
		for _, role := range roles {
			probe := under
			if localized {
				probe = "/fr" + under
			}
			res := e.getAs(t, cookies[role], probe)
			io.Copy(io.Discard, res.Body)
			ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
			kinds = append(kinds, fmt.Sprintf("%s %d %s", role, res.StatusCode, ct))
			if res.StatusCode == http.StatusOK && ct == "text/html" {
				if !localized {
					t.Errorf("GET %s answers a page outside the language prefixes", route)
				}
				out = append(out, walkedPage{path: under, role: role, status: http.StatusOK})
				return nil
			}
			if res.StatusCode == http.StatusOK || res.StatusCode == http.StatusNotModified ||
				res.StatusCode >= 300 && res.StatusCode < 400 && !strings.Contains(res.Header.Get("Location"), "/login") {
				return nil // a file, a feed, a redirect: not a page
			}
		}
		t.Errorf("GET %s: no role opens it as a page: %v", route, kinds)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range publicPaths {
		if !slices.ContainsFunc(out, func(w walkedPage) bool { return w.path == p }) {
			out = append(out, walkedPage{path: p, role: "public", status: http.StatusOK})
		}
	}
	return append(out,
		walkedPage{path: "/meetings?page=999", role: "public", status: http.StatusOK},
		walkedPage{path: "/staff/meetings?page=999", role: "staff", status: http.StatusOK},
		walkedPage{path: "/meetings/999999", role: "public", status: http.StatusNotFound},
		walkedPage{path: "/nowhere", role: "public", status: http.StatusNotFound},
		walkedPage{path: "/staff/meetings", role: "regional", status: http.StatusForbidden},
		walkedPage{path: "/meetings/1", role: "staff", status: http.StatusOK},
	)
}

// frenchPunctuation finds a French high punctuation sign (: ; ! ?) used as
// such (followed by a space or the end of the text) without the no-break
// space French typography puts before it.
var frenchPunctuation = regexp.MustCompile(`(^|[^\x{00a0}\x{202f}])[:;!?](\s|$)`)

// frenchTypography returns the texts of a French page, outside what people
// wrote (isolated, or in another language) and code, that break French
// punctuation rules.
func frenchTypography(doc *goquery.Document) []string {
	var bad []string
	var visit func(*html.Node, bool)
	visit = func(n *html.Node, skip bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "code", "textarea", "bdi", "head":
				skip = true
			}
			for _, a := range n.Attr {
				if a.Key == "dir" && a.Val == "auto" || a.Key == "lang" && a.Val != "fr" {
					skip = true
				}
			}
		}
		if n.Type == html.TextNode && !skip && frenchPunctuation.MatchString(n.Data) {
			bad = append(bad, strings.Join(strings.Fields(n.Data), " "))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, skip)
		}
	}
	for _, n := range doc.Nodes {
		visit(n, false)
	}
	return bad
}

// TestEveryPageInABrowser opens every page of the portal (walkPages), signed
// in as whoever may see it, in Arabic and in French, at a phone's width and
// a desk's, several tabs at once in one browser, and checks what only a
// browser shows: the direction the page is laid out in, that nothing
// overflows sideways, that no word is broken across lines and no text shows
// out of its reading order (browsertest.TextProblems), and that axe-core
// finds no serious or critical violation. French pages keep French
// punctuation. It leaves a screenshot of each under .cache/screenshots.
func TestEveryPageInABrowser(t *testing.T) {
	e := newEnv(t, true)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	cookies := map[string]*http.Cookie{
		"public":   nil,
		"regional": e.as(t, domain.RoleRegional, 2),
		"staff":    e.as(t, domain.RoleStaff, 0),
		"admin":    e.as(t, domain.RoleAdmin, 0),
	}
	walk := walkPages(t, e, cookies)
	b := browser.Get(t)
	sessions := map[string]*browsertest.Session{}
	for _, role := range roles {
		if c := cookies[role]; c != nil {
			sessions[role] = b.Session(t, srv.URL, c)
		} else {
			sessions[role] = b.Session(t, srv.URL)
		}
	}

	type view struct {
		walkedPage
		lang  string
		width int
	}
	var views []view
	for _, p := range walk {
		for _, lang := range []string{"ar", "fr"} {
			if lang == "fr" {
				res := e.getAs(t, cookies[p.role], "/fr"+p.path)
				doc, err := goquery.NewDocumentFromReader(res.Body)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range frenchTypography(doc) {
					t.Errorf("%s (%s): French punctuation without its no-break space: %q", "/fr"+p.path, p.role, s)
				}
			}
			for _, width := range []int{375, 1280} {
				views = append(views, view{p, lang, width})
			}
		}
	}

	start := time.Now()
	type result struct {
		view
		r   browsertest.Report
		err error
	}
	results := make([]result, len(views))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tabs := map[string]*browsertest.Tab{} // one per role: a session's cookies
			defer func() {
				for _, tab := range tabs {
					tab.Close()
				}
			}()
			for i := range jobs {
				v := views[i]
				name := v.role + "-" + v.lang + strings.NewReplacer("/", "_", "?", "_", "=", "-", "&", "_", "%", "").Replace(v.path)
				if len(name) > 70 {
					name = name[:70]
				}
				tab := tabs[v.role]
				if tab == nil {
					var err error
					if tab, err = sessions[v.role].Tab(); err != nil {
						results[i] = result{view: v, err: err}
						continue
					}
					tabs[v.role] = tab
				}
				r, err := tab.Inspect(srv.URL+"/"+v.lang+v.path, v.width, browsertest.ScreenshotPath(name, v.width))
				results[i] = result{v, r, err}
			}
		}()
	}
	for i := range views {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	for _, res := range results {
		where := fmt.Sprintf("%s%s @%d (%s)", "/"+res.lang, res.path, res.width, res.role)
		if res.err != nil {
			t.Errorf("%s: %v", where, res.err)
			continue
		}
		r := res.r
		dir := map[string]string{"ar": "rtl", "fr": "ltr"}[res.lang]
		if r.Status != res.status {
			t.Errorf("%s: status %d, want %d", where, r.Status, res.status)
		}
		if r.Lang != res.lang || r.Dir != dir || r.BodyDirection != dir {
			t.Errorf("%s: lang %q dir %q body direction %q", where, r.Lang, r.Dir, r.BodyDirection)
		}
		if r.Overflows() {
			t.Errorf("%s: overflows sideways: scrollWidth %d > clientWidth %d", where, r.ScrollWidth, r.ClientWidth)
		}
		for _, v := range r.Violations {
			t.Errorf("%s: %s", where, v)
		}
		for _, p := range r.Text.All() {
			t.Errorf("%s: %s", where, p)
		}
	}
	t.Logf("checked %d pages × 2 languages × 2 widths = %d views in %v", len(walk), len(views), time.Since(start).Round(time.Second))
}

// Every interactive element of the main pages is reached with Tab, in
// reading order (skip link, header, navigation, search, content, footer),
// and shows where the focus is.
func TestKeyboardReachesEverythingWithVisibleFocus(t *testing.T) {
	e := newEnv(t, true)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	b := browser.Get(t)
	for _, p := range []string{"/ar/", "/fr/meetings", "/ar/meetings/1", "/fr/agreements", "/ar/regions"} {
		stops := b.TabOrder(t, srv.URL+p, 1280, 200)
		if len(stops) < 10 {
			t.Errorf("%s: only %d focus stops", p, len(stops))
			continue
		}
		if !strings.Contains(stops[0].Desc, "href=#content") {
			t.Errorf("%s: first stop is %s, want the skip link", p, stops[0])
		}
		order := []string{"href=/lang/", "input#site-search", "href=/sitemap.xml"} // header, search box, footer
		last := -1
		for _, want := range order {
			at := -1
			for i, s := range stops {
				if strings.Contains(s.Desc, want) {
					at = i
					break
				}
			}
			if at < 0 || at < last {
				t.Errorf("%s: %q at %d, after %d: %v", p, want, at, last, stops)
			}
			last = at
		}
		for _, s := range stops {
			if !s.Visible {
				t.Errorf("%s: focus not visible on %s", p, s)
			}
		}
	}
}
