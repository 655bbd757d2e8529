package server_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tachawor/internal/server"
	"tachawor/internal/testdb"
)

func TestPublicPagesAnswerConditionalRequests(t *testing.T) {
	e := newEnv(t, true)
	for _, p := range []string{"/ar/", "/fr/meetings", "/ar/meetings/1", "/fr/agreements/1", "/sitemap.xml", "/fr/meetings.ics", "/data/meetings.csv"} {
		res := e.get(t, p)
		etag := res.Header.Get("ETag")
		if res.StatusCode != http.StatusOK || etag == "" {
			t.Fatalf("%s: %d, ETag %q", p, res.StatusCode, etag)
		}
		again := e.do(t, http.MethodGet, p, map[string]string{"If-None-Match": etag}, nil)
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: %d", p, again.StatusCode)
		}
		if b, _ := io.ReadAll(again.Body); len(b) != 0 {
			t.Errorf("%s: 304 with a body", p)
		}
		stale := e.do(t, http.MethodGet, p, map[string]string{"If-None-Match": `W/"stale"`}, nil)
		if stale.StatusCode != http.StatusOK {
			t.Errorf("%s with a stale ETag: %d", p, stale.StatusCode)
		}
	}
	// A published change gives a new ETag.
	before := e.get(t, "/fr/meetings").Header.Get("ETag")
	if _, err := e.db.Pool().Exec(context.Background(), `UPDATE meetings SET title_fr = 'Rencontre modifiée' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if after := e.get(t, "/fr/meetings").Header.Get("ETag"); after == before {
		t.Error("ETag unchanged after an edit")
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, false)
	for _, p := range []string{"/ar/", "/fr/nope", "/healthz"} {
		h := e.get(t, p).Header
		csp := h.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	e := newEnv(t, false)
	res := e.do(t, http.MethodPost, "/ar/search", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, strings.NewReader("q=x"))
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", res.StatusCode)
	}
	res = e.do(t, http.MethodPost, "/ar/search", map[string]string{"Sec-Fetch-Site": "same-origin"}, strings.NewReader("q=x"))
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("same-origin POST to a GET route: %d", res.StatusCode)
	}
}

func TestCompression(t *testing.T) {
	e := newEnv(t, true)
	res := e.do(t, http.MethodGet, "/ar/meetings/1", map[string]string{"Accept-Encoding": "gzip"}, nil)
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(zr)
	if !strings.Contains(string(b), `<html lang="ar" dir="rtl">`) {
		t.Errorf("decompressed body: %.200s", b)
	}
}

func TestStaticAssetsAreHashedAndImmutable(t *testing.T) {
	e := newEnv(t, false)
	doc := e.page(t, "/ar/", http.StatusOK)
	css, _ := doc.Find(`link[rel=stylesheet]`).Attr("href")
	if !strings.HasPrefix(css, "/static/app.") || !strings.HasSuffix(css, ".css") {
		t.Fatalf("stylesheet %q", css)
	}
	res := e.get(t, css)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("%s: %d %v", css, res.StatusCode, res.Header)
	}
	b, _ := io.ReadAll(res.Body)
	body := string(b)
	// One stylesheet for both directions: logical properties only.
	for _, physical := range []string{"margin-left", "margin-right", "padding-left", "padding-right", "text-align: left", "text-align: right", "float: left", "float: right", "border-left", "border-right"} {
		if strings.Contains(body, physical) {
			t.Errorf("stylesheet uses %q", physical)
		}
	}
	// The fonts it refers to are served under their hashed names.
	i := strings.Index(body, "/static/fonts/")
	if i < 0 {
		t.Fatal("no font reference")
	}
	font := body[i : i+strings.Index(body[i:], `"`)]
	if res := e.get(t, font); res.StatusCode != 200 || res.Header.Get("Content-Type") != "font/woff2" {
		t.Errorf("%s: %d %q", font, res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestSitemapListsEveryPublicPageInBothLanguages(t *testing.T) {
	e := newEnv(t, true)
	if _, err := e.db.Pool().Exec(context.Background(), `INSERT INTO meetings (region_id, title_ar, venue_ar, starts_at, format) VALUES (3, 'مسودة', 'فاس', now(), 'remote')`); err != nil {
		t.Fatal(err)
	}
	res := e.get(t, "/sitemap.xml")
	b, _ := io.ReadAll(res.Body)
	body := string(b)
	for _, p := range []string{"/", "/strategy", "/strategy/convergence", "/regions/oriental", "/meetings", "/meetings/1", "/meetings/4", "/agreements/3", "/expectations", "/data", "/privacy", "/contact", "/accessibility"} {
		for _, l := range []string{"ar", "fr"} {
			if !strings.Contains(body, "<loc>http://portal.test/"+l+p+"</loc>") {
				t.Errorf("sitemap lacks /%s%s", l, p)
			}
		}
	}
	if strings.Contains(body, "/meetings/5<") {
		t.Error("sitemap lists a draft")
	}
	if !strings.Contains(body, `hreflang="fr"`) {
		t.Error("no hreflang alternates")
	}

	// Past what one file takes, an index of files listing the same
	// addresses, each once, no file over its share.
	locs := func(body string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`<loc>([^<]*)</loc>`).FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	whole := locs(body)
	defer server.SetSitemapPagesPerFile(10)()
	b, _ = io.ReadAll(e.get(t, "/sitemap.xml").Body)
	if !strings.Contains(string(b), "<sitemapindex") {
		t.Fatalf("no index past 10 pages: %.300s", b)
	}
	files := locs(string(b))
	if want := (len(whole)/2 + 9) / 10; len(files) != want {
		t.Errorf("%d files for %d pages, want %d", len(files), len(whole)/2, want)
	}
	var parts []string
	for i, f := range files {
		if f != fmt.Sprintf("http://portal.test/sitemap-%d.xml", i+1) {
			t.Errorf("file %d is %s", i+1, f)
		}
		res := e.get(t, strings.TrimPrefix(f, "http://portal.test"))
		b, _ := io.ReadAll(res.Body)
		got := locs(string(b))
		if res.StatusCode != http.StatusOK || len(got) == 0 || len(got) > 20 || !strings.Contains(string(b), "<urlset") {
			t.Errorf("%s: %d, %d addresses", f, res.StatusCode, len(got))
		}
		parts = append(parts, got...)
	}
	if !slices.Equal(parts, whole) {
		t.Errorf("the files list %d addresses, the single sitemap %d", len(parts), len(whole))
	}
	for _, p := range []string{fmt.Sprintf("/sitemap-%d.xml", len(files)+1), "/sitemap-0.xml", "/sitemap-01.xml", "/sitemap-x.xml"} {
		if res := e.get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}

func TestSearchPageHighlightsMatches(t *testing.T) {
	e := newEnv(t, true)
	if _, err := e.db.Pool().Exec(context.Background(), `INSERT INTO agreements (region_id, subject_ar, summary_ar, state)
		VALUES (4, 'اتفاقية للتكوين', 'دعم الإستراتيجية الجهوية للتكوين', 'published')`); err != nil {
		t.Fatal(err)
	}
	doc := e.page(t, "/ar/search?q=%D8%A7%D8%B3%D8%AA%D8%B1%D8%A7%D8%AA%D9%8A%D8%AC%D9%8A%D8%A9", http.StatusOK) // استراتيجية
	if doc.Find("ol.item-list > li").Length() < 2 {
		t.Fatalf("results: %s", text(doc.Find("main")))
	}
	marks := doc.Find("mark")
	found := false
	marks.Each(func(_ int, s *goquery.Selection) { found = found || s.Text() == "الإستراتيجية" })
	if !found {
		t.Errorf("the differently spelt word is not highlighted as written; marks: %v", marks.Map(func(_ int, s *goquery.Selection) string { return s.Text() }))
	}
	if v, _ := doc.Find("#q").Attr("value"); v != "استراتيجية" || doc.Find(`input[type="search"]`).Length() != 1 {
		t.Errorf("search box keeps %q; %d search boxes", v, doc.Find(`input[type="search"]`).Length())
	}
	// Past the last page of results, near it or far (past the ranked
	// pages): where they end, with the same count as the first page.
	first := text(e.page(t, "/fr/search?q=Hayar", http.StatusOK).Find(`main p[role="status"]`))
	for _, pg := range []string{"2", "9", "99"} {
		doc = e.page(t, "/fr/search?q=Hayar&page="+pg, http.StatusOK)
		last, _ := doc.Find("main .empty a").Attr("href")
		empty := text(doc.Find("main .empty"))
		if !strings.Contains(empty, "la liste s’arrête à la page") || !strings.Contains(last, "q=Hayar") || strings.Contains(last, "page=") {
			t.Errorf("page %s past the last of the results: %q, links to %q", pg, empty, last)
		}
		if got := text(doc.Find(`main p[role="status"]`)); got != first || first == "" {
			t.Errorf("page %s says %q, the first page %q", pg, got, first)
		}
	}
	// What the reader typed comes back escaped.
	doc = e.page(t, "/fr/search?q=%3Cscript%3Ealert(1)%3C/script%3E", http.StatusOK)
	if doc.Find("main script").Length() != 0 {
		t.Error("script tag from the query rendered")
	}
	if !strings.Contains(text(doc.Find("main")), "Aucun résultat") {
		t.Error("no empty state for a search without results")
	}
}

func TestHealthAndReadiness(t *testing.T) {
	e := newEnv(t, false)
	if res := e.get(t, "/healthz"); res.StatusCode != 200 {
		t.Errorf("healthz %d", res.StatusCode)
	}
	if res := e.get(t, "/readyz"); res.StatusCode != 200 {
		t.Errorf("readyz %d", res.StatusCode)
	}
	// A database that cannot be reached: readyz says so and pages answer 503 in the reader's language.
	cfg, err := pgxpool.ParseConfig("postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	down := newEnvWithPool(t, pool, false)
	if res := down.get(t, "/readyz"); res.StatusCode != 503 {
		t.Errorf("readyz without a database: %d", res.StatusCode)
	}
	if res := down.get(t, "/healthz"); res.StatusCode != 200 {
		t.Errorf("healthz without a database: %d", res.StatusCode)
	}
	doc := down.page(t, "/fr/meetings", http.StatusServiceUnavailable)
	if text(doc.Find("h1")) != "Service momentanément indisponible" {
		t.Errorf("503 page: %q", text(doc.Find("h1")))
	}
}

// queryCounter counts the statements a pool sends.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *queryCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}
func (c *queryCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	c.n.Add(1)
}
func (c *queryCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// List pages run a fixed number of queries whatever their length: the same
// at 10 rows as at 100.
func TestListPagesRunABoundedNumberOfQueries(t *testing.T) {
	ctx := context.Background()
	counts := map[int]map[string]int64{}
	for _, rows := range []int{10, 100} {
		cfg, err := pgxpool.ParseConfig(testdb.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		counter := &queryCounter{}
		cfg.ConnConfig.Tracer = counter
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		e := newEnvWithPool(t, pool, false)
		_, err = pool.Exec(ctx, `
			WITH m AS (
				INSERT INTO meetings (region_id, title_ar, title_fr, venue_ar, starts_at, format, state)
				SELECT 1 + g % 12, 'لقاء ' || g, 'Rencontre ' || g, 'مكان', '2022-01-01'::timestamptz + g * interval '1 day', 'hybrid', 'published'
				FROM generate_series(1, $1) g RETURNING id, region_id)
			, a AS (
				INSERT INTO agreements (meeting_id, region_id, subject_ar, signed_on, state)
				SELECT id, region_id, 'اتفاقية ' || id, '2022-03-01', 'published' FROM m RETURNING id)
			INSERT INTO agreement_parties (agreement_id, institution_id, position)
			SELECT a.id, i.id, i.id FROM a, institutions i WHERE i.social_pole`, rows)
		if err != nil {
			t.Fatal(err)
		}
		counts[rows] = map[string]int64{}
		for _, p := range []string{"/ar/meetings", "/ar/meetings?page=2&per=50", "/fr/agreements", "/fr/agreements?status=signed&year=2022",
			"/ar/", "/fr/regions", "/fr/regions/tanger-tetouan-al-hoceima", "/ar/strategy/convergence", "/fr/search?q=Rencontre", "/sitemap.xml"} {
			counter.n.Store(0)
			if res := e.get(t, p); res.StatusCode != 200 {
				t.Fatalf("%s: %d", p, res.StatusCode)
			}
			counts[rows][p] = counter.n.Load()
		}
	}
	for p, n10 := range counts[10] {
		if n100 := counts[100][p]; n100 != n10 {
			t.Errorf("%s: %d queries at 10 rows, %d at 100", p, n10, n100)
		}
		if n10 > 12 {
			t.Errorf("%s: %d queries", p, n10)
		}
	}
	t.Logf("queries per page: %v", counts[100])
}
