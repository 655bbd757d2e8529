package server_test

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"tachawor/internal/browsertest"
)

// browser is one headless Chromium for the package's page tests.
var browser browsertest.Shared

// TestPagesInABrowser opens every public page, in Arabic and in French, at
// a phone's width and a desk's, and checks what only a browser shows: the
// direction the page is laid out in, that nothing overflows sideways, and
// that axe-core finds no serious or critical accessibility violation. It
// leaves a screenshot of each under .cache/screenshots.
func TestPagesInABrowser(t *testing.T) {
	e := newEnv(t, true)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	b := browser.Get(t)
	paths := append([]string{"/meetings/999999"}, publicPaths...)
	for _, lang := range []string{"ar", "fr"} {
		dir := map[string]string{"ar": "rtl", "fr": "ltr"}[lang]
		for _, p := range paths {
			for _, width := range []int{375, 1280} {
				name := lang + strings.NewReplacer("/", "_", "?", "_", "=", "-", "&", "_", "%", "").Replace(p)
				if len(name) > 60 {
					name = name[:60]
				}
				r := b.Check(t, srv.URL+"/"+lang+p, width, browsertest.ScreenshotPath(name, width))
				where := lang + p + " @" + strconv.Itoa(width)
				if r.Lang != lang || r.Dir != dir || r.BodyDirection != dir {
					t.Errorf("%s: lang %q dir %q body direction %q", where, r.Lang, r.Dir, r.BodyDirection)
				}
				if r.Overflows() {
					t.Errorf("%s: overflows sideways: scrollWidth %d > clientWidth %d", where, r.ScrollWidth, r.ClientWidth)
				}
				for _, v := range r.Violations {
					t.Errorf("%s: %s", where, v)
				}
			}
		}
	}
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
