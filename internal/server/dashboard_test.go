package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/browsertest"
)

// dashboardFixture is seven published expectations in two regions and
// three axes, with four statuses, two drafts that count nowhere, and three
// published commitments beside a draft one:
//
//	ref  region       status        axes
//	t1   oriental     received      convergence
//	t2   oriental     received      convergence, digitalisation
//	t3   oriental     retained      digitalisation
//	t4   oriental     not_retained  territorial-equity
//	t5   souss-massa  under_study   convergence
//	t6   souss-massa  retained      territorial-equity, digitalisation
//	t7   souss-massa  retained      convergence
//	d1   oriental     draft         convergence
//	d2   souss-massa  draft         digitalisation
//
//	ref  region       axis            progress  state      answers
//	c1   oriental     convergence       0       published  t1, d1
//	c2   oriental     digitalisation   40       published  t3
//	c3   souss-massa  convergence     100       published  t5, t7
//	cd   souss-massa  territorial-eq.  80       draft      t6
const dashboardFixture = `
INSERT INTO expectations (ref, region_id, title_ar, title_fr, description_ar, status, field_id, institution_id,
    answer_ar, answer_fr, submitted_at, decided_at)
SELECT v.ref, r.id, 'انتظار ' || v.ref, 'Attente ' || v.ref, 'وصف ' || v.ref, v.status,
       (SELECT id FROM fields ORDER BY position LIMIT 1),
       CASE WHEN v.status IN ('retained', 'not_retained') THEN (SELECT id FROM institutions WHERE slug = 'ads') END,
       CASE WHEN v.status IN ('retained', 'not_retained') THEN 'جواب ' || v.ref ELSE '' END,
       CASE WHEN v.status IN ('retained', 'not_retained') THEN 'Réponse ' || v.ref ELSE '' END,
       CASE WHEN v.status <> 'draft' THEN timestamptz '2024-03-01 10:00:00+00' END,
       CASE WHEN v.status IN ('retained', 'not_retained') THEN timestamptz '2024-05-01 10:00:00+00' END
FROM (VALUES ('t1', 'oriental', 'received'), ('t2', 'oriental', 'received'), ('t3', 'oriental', 'retained'),
             ('t4', 'oriental', 'not_retained'), ('t5', 'souss-massa', 'under_study'), ('t6', 'souss-massa', 'retained'),
             ('t7', 'souss-massa', 'retained'), ('d1', 'oriental', 'draft'), ('d2', 'souss-massa', 'draft'))
     AS v(ref, region, status)
JOIN regions r ON r.slug = v.region ORDER BY v.ref;

INSERT INTO expectation_axes (expectation_id, axis_id)
SELECT e.id, a.id
FROM (VALUES ('t1', 'convergence'), ('t2', 'convergence'), ('t2', 'digitalisation'), ('t3', 'digitalisation'),
             ('t4', 'territorial-equity'), ('t5', 'convergence'), ('t6', 'territorial-equity'), ('t6', 'digitalisation'),
             ('t7', 'convergence'), ('d1', 'convergence'), ('d2', 'digitalisation')) AS v(ref, axis)
JOIN expectations e ON e.ref = v.ref JOIN axes a ON a.slug = v.axis;

INSERT INTO commitments (ref, region_id, axis_id, title_ar, title_fr, institution_id, due_on, progress, state)
SELECT v.ref, r.id, a.id, 'التزام ' || v.ref, 'Engagement ' || v.ref, (SELECT id FROM institutions WHERE slug = 'ads'),
       date '2026-12-31', v.progress, v.state
FROM (VALUES ('c1', 'oriental', 'convergence', 0, 'published'), ('c2', 'oriental', 'digitalisation', 40, 'published'),
             ('c3', 'souss-massa', 'convergence', 100, 'published'), ('cd', 'souss-massa', 'territorial-equity', 80, 'draft'))
     AS v(ref, region, axis, progress, state)
JOIN regions r ON r.slug = v.region JOIN axes a ON a.slug = v.axis ORDER BY v.ref;

INSERT INTO commitment_expectations (commitment_id, expectation_id)
SELECT c.id, e.id
FROM (VALUES ('c1', 't1'), ('c1', 'd1'), ('c2', 't3'), ('c3', 't5'), ('c3', 't7'), ('cd', 't6')) AS v(c, e)
JOIN commitments c ON c.ref = v.c JOIN expectations e ON e.ref = v.e;
`

func newDashboardEnv(t *testing.T, demo bool) *env {
	t.Helper()
	e := newEnv(t, demo)
	if _, err := e.db.Pool().Exec(context.Background(), dashboardFixture); err != nil {
		t.Fatal(err)
	}
	return e
}

// dashRows reads a dashboard table: each body row's key and cells.
func dashRows(t *testing.T, doc *goquery.Document, id string) map[string][]string {
	t.Helper()
	table := doc.Find("#" + id + "-table")
	if table.Length() != 1 {
		t.Fatalf("no table %s", id)
	}
	if text(table.Find("caption")) == "" || table.Find(`thead th[scope=col]`).Length() < 2 {
		t.Errorf("%s: no caption or column headers", id)
	}
	out := map[string][]string{}
	table.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		key, _ := tr.Attr("data-key")
		if tr.Find(`th[scope=row]`).Length() != 1 {
			t.Errorf("%s %s: no row header", id, key)
		}
		out[key] = tr.Find("td").Map(func(_ int, td *goquery.Selection) string { return text(td) })
	})
	return out
}

// dashBars reads a dashboard chart: each bar's key and value, in order.
func dashBars(t *testing.T, doc *goquery.Document, id string) ([]string, map[string]string) {
	t.Helper()
	svg := doc.Find(`section[aria-labelledby="` + id + `-h"] svg`)
	if svg.Length() != 1 {
		t.Fatalf("%s: %d charts", id, svg.Length())
	}
	if r, _ := svg.Attr("role"); r != "img" || text(svg.Find("title")) == "" || text(svg.Find("desc")) == "" {
		t.Errorf("%s: chart without role, title or description", id)
	}
	if l, _ := svg.Attr("aria-labelledby"); l != id+"-t "+id+"-d" {
		t.Errorf("%s: aria-labelledby %q", id, l)
	}
	if d, _ := svg.Attr("dir"); d != "ltr" {
		t.Errorf("%s: chart dir %q", id, d)
	}
	var keys []string
	vals := map[string]string{}
	svg.Find("g.bar").Each(func(_ int, g *goquery.Selection) {
		k, _ := g.Attr("data-key")
		v, _ := g.Attr("data-value")
		keys = append(keys, k)
		vals[k] = v
		if g.Find("text.value").Length() != 1 || text(g.Find("text.label")) == "" {
			t.Errorf("%s %s: bar without its label and value", id, k)
		}
	})
	return keys, vals
}

// checkTally checks a chart of counts and its table against want (key:
// count, in order), both showing each count.
func checkTally(t *testing.T, doc *goquery.Document, id string, want [][2]string) {
	t.Helper()
	rows := dashRows(t, doc, id)
	keys, vals := dashBars(t, doc, id)
	var wantKeys []string
	for _, w := range want {
		wantKeys = append(wantKeys, w[0])
		if got := rows[w[0]]; len(got) != 1 || got[0] != w[1] {
			t.Errorf("%s table, %s: %v, want %s", id, w[0], got, w[1])
		}
		if vals[w[0]] != w[1] {
			t.Errorf("%s chart, %s: %q, want %s", id, w[0], vals[w[0]], w[1])
		}
	}
	if !slices.Equal(keys, wantKeys) || len(rows) != len(want) {
		t.Errorf("%s: bars %v, %d table rows; want %v", id, keys, len(rows), wantKeys)
	}
}

func zeroRegions(t *testing.T, e *env, except map[string]string) [][2]string {
	t.Helper()
	rows, err := e.db.Pool().Query(context.Background(), `SELECT slug FROM regions ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for rows.Next() {
		var slug string
		rows.Scan(&slug)
		n := "0"
		if v, ok := except[slug]; ok {
			n = v
		}
		out = append(out, [2]string{slug, n})
	}
	return out
}

func zeroAxes(except map[string]string) [][2]string {
	var out [][2]string
	for _, slug := range []string{"convergence", "digitalisation", "sustainable-development", "partnerships", "innovation",
		"proximity-services", "territorial-equity"} {
		n := "0"
		if v, ok := except[slug]; ok {
			n = v
		}
		out = append(out, [2]string{slug, n})
	}
	return out
}

func TestDashboardCountsAKnownFixture(t *testing.T) {
	e := newDashboardEnv(t, false)
	regions := zeroRegions(t, e, map[string]string{"oriental": "4", "souss-massa": "3"})
	axes := zeroAxes(map[string]string{"convergence": "4", "digitalisation": "3", "territorial-equity": "2"})
	statuses := [][2]string{{"received", "2"}, {"under_study", "1"}, {"retained", "3"}, {"partly_retained", "0"}, {"not_retained", "1"}}
	for _, lang := range []string{"ar", "fr"} {
		t.Run(lang, func(t *testing.T) {
			doc := e.page(t, "/"+lang+"/dashboard", http.StatusOK)
			checkTally(t, doc, "dashboard_by_region", regions)
			checkTally(t, doc, "dashboard_by_axis", axes)
			checkTally(t, doc, "dashboard_by_status", statuses)
			for _, id := range []string{"dashboard_by_region", "dashboard_by_status"} {
				if got := text(doc.Find("#" + id + "-table tfoot td")); got != "7" {
					t.Errorf("%s total %q, want 7", id, got)
				}
			}
			summary := doc.Find("dl.summary dd").Map(func(_ int, s *goquery.Selection) string { return text(s) })
			// (text folds the no-break space before "%" in French into a space.)
			pct := map[string]string{"ar": "47%", "fr": "47 %"}[lang]
			if len(summary) != 3 || summary[0] != "7" || summary[1] != "3" || !strings.Contains(summary[2], pct) {
				t.Errorf("summary %q", summary)
			}

			// Commitments: 0, 40 and 100 % published; the draft at 80 % counts
			// nowhere. The stage chart draws shares, its table counts and shares.
			share := map[string]string{"ar": "33%", "fr": "33 %"}[lang]
			rows := dashRows(t, doc, "dashboard_stages")
			keys, vals := dashBars(t, doc, "dashboard_stages")
			if !slices.Equal(keys, []string{"not_started", "in_progress", "completed"}) {
				t.Errorf("stage bars %v", keys)
			}
			for _, k := range keys {
				if got := rows[k]; len(got) != 2 || got[0] != "1" || got[1] != share || vals[k] != "33" {
					t.Errorf("stage %s: table %q, bar %q", k, got, vals[k])
				}
			}
			rows = dashRows(t, doc, "dashboard_progress")
			keys, vals = dashBars(t, doc, "dashboard_progress")
			p := func(n string) string { return map[string]string{"ar": n + "%", "fr": n + " %"}[lang] }
			want := map[string][]string{"convergence": {"2", p("50")}, "digitalisation": {"1", p("40")}}
			if !slices.Equal(keys, []string{"convergence", "digitalisation"}) || len(rows) != 2 {
				t.Errorf("progress bars %v, rows %v", keys, rows)
			}
			for k, w := range want {
				if !slices.Equal(rows[k], w) {
					t.Errorf("progress %s: %q, want %q", k, rows[k], w)
				}
				if vals[k] != strings.TrimSuffix(strings.TrimSuffix(w[1], "%"), " ") {
					t.Errorf("progress bar %s: %q", k, vals[k])
				}
			}
			foot := doc.Find("#dashboard_progress-table tfoot td").Map(func(_ int, s *goquery.Selection) string { return text(s) })
			if !slices.Equal(foot, []string{"3", p("47")}) {
				t.Errorf("progress total %q", foot)
			}
			// The words a reader sees come from the catalogue, in the page's language.
			main := text(doc.Find("main"))
			for _, w := range map[string][]string{"ar": {"جهة الشرق", "الإلتقائية", "قيد الدراسة", "لم تنطلق بعد"},
				"fr": {"L'Oriental", "Convergence", "Non commencés", "Avancement moyen par axe"}}[lang] {
				if !strings.Contains(main, w) && !strings.Contains(text(doc.Find("svg")), w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

func TestDashboardFilters(t *testing.T) {
	e := newDashboardEnv(t, false)
	doc := e.page(t, "/fr/dashboard?region=oriental", http.StatusOK)
	checkTally(t, doc, "dashboard_by_region", [][2]string{{"oriental", "4"}})
	checkTally(t, doc, "dashboard_by_axis", zeroAxes(map[string]string{"convergence": "2", "digitalisation": "2", "territorial-equity": "1"}))
	checkTally(t, doc, "dashboard_by_status", [][2]string{{"received", "2"}, {"under_study", "0"}, {"retained", "1"}, {"partly_retained", "0"}, {"not_retained", "1"}})
	if v, _ := doc.Find(`#f-region option[selected]`).Attr("value"); v != "oriental" {
		t.Errorf("region filter not kept: %q", v)
	}
	if foot := doc.Find("#dashboard_progress-table tfoot td").Map(func(_ int, s *goquery.Selection) string { return text(s) }); len(foot) != 2 || foot[0] != "2" || foot[1] != "20 %" {
		t.Errorf("oriental commitments %q", foot)
	}

	doc = e.page(t, "/ar/dashboard?axis=convergence", http.StatusOK)
	checkTally(t, doc, "dashboard_by_region", zeroRegions(t, e, map[string]string{"oriental": "2", "souss-massa": "2"}))
	checkTally(t, doc, "dashboard_by_axis", [][2]string{{"convergence", "4"}})
	checkTally(t, doc, "dashboard_by_status", [][2]string{{"received", "2"}, {"under_study", "1"}, {"retained", "1"}, {"partly_retained", "0"}, {"not_retained", "0"}})
	if keys, _ := dashBars(t, doc, "dashboard_progress"); !slices.Equal(keys, []string{"convergence"}) {
		t.Errorf("progress bars %v", keys)
	}

	// One expectation, no commitment: the commitments say so in words.
	doc = e.page(t, "/fr/dashboard?region=souss-massa&axis=digitalisation", http.StatusOK)
	checkTally(t, doc, "dashboard_by_status", [][2]string{{"received", "0"}, {"under_study", "0"}, {"retained", "1"}, {"partly_retained", "0"}, {"not_retained", "0"}})
	if got := text(doc.Find(`section[aria-labelledby=dashboard-commitments] p.empty`)); got != "Aucun engagement publié pour la région et l'axe choisis." {
		t.Errorf("commitments empty state %q", got)
	}

	for _, p := range []string{"/fr/dashboard?region=Oriental", "/ar/dashboard?region=atlantis", "/fr/dashboard?axis=nope",
		"/ar/dashboard?region=oriental&region=souss-massa", "/fr/dashboard?axis=%3Cscript%3E", "/ar/dashboard?region=%FF",
		"/fr/dashboard?region=" + strings.Repeat("a", 201)} {
		doc := e.page(t, p, http.StatusBadRequest)
		if text(doc.Find("h1")) == "" {
			t.Errorf("%s: no heading", p)
		}
	}
}

func TestDashboardEmptyStates(t *testing.T) {
	e := newEnv(t, false)
	for lang, want := range map[string][]string{
		"fr": {"Aucune attente n'a encore été publiée. Les attentes apparaissent ici une fois envoyées par les régions.",
			"Aucun engagement du plan d'action n'a encore été publié."},
		"ar": {"لم ينشر أي انتظار بعد. تظهر الانتظارات هنا بعد أن ترسلها الجهات.", "لم ينشر أي التزام من التزامات مخطط العمل بعد."},
	} {
		doc := e.page(t, "/"+lang+"/dashboard", http.StatusOK)
		got := doc.Find("p.empty").Map(func(_ int, s *goquery.Selection) string { return text(s) })
		if !slices.Equal(got, want) {
			t.Errorf("%s: empty states %q", lang, got)
		}
		if n := doc.Find("svg.bars").Length(); n != 0 {
			t.Errorf("%s: %d charts of nothing", lang, n)
		}
	}
	// Drafts alone are nothing yet.
	if _, err := e.db.Pool().Exec(context.Background(), `INSERT INTO expectations (region_id, title_ar) VALUES (2, 'مسودة')`); err != nil {
		t.Fatal(err)
	}
	if doc := e.page(t, "/fr/dashboard", http.StatusOK); doc.Find("p.empty").Length() != 2 {
		t.Error("a draft shows on the dashboard")
	}
	// The navigation leads to the dashboard.
	doc := e.page(t, "/fr/", http.StatusOK)
	if doc.Find(`nav a[href="/fr/dashboard"]`).Length() == 0 {
		t.Error("no navigation link to the dashboard")
	}
}

// TestDashboardInABrowser checks the dashboard with its charts drawn (the
// demo content has no expectations): direction, no sideways overflow at a
// phone's width, no serious accessibility violation, and bars that grow
// from the reading direction's start.
func TestDashboardInABrowser(t *testing.T) {
	e := newDashboardEnv(t, true)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	b := browser.Get(t)
	for _, lang := range []string{"ar", "fr"} {
		dir := map[string]string{"ar": "rtl", "fr": "ltr"}[lang]
		for _, p := range []string{"/dashboard", "/dashboard?region=oriental", "/data"} {
			for _, width := range []int{375, 1280} {
				name := lang + strings.NewReplacer("/", "_", "?", "_", "=", "-").Replace(p) + "-fixture"
				r := b.Check(t, srv.URL+"/"+lang+p, width, browsertest.ScreenshotPath(name, width))
				where := fmt.Sprintf("%s%s @%d", lang, p, width)
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

// The bars grow from the reading direction's start: from the right edge in
// Arabic, from the left one in French.
func TestDashboardBarsGrowFromTheReadingStart(t *testing.T) {
	e := newDashboardEnv(t, false)
	for lang, wantX := range map[string]func(x, w float64) bool{
		"ar": func(x, w float64) bool { return x+w > 99.9 && x+w < 100.1 },
		"fr": func(x, w float64) bool { return x == 0 },
	} {
		doc := e.page(t, "/"+lang+"/dashboard", http.StatusOK)
		n := 0
		doc.Find("svg.bars rect.fill").Each(func(_ int, r *goquery.Selection) {
			xs, _ := r.Attr("x")
			ws, _ := r.Attr("width")
			x, _ := strconv.ParseFloat(strings.TrimSuffix(xs, "%"), 64)
			w, _ := strconv.ParseFloat(strings.TrimSuffix(ws, "%"), 64)
			if !wantX(x, w) || w <= 0 || w > 100 {
				t.Errorf("%s: bar at x=%s width=%s", lang, xs, ws)
			}
			n++
		})
		if n == 0 {
			t.Errorf("%s: no bars", lang)
		}
	}
}
