package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"tachawor/internal/browsertest"
	"tachawor/internal/store"
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

// fixtureIDs maps the fixture's refs to their ids.
func fixtureIDs(t *testing.T, e *env) map[string]string {
	t.Helper()
	rows, err := e.db.Pool().Query(context.Background(),
		`SELECT ref, id::text FROM expectations WHERE ref IS NOT NULL UNION ALL SELECT ref, id::text FROM commitments WHERE ref IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for rows.Next() {
		var ref, id string
		if err := rows.Scan(&ref, &id); err != nil {
			t.Fatal(err)
		}
		ids[ref] = id
	}
	return ids
}

func TestExportOfExpectationsAndCommitments(t *testing.T) {
	e := newDashboardEnv(t, false)
	ids := fixtureIDs(t, e)
	want := map[string][]string{
		"expectations": {ids["t1"], ids["t2"], ids["t3"], ids["t4"], ids["t5"], ids["t6"], ids["t7"]},
		"commitments":  {ids["c1"], ids["c2"], ids["c3"]},
	}
	for name, wantIDs := range want {
		cols := store.Datasets[name].Columns
		col := func(c string) int { return slices.Index(cols, c) }

		// CSV: exactly the published rows, streamed (no ETag).
		res := e.get(t, "/data/"+name+".csv")
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			res.Header.Get("Content-Disposition") != `attachment; filename="`+name+`.csv"` {
			t.Fatalf("%s.csv: %d %v", name, res.StatusCode, res.Header)
		}
		if res.Header.Get("ETag") != "" {
			t.Errorf("%s.csv is held back for an ETag", name)
		}
		rows, err := csv.NewReader(res.Body).ReadAll()
		if err != nil || len(rows) == 0 || !slices.Equal(rows[0], cols) {
			t.Fatalf("%s.csv: %v %v", name, err, rows)
		}
		var got []string
		byID := map[string][]string{}
		for _, r := range rows[1:] {
			got = append(got, r[0])
			byID[r[0]] = r
		}
		if !slices.Equal(got, wantIDs) {
			t.Errorf("%s.csv ids %v, want %v", name, got, wantIDs)
		}
		if name == "expectations" {
			t2, t3 := byID[ids["t2"]], byID[ids["t3"]]
			if t2[col("axes")] != "convergence;digitalisation" || t2[col("region")] != "oriental" || t2[col("status")] != "received" ||
				t2[col("title_fr")] != "Attente t2" || t2[col("answer_fr")] != "" || t2[col("decided_at")] != "" {
				t.Errorf("t2: %q", t2)
			}
			if t3[col("institution")] != "ads" || t3[col("answer_ar")] != "جواب t3" || !strings.HasPrefix(t3[col("decided_at")], "2024-05-01T") ||
				t3[col("field")] == "" || t3[col("demo")] != "false" {
				t.Errorf("t3: %q", t3)
			}
		} else {
			c1, c3 := byID[ids["c1"]], byID[ids["c3"]]
			if c1[col("expectation_ids")] != ids["t1"] || c1[col("progress")] != "0" || c1[col("axis")] != "convergence" ||
				c1[col("due_on")] != "2026-12-31" || c1[col("institution")] != "ads" {
				t.Errorf("c1 (its draft expectation must not show): %q", c1)
			}
			if c3[col("expectation_ids")] != ids["t5"]+";"+ids["t7"] || c3[col("progress")] != "100" || c3[col("region")] != "souss-massa" {
				t.Errorf("c3: %q", c3)
			}
		}

		// JSON: the same rows, every column.
		var items []map[string]string
		res = e.get(t, "/data/"+name+".json")
		if err := json.NewDecoder(res.Body).Decode(&items); err != nil || len(items) != len(wantIDs) {
			t.Fatalf("%s.json: %v, %d items", name, err, len(items))
		}
		for i, it := range items {
			if it["id"] != wantIDs[i] || len(it) != len(cols) {
				t.Errorf("%s.json item %d: %v", name, i, it)
			}
		}

		// XLSX: a workbook with a bold header row and the same rows.
		res = e.get(t, "/data/"+name+".xlsx")
		if res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			res.Header.Get("Content-Disposition") != `attachment; filename="`+name+`.xlsx"` {
			t.Errorf("%s.xlsx: %v", name, res.Header)
		}
		body, _ := io.ReadAll(res.Body)
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s.xlsx: %v", name, err)
		}
		sheet := f.GetSheetName(0)
		xrows, err := f.GetRows(sheet)
		if err != nil || len(xrows) != len(wantIDs)+1 || !slices.Equal(xrows[0], cols) {
			t.Fatalf("%s.xlsx rows: %v %v", name, err, xrows)
		}
		for i, r := range xrows[1:] {
			if r[0] != wantIDs[i] {
				t.Errorf("%s.xlsx row %d: %v", name, i, r)
			}
			// Trailing empty cells are left off by GetRows.
			for k := range r {
				if r[k] != rows[i+1][k] {
					t.Errorf("%s.xlsx row %d, %s: %q, CSV %q", name, i, cols[k], r[k], rows[i+1][k])
				}
			}
		}
		style, _ := f.GetCellStyle(sheet, "A1")
		if st, err := f.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s.xlsx: header not bold (%v)", name, err)
		}
		// Ids are numbers (a cell without a type), names are text.
		if typ, _ := f.GetCellType(sheet, "A2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s.xlsx: id cell type %v", name, typ)
		}
		if typ, _ := f.GetCellType(sheet, "B2"); typ != excelize.CellTypeInlineString {
			t.Errorf("%s.xlsx: region cell type %v", name, typ)
		}
		f.Close()
	}
	// No personal data anywhere: no column about an email, in any dataset.
	for name, ds := range store.Datasets {
		for _, c := range ds.Columns {
			if strings.Contains(strings.ToLower(c), "email") || strings.Contains(strings.ToLower(c), "mail") {
				t.Errorf("dataset %s has column %s", name, c)
			}
		}
	}
}

func TestExportsAreStreamedAndSmallOnesKeepTheirETag(t *testing.T) {
	e := newDashboardEnv(t, true)
	for _, c := range []struct {
		path string
		etag bool
	}{{"/data/meetings.xlsx", true}, {"/data/axes.json", true}, {"/data/expectations.xlsx", false}, {"/data/commitments.json", false}} {
		res := e.get(t, c.path)
		if res.StatusCode != 200 || (res.Header.Get("ETag") != "") != c.etag {
			t.Errorf("%s: %d, ETag %q", c.path, res.StatusCode, res.Header.Get("ETag"))
		}
	}
	// An XLSX is the same file from one request to the next: its ETag holds.
	etag := e.get(t, "/data/meetings.xlsx").Header.Get("ETag")
	if res := e.do(t, http.MethodGet, "/data/meetings.xlsx", map[string]string{"If-None-Match": etag}, nil); res.StatusCode != http.StatusNotModified {
		t.Errorf("meetings.xlsx again: %d", res.StatusCode)
	}
	// Empty datasets are a header row alone, in every format.
	if _, err := e.db.Pool().Exec(context.Background(), `UPDATE commitments SET state = 'archived'`); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(e.get(t, "/data/commitments.csv").Body).ReadAll()
	if err != nil || len(rows) != 1 {
		t.Errorf("empty commitments.csv: %v %v", err, rows)
	}
	var items []map[string]string
	if err := json.NewDecoder(e.get(t, "/data/commitments.json").Body).Decode(&items); err != nil || items == nil || len(items) != 0 {
		t.Errorf("empty commitments.json: %v %v", err, items)
	}
	body, _ := io.ReadAll(e.get(t, "/data/commitments.xlsx").Body)
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if xrows, err := f.GetRows(f.GetSheetName(0)); err != nil || len(xrows) != 1 {
		t.Errorf("empty commitments.xlsx: %v %v", err, xrows)
	}
	for _, p := range []string{"/data/expectations.xls", "/data/expectations.XLSX", "/data/users.xlsx"} {
		if res := e.get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
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
