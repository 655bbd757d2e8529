package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/browsertest"
	"tachawor/internal/i18n"
)

// accountabilityFixture adds to the dashboard's fixture (and the demo
// content) what the pages of an expectation and a commitment show: t3 was
// raised at the Oujda meeting on behalf of the Wilaya, in two provinces,
// and is demonstration data; t4 was raised at a draft meeting; c2's
// progress went from 40 to 60 to 80 %, it has a milestone done and one
// under way, and two linked agreements, one of them a draft.
const accountabilityFixture = `
INSERT INTO meetings (ref, region_id, title_ar, title_fr, venue_ar, starts_at, format) VALUES ('draft-meeting', 2, 'لقاء مسودة', 'Rencontre brouillon', 'وجدة', now(), 'remote');
INSERT INTO agreements (ref, region_id, subject_ar, subject_fr, state) VALUES ('draft-agreement', 2, 'اتفاقية مسودة', 'Convention brouillon', 'draft');
UPDATE expectations SET meeting_id = (SELECT id FROM meetings WHERE ref = 'oujda-2022'),
       submitted_by_id = (SELECT id FROM institutions WHERE slug = 'wilaya-oriental'),
       population_ar = 'الأطفال', population_fr = 'Les enfants', demo = true
WHERE ref = 't3';
UPDATE expectations SET meeting_id = (SELECT id FROM meetings WHERE ref = 'draft-meeting') WHERE ref = 't4';
INSERT INTO expectation_provinces (expectation_id, province_id)
SELECT e.id, p.id FROM expectations e, provinces p WHERE e.ref = 't3' AND p.slug IN ('berkane', 'oujda-angad');
UPDATE commitments SET progress = 60 WHERE ref = 'c2';
UPDATE commitments SET progress = 80, demo = true, description_fr = 'Numériser le guichet social.' WHERE ref = 'c2';
INSERT INTO commitment_milestones (commitment_id, position, title_ar, title_fr, due_on, percent, done_on)
SELECT c.id, m.position, m.title_ar, m.title_fr, m.due_on::date, m.percent, m.done_on::date FROM commitments c, (VALUES
 (1, 'دراسة', 'Étude', '2025-06-30', 100, '2025-05-15'),
 (2, 'نشر', 'Déploiement', '2026-06-30', 50, NULL)) AS m(position, title_ar, title_fr, due_on, percent, done_on)
WHERE c.ref = 'c2';
INSERT INTO commitment_agreements (commitment_id, agreement_id)
SELECT c.id, a.id FROM commitments c, agreements a WHERE c.ref = 'c2' AND a.ref IN ('oujda-2022-mobile-emergency', 'draft-agreement');
`

func newAccountabilityEnv(t *testing.T) (*env, map[string]int64) {
	t.Helper()
	e := newDashboardEnv(t, true)
	if _, err := e.db.Pool().Exec(context.Background(), withoutDemoAccountability+accountabilityFixture); err != nil {
		t.Fatal(err)
	}
	rows, err := e.db.Pool().Query(context.Background(), `
		SELECT ref, id FROM expectations WHERE ref IS NOT NULL UNION ALL SELECT ref, id FROM commitments WHERE ref IS NOT NULL
		UNION ALL SELECT ref, id FROM meetings WHERE ref IS NOT NULL UNION ALL SELECT ref, id FROM agreements WHERE ref IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for rows.Next() {
		var ref string
		var id int64
		if err := rows.Scan(&ref, &id); err != nil {
			t.Fatal(err)
		}
		ids[ref] = id
	}
	return e, ids
}

// msg is a message of the catalogue in lang.
func msg(t *testing.T, lang, id string) string {
	t.Helper()
	return commentMsg(t, i18n.Lang(lang), id)
}

// rowValue is the value of a summary list's row by its label.
func rowValue(doc *goquery.Document, label string) *goquery.Selection {
	return doc.Find("dl.summary dt").FilterFunction(func(_ int, s *goquery.Selection) bool { return text(s) == label }).Next()
}

func TestExpectationPageInBothLanguages(t *testing.T) {
	e, ids := newAccountabilityEnv(t)
	path := fmt.Sprintf("/expectations/%d", ids["t3"])
	for _, c := range []struct{ lang, title, region, province, meeting, wilaya, population, answer string }{
		{"ar", "انتظار t3", "جهة الشرق", "إقليم بركان", "لقاء تشاوري جهوي", "ولاية جهة الشرق", "الأطفال", "جواب t3"},
		{"fr", "Attente t3", "L'Oriental", "Berkane", "Rencontre consultative régionale", "Wilaya de la Région de l'Oriental", "Les enfants", "Réponse t3"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			doc := e.page(t, "/"+c.lang+path, http.StatusOK)
			if got := text(doc.Find("h1")); got != c.title {
				t.Errorf("h1 %q", got)
			}
			if l, _ := doc.Find("html").Attr("lang"); l != c.lang {
				t.Errorf("lang %q", l)
			}
			// Head: canonical, both languages, the feeds.
			head := doc.Find("head")
			if h, _ := head.Find(`link[rel=canonical]`).Attr("href"); h != "http://portal.test/"+c.lang+path {
				t.Errorf("canonical %q", h)
			}
			for _, l := range []string{"ar", "fr"} {
				if h, _ := head.Find(`link[hreflang=` + l + `]`).Attr("href"); h != "http://portal.test/"+l+path {
					t.Errorf("hreflang %s: %q", l, h)
				}
			}
			if head.Find(`link[rel=alternate][type="application/atom+xml"][href="/`+c.lang+`/regions/oriental/feed.atom"]`).Length() != 1 {
				t.Error("no link to the region's feed")
			}
			if !strings.Contains(text(doc.Find(".notice")), flat(msg(t, c.lang, "demo_label"))) {
				t.Error("demonstration data not marked")
			}
			checks := map[string]string{
				"expectation_status":            msg(t, c.lang, "expectation_status_retained"),
				"meeting_region":                c.region,
				"expectation_page_provinces":    c.province,
				"expectation_page_field":        "",
				"expectation_page_population":   c.population,
				"expectation_page_meeting":      c.meeting,
				"expectation_page_submitted_by": c.wilaya,
			}
			for label, want := range checks {
				v := rowValue(doc, msg(t, c.lang, label))
				if v.Length() != 1 || !strings.Contains(text(v), want) || text(v) == "" {
					t.Errorf("%s: %q, want %q", label, text(v), want)
				}
			}
			if h, _ := rowValue(doc, msg(t, c.lang, "expectation_page_meeting")).Find("a").Attr("href"); h != fmt.Sprintf("/%s/meetings/%d", c.lang, ids["oujda-2022"]) {
				t.Errorf("meeting link %q", h)
			}
			if rowValue(doc, msg(t, c.lang, "expectation_page_axes")).Find(`a[href="/`+c.lang+`/strategy/digitalisation"]`).Length() != 1 {
				t.Error("axis not linked")
			}
			// The history with its dates: received on 1 March 2024, retained on 1 May.
			var steps []string
			doc.Find("#history + ol li").Each(func(_ int, li *goquery.Selection) {
				dt, _ := li.Find("time").Attr("datetime")
				steps = append(steps, dt[:10]+" "+text(li.Find(".tag")))
			})
			want := []string{"2024-03-01 " + msg(t, c.lang, "expectation_status_received"), "2024-05-01 " + msg(t, c.lang, "expectation_status_retained")}
			if strings.Join(steps, "|") != strings.Join(want, "|") {
				t.Errorf("history %q, want %q", steps, want)
			}
			body := text(doc.Find("main"))
			if !strings.Contains(body, c.answer) {
				t.Errorf("no answer %q", c.answer)
			}
			if doc.Find(fmt.Sprintf(`main a[href="/%s/commitments/%d"]`, c.lang, ids["c2"])).Length() != 1 {
				t.Error("commitment c2 not linked")
			}
		})
	}
	// t4 was raised at a draft meeting: the page says nothing of it.
	doc := e.page(t, fmt.Sprintf("/fr/expectations/%d", ids["t4"]), http.StatusOK)
	if v := rowValue(doc, msg(t, "fr", "expectation_page_meeting")); v.Find("a").Length() != 0 || strings.Contains(doc.Text(), "brouillon") {
		t.Errorf("draft meeting shown: %q", text(v))
	}
}

func TestCommitmentPageInBothLanguages(t *testing.T) {
	e, ids := newAccountabilityEnv(t)
	path := fmt.Sprintf("/commitments/%d", ids["c2"])
	for _, lang := range []string{"ar", "fr"} {
		t.Run(lang, func(t *testing.T) {
			doc := e.page(t, "/"+lang+path, http.StatusOK)
			if !strings.Contains(text(doc.Find("h1")), "c2") {
				t.Errorf("h1 %q", text(doc.Find("h1")))
			}
			if !strings.Contains(text(doc.Find(".notice")), flat(msg(t, lang, "demo_label"))) {
				t.Error("demonstration data not marked")
			}
			if v := rowValue(doc, msg(t, lang, "commitment_institution")); !strings.Contains(text(v), map[string]string{"ar": "وكالة التنمية الاجتماعية", "fr": "Agence de Développement Social"}[lang]) {
				t.Errorf("institution %q", text(v))
			}
			if v, _ := rowValue(doc, msg(t, lang, "commitment_page_progress")).Find("progress").Attr("value"); v != "80" {
				t.Errorf("progress %q", v)
			}
			if doc.Find(fmt.Sprintf(`main a[href="/%s/expectations/%d"]`, lang, ids["t3"])).Length() != 1 {
				t.Error("t3 not linked")
			}
			// Milestones: due and done dates.
			var ms []string
			doc.Find("table").First().Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
				var dates []string
				tr.Find("time").Each(func(_ int, s *goquery.Selection) { d, _ := s.Attr("datetime"); dates = append(dates, d) })
				ms = append(ms, strings.Join(dates, ","))
			})
			if strings.Join(ms, "|") != "2025-06-30,2025-05-15|2026-06-30" {
				t.Errorf("milestone dates %q", ms)
			}
			// Progress over time: an SVG with a title and a description, one
			// point per recorded value, and the same values in a table.
			svg := doc.Find("#progress + figure svg")
			if svg.Find("title").Length() != 1 || svg.Find("desc").Length() != 1 || svg.Find("circle").Length() != 3 {
				t.Errorf("chart: %d titles, %d points", svg.Find("title").Length(), svg.Find("circle").Length())
			}
			var values []string
			doc.Find("#progress ~ .table-wrap").First().Find("tbody td").Each(func(_ int, s *goquery.Selection) {
				values = append(values, strings.TrimSpace(strings.TrimRight(text(s), "% ")))
			})
			if strings.Join(values, ",") != "40,60,80" {
				t.Errorf("progress table %q", values)
			}
			// The published agreement only.
			if doc.Find(fmt.Sprintf(`main a[href="/%s/agreements/%d"]`, lang, ids["oujda-2022-mobile-emergency"])).Length() != 1 ||
				doc.Find(fmt.Sprintf(`main a[href="/%s/agreements/%d"]`, lang, ids["draft-agreement"])).Length() != 0 {
				t.Error("linked agreements wrong")
			}
		})
	}
}

// Drafts, unknown and malformed ids are a localized 404, never a 500.
func TestAccountabilityPagesNotFound(t *testing.T) {
	e, ids := newAccountabilityEnv(t)
	for _, p := range []string{
		fmt.Sprintf("/expectations/%d", ids["d1"]), fmt.Sprintf("/commitments/%d", ids["cd"]),
		"/expectations/999999", "/commitments/999999", "/expectations/0", "/expectations/-1", "/expectations/01",
		"/commitments/abc", "/expectations/1e3", "/expectations/99999999999999999999", "/commitments/%D9%A1",
	} {
		for _, lang := range []string{"ar", "fr"} {
			doc := e.page(t, "/"+lang+p, http.StatusNotFound)
			if l, _ := doc.Find("html").Attr("lang"); l != lang || text(doc.Find("h1")) != msg(t, lang, "error_heading_404") {
				t.Errorf("/%s%s: lang %q, h1 %q", lang, p, l, text(doc.Find("h1")))
			}
		}
	}
}

// Meeting, region, axis and "you said, we did" pages lead to the new pages;
// a meeting lists the expectations raised there with their status.
func TestPagesLinkToExpectationsAndCommitments(t *testing.T) {
	e, ids := newAccountabilityEnv(t)
	exp := func(ref string) string { return fmt.Sprintf(`a[href="/fr/expectations/%d"]`, ids[ref]) }
	com := func(ref string) string { return fmt.Sprintf(`a[href="/fr/commitments/%d"]`, ids[ref]) }
	meeting := e.page(t, fmt.Sprintf("/fr/meetings/%d", ids["oujda-2022"]), http.StatusOK)
	raised := meeting.Find("#expectations + ul")
	if raised.Find(exp("t3")).Length() != 1 || raised.Children().Length() != 1 ||
		text(raised.Find(".tag")) != msg(t, "fr", "expectation_status_retained") {
		t.Errorf("meeting lists %q", text(raised))
	}
	for path, want := range map[string][]string{
		"/fr/expectations":                 {exp("t1"), exp("t3"), exp("t7"), com("c2"), com("c3")},
		"/fr/regions/oriental":             {exp("t1"), exp("t3"), com("c1"), com("c2")},
		"/fr/strategy/digitalisation":      {exp("t3"), com("c2")},
		"/fr/expectations?region=oriental": {exp("t4")},
	} {
		doc := e.page(t, path, http.StatusOK)
		for _, sel := range want {
			if doc.Find("main "+sel).Length() == 0 {
				t.Errorf("%s has no %s", path, sel)
			}
		}
		for _, sel := range []string{exp("d1"), exp("d2"), com("cd")} {
			if doc.Find(sel).Length() != 0 {
				t.Errorf("%s links the draft %s", path, sel)
			}
		}
	}
	region := e.page(t, "/fr/regions/oriental", http.StatusOK)
	if region.Find(`main a[href="/fr/regions/oriental/feed.atom"]`).Length() != 1 {
		t.Error("region page does not offer its feed")
	}
	// The sitemap lists both kinds in both languages, never a draft.
	res := e.get(t, "/sitemap.xml")
	b, _ := io.ReadAll(res.Body)
	for _, l := range []string{"ar", "fr"} {
		for _, p := range []string{fmt.Sprintf("/expectations/%d", ids["t1"]), fmt.Sprintf("/commitments/%d", ids["c3"])} {
			if !strings.Contains(string(b), "<loc>http://portal.test/"+l+p+"</loc>") {
				t.Errorf("sitemap lacks /%s%s", l, p)
			}
		}
		for _, p := range []string{fmt.Sprintf("/expectations/%d<", ids["d1"]), fmt.Sprintf("/commitments/%d<", ids["cd"])} {
			if strings.Contains(string(b), p) {
				t.Errorf("sitemap lists the draft %s", p)
			}
		}
	}
}

// The new pages, in both languages, at a phone's width and a desk's: laid
// out in the page's direction, nothing overflowing sideways, no serious
// accessibility violation.
func TestAccountabilityPagesInABrowser(t *testing.T) {
	e, ids := newAccountabilityEnv(t)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	b := browser.Get(t)
	for _, lang := range []string{"ar", "fr"} {
		dir := map[string]string{"ar": "rtl", "fr": "ltr"}[lang]
		for _, p := range []string{fmt.Sprintf("/expectations/%d", ids["t3"]), fmt.Sprintf("/commitments/%d", ids["c2"]),
			fmt.Sprintf("/commitments/%d", ids["c3"]), fmt.Sprintf("/meetings/%d", ids["oujda-2022"]), "/regions/oriental"} {
			for _, width := range []int{375, 1280} {
				name := lang + strings.ReplaceAll(p, "/", "_")
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

// withoutDemoAccountability removes the demonstration expectations,
// commitments and comments (the meetings and agreements stay), for tests
// that count their own fixture's.
const withoutDemoAccountability = `
	DELETE FROM commitment_expectations WHERE commitment_id IN (SELECT id FROM commitments WHERE demo);
	DELETE FROM commitment_milestones WHERE commitment_id IN (SELECT id FROM commitments WHERE demo);
	DELETE FROM commitment_agreements WHERE commitment_id IN (SELECT id FROM commitments WHERE demo);
	DELETE FROM commitment_progress WHERE commitment_id IN (SELECT id FROM commitments WHERE demo);
	DELETE FROM commitments WHERE demo;
	DELETE FROM commitment_expectations WHERE expectation_id IN (SELECT id FROM expectations WHERE demo);
	DELETE FROM expectation_axes WHERE expectation_id IN (SELECT id FROM expectations WHERE demo);
	DELETE FROM expectation_provinces WHERE expectation_id IN (SELECT id FROM expectations WHERE demo);
	DELETE FROM expectation_status_history WHERE expectation_id IN (SELECT id FROM expectations WHERE demo);
	DELETE FROM expectations WHERE demo;
	DELETE FROM comments WHERE demo;
`
