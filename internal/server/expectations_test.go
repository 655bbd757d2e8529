package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
)

func TestExpectationStatusTransitions(t *testing.T) {
	statuses := []string{"draft", "received", "under_study", "retained", "partly_retained", "not_retained"}
	allowed := map[string]bool{
		"draft>received":               true,
		"received>under_study":         true,
		"received>retained":            true,
		"received>partly_retained":     true,
		"received>not_retained":        true,
		"under_study>retained":         true,
		"under_study>partly_retained":  true,
		"under_study>not_retained":     true,
		"retained>under_study":         true,
		"retained>partly_retained":     true,
		"retained>not_retained":        true,
		"partly_retained>under_study":  true,
		"partly_retained>retained":     true,
		"partly_retained>not_retained": true,
		"not_retained>under_study":     true,
		"not_retained>retained":        true,
		"not_retained>partly_retained": true,
	}
	for _, from := range statuses {
		for _, to := range statuses {
			if got := domain.ExpectationTransition(from, to); got != allowed[from+">"+to] {
				t.Errorf("%s -> %s: %v", from, to, got)
			}
		}
	}
	// Through the store: each refused move changes nothing.
	e := newEnv(t, false)
	ctx := context.Background()
	id := e.id(t, `INSERT INTO expectations (region_id, title_ar, status) VALUES (2, 'انتظار', 'draft') RETURNING id`)
	if err := e.db.DecideExpectation(ctx, id, 1, domain.Decision{Status: "retained", Answer: domain.Text{AR: "نعم"}, InstitutionID: 1}, 0); domain.ErrorCode(err) != domain.Invalid {
		t.Errorf("deciding a draft: %v", err)
	}
	if err := e.db.SubmitExpectation(ctx, id, 1, 0); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SubmitExpectation(ctx, id, 2, 0); domain.ErrorCode(err) != domain.Invalid {
		t.Errorf("submitting twice: %v", err)
	}
	if err := e.db.DecideExpectation(ctx, id, 1, domain.Decision{Status: "under_study"}, 0); err != domain.ErrVersionConflict {
		t.Errorf("stale version: %v", err)
	}
	for i, st := range []string{"under_study", "retained", "not_retained", "under_study", "partly_retained"} {
		if err := e.db.DecideExpectation(ctx, id, 2+i, domain.Decision{Status: st, Answer: domain.Text{FR: "Réponse"}, InstitutionID: 1}, 0); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
	}
	var status string
	var version int
	e.db.Pool().QueryRow(ctx, `SELECT status, version FROM expectations WHERE id = $1`, id).Scan(&status, &version)
	if status != "partly_retained" || version != 7 {
		t.Errorf("final: %s v%d", status, version)
	}
}

// The journey the consultations exist for: a regional official submits an
// expectation, staff answer it and commit to it in the action plan, and
// the public reads it all in both languages.
func TestExpectationFromSubmissionToPublicCommitment(t *testing.T) {
	e := newEnv(t, true)
	official := e.as(t, domain.RoleRegional, 2)
	staff := e.as(t, domain.RoleStaff, 0)
	axis := e.id(t, `SELECT id FROM axes WHERE slug = 'proximity-services'`)
	province := e.id(t, `SELECT id FROM provinces WHERE slug = 'berkane'`)
	form := url.Values{"region": {"5"}, // ignored: a regional official writes for their own region
		"title_ar": {"وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي"}, "description_ar": {"تعميم الوحدات المتنقلة على أقاليم الجهة"},
		"axes": {fmt.Sprint(axis)}, "provinces": {fmt.Sprint(province)}, "priority": {"1"}, "population_ar": {"الأشخاص في وضعية هشاشة"}}
	loc := location(t, e.post(t, official, "/ar/staff/expectations/new", form))
	var id int64
	fmt.Sscanf(loc, "/ar/staff/expectations/%d", &id)
	var region int
	e.db.Pool().QueryRow(context.Background(), `SELECT region_id FROM expectations WHERE id = $1`, id).Scan(&region)
	if region != 2 {
		t.Fatalf("region %d, want the official's own (2)", region)
	}
	// A draft is not public.
	if strings.Contains(text(e.page(t, "/ar/expectations", 200).Find("main")), "تعميم الوحدات المتنقلة على أقاليم الجهة") {
		t.Fatal("draft expectation shown publicly")
	}
	location(t, e.post(t, official, fmt.Sprintf("/ar/staff/expectations/%d/submit", id), url.Values{"version": {"1"}}))
	// Staff decide: a decision without an answer is refused, the input kept.
	res := e.post(t, staff, fmt.Sprintf("/fr/staff/expectations/%d/decision", id), url.Values{"version": {"2"}, "status": {"retained"}, "answer_fr": {""}})
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	if res.StatusCode != 422 || doc.Find("#f-answer_ar-error").Length() != 1 || doc.Find("#f-institution-error").Length() != 1 {
		t.Fatalf("decision without answer: %d %s", res.StatusCode, text(doc.Find(".error-summary")))
	}
	inst := e.id(t, `SELECT id FROM institutions WHERE slug = 'en'`)
	location(t, e.post(t, staff, fmt.Sprintf("/fr/staff/expectations/%d/decision", id), url.Values{"version": {"2"}, "status": {"retained"},
		"answer_ar": {"سيتم تعميم الوحدات المتنقلة تدريجيا"}, "answer_fr": {"Les unités mobiles seront généralisées progressivement"}, "institution": {fmt.Sprint(inst)}}))
	// The commitment that answers it.
	cloc := location(t, e.post(t, staff, "/fr/staff/commitments/new", url.Values{"region": {"2"}, "axis": {fmt.Sprint(axis)},
		"title_ar": {"اقتناء ثماني وحدات متنقلة"}, "title_fr": {"Acquisition de huit unités mobiles"}, "institution": {fmt.Sprint(inst)},
		"progress": {"40"}, "due": {"31/12/2026"}, "expectations": {fmt.Sprint(id)},
		"milestone-0-title_ar": {"طلب العروض"}, "milestone-0-percent": {"100"}}))
	var cid int64
	fmt.Sscanf(cloc, "/fr/staff/commitments/%d", &cid)
	location(t, e.post(t, staff, cloc+"/state", url.Values{"version": {"1"}, "to": {"published"}}))
	// The public reads it, in both languages.
	for _, c := range []struct{ lang, said, did, commitment, status string }{
		{"ar", "وحدات متنقلة للإسعاف الاجتماعي", "سيتم تعميم الوحدات المتنقلة", "اقتناء ثماني وحدات متنقلة", "مقبول"},
		{"fr", "وحدات متنقلة للإسعاف الاجتماعي", "Les unités mobiles seront généralisées", "Acquisition de huit unités mobiles", "retenue"},
	} {
		doc := e.page(t, "/"+c.lang+"/expectations?region=oriental", 200)
		item := doc.Find(fmt.Sprintf("#e%d", id))
		got := text(item)
		for _, want := range []string{c.said, c.did, c.commitment, c.status} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q lacks %q", c.lang, got, want)
			}
		}
		if v, _ := item.Find("progress").Attr("value"); v != "40" {
			t.Errorf("%s: progress %q", c.lang, v)
		}
	}
	if strings.Contains(text(e.page(t, "/fr/expectations?region=souss-massa", 200).Find("main")), "Acquisition") {
		t.Error("shown under another region")
	}
	// The region page counts it.
	if n := e.count(t, `SELECT count(*) FROM expectations WHERE region_id = 2 AND status <> 'draft'`); !strings.Contains(text(e.page(t, "/fr/regions/oriental", 200).Find("main")), fmt.Sprintf("%d attentes", n)) {
		t.Error("region page does not count the expectation")
	}
}

// A regional official sees and edits only their own region's expectations.
func TestRegionalOfficialStaysInTheirRegion(t *testing.T) {
	e := newEnv(t, false)
	oriental := e.as(t, domain.RoleRegional, 2)
	mine := e.id(t, `INSERT INTO expectations (region_id, title_ar) VALUES (2, 'انتظار الشرق') RETURNING id`)
	theirs := e.id(t, `INSERT INTO expectations (region_id, title_ar, status, submitted_at) VALUES (3, 'انتظار فاس', 'received', now()) RETURNING id`)
	if res := e.getAs(t, oriental, fmt.Sprintf("/ar/staff/expectations/%d", mine)); res.StatusCode != 200 {
		t.Errorf("own expectation: %d", res.StatusCode)
	}
	for _, c := range []struct {
		method, path string
	}{
		{"GET", fmt.Sprintf("/ar/staff/expectations/%d", theirs)},
		{"POST", fmt.Sprintf("/ar/staff/expectations/%d", theirs)},
		{"POST", fmt.Sprintf("/ar/staff/expectations/%d/submit", theirs)},
	} {
		var res *http.Response
		if c.method == "GET" {
			res = e.getAs(t, oriental, c.path)
		} else {
			res = e.post(t, oriental, c.path, url.Values{"version": {"1"}, "title_ar": {"x"}, "axes": {"1"}, "priority": {"2"}})
		}
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", c.method, c.path, res.StatusCode)
		}
	}
	if res := e.post(t, oriental, fmt.Sprintf("/ar/staff/expectations/%d/decision", mine), url.Values{"version": {"1"}, "status": {"retained"}}); res.StatusCode != 403 {
		t.Errorf("regional deciding: %d", res.StatusCode)
	}
	doc := e.page2(t, oriental, "/fr/staff/expectations?status=draft")
	if got := text(doc.Find("tbody")); !strings.Contains(got, "انتظار الشرق") || strings.Contains(got, "انتظار فاس") {
		t.Errorf("regional list: %q", got)
	}
	for _, p := range []string{"/fr/staff/", "/fr/staff/meetings", "/fr/staff/commitments", "/fr/admin/users"} {
		if res := e.getAs(t, oriental, p); res.StatusCode != 403 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	// Staff see every region's submitted expectations, and can bulk-decide.
	staff := e.as(t, domain.RoleStaff, 0)
	doc = e.page2(t, staff, "/fr/staff/expectations")
	if !strings.Contains(text(doc.Find("tbody")), "انتظار فاس") {
		t.Error("queue lacks a received expectation")
	}
	res := e.post(t, staff, "/fr/staff/expectations/bulk", url.Values{"ids": {fmt.Sprint(theirs), fmt.Sprint(mine)}, "status": {"under_study"}})
	if res.StatusCode != 422 {
		t.Errorf("bulk including a draft: %d (all or nothing)", res.StatusCode)
	}
	location(t, e.post(t, staff, "/fr/staff/expectations/bulk", url.Values{"ids": {fmt.Sprint(theirs)}, "status": {"under_study"}}))
	var status string
	e.db.Pool().QueryRow(context.Background(), `SELECT status FROM expectations WHERE id = $1`, theirs).Scan(&status)
	if status != "under_study" {
		t.Errorf("after bulk: %s", status)
	}
}
