package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
)

// agreementValues is a complete, valid agreement form as staff would fill
// it in: two parties, amounts typed the French and the Moroccan way, a
// province of the chosen region, an axis, a field and a milestone.
func agreementFormValues(t *testing.T, e *env) url.Values {
	t.Helper()
	id := func(sql string) string { return fmt.Sprint(e.id(t, sql)) }
	return url.Values{
		"subject_ar":           {"اتفاقية شراكة لدعم مراكز المسنين"},
		"subject_fr":           {"Convention de partenariat pour les centres de personnes âgées"},
		"summary_ar":           {"تأهيل ثلاثة مراكز."},
		"summary_fr":           {""},
		"party-0-institution":  {id(`SELECT id FROM institutions WHERE slug = 'ads'`)},
		"party-0-amount":       {"1 250 000"},
		"party-1-institution":  {id(`SELECT id FROM institutions WHERE slug = 'conseil-region-oriental'`)},
		"party-1-amount":       {"2.500.000 DH"},
		"party-2-institution":  {""},
		"party-2-amount":       {""},
		"signed_on":            {"2022-01-19"},
		"region":               {"2"},
		"provinces":            {id(`SELECT min(id) FROM provinces WHERE region_id = 2`)},
		"axes":                 {id(`SELECT min(id) FROM axes`)},
		"fields":               {id(`SELECT min(id) FROM fields`)},
		"duration":             {"36"},
		"status":               {"in_progress"},
		"milestone-0-title_ar": {"تهيئة المقرات"},
		"milestone-0-title_fr": {"Aménagement des locaux"},
		"milestone-0-due":      {"30/06/2022"},
		"milestone-0-percent":  {"40"},
		"milestone-1-title_ar": {""},
		"milestone-1-title_fr": {""},
		"milestone-1-due":      {""},
		"milestone-1-percent":  {""},
	}
}

func agreementDoc(t *testing.T, res *http.Response, want int) *goquery.Document {
	t.Helper()
	defer res.Body.Close()
	if res.StatusCode != want {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("status %d, want %d\n%.2000s", res.StatusCode, want, b)
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func (e *env) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// createAgreement records the valid agreement as staff and returns its ID.
func createAgreement(t *testing.T, e *env, cookie *http.Cookie, f url.Values) int64 {
	t.Helper()
	res := e.post(t, cookie, "/fr/staff/agreements/new", f)
	if res.StatusCode != http.StatusSeeOther {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("create: %d\n%.3000s", res.StatusCode, b)
	}
	var id int64
	if _, err := fmt.Sscanf(res.Header.Get("Location"), "/fr/staff/agreements/%d", &id); err != nil {
		t.Fatalf("create went to %q", res.Header.Get("Location"))
	}
	return id
}

func agreementVersion(t *testing.T, e *env, id int64) string {
	t.Helper()
	return fmt.Sprint(e.count(t, `SELECT version FROM agreements WHERE id = $1`, id))
}

func TestStaffRecordsAgreementAndPublishesIt(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)

	// The empty form offers two blank rows of parties and of milestones.
	doc := agreementDoc(t, e.getAs(t, staff, "/ar/staff/agreements/new"), http.StatusOK)
	if n := doc.Find(`select[name$="-institution"]`).Length(); n != 2 {
		t.Errorf("new form: %d party rows, want 2", n)
	}
	if n := doc.Find(`input[name$="-percent"]`).Length(); n != 2 {
		t.Errorf("new form: %d milestone rows, want 2", n)
	}
	if v, _ := doc.Find("#f-subject_ar").Attr("dir"); v != "rtl" {
		t.Errorf("Arabic subject input dir %q", v)
	}

	id := createAgreement(t, e, staff, agreementFormValues(t, e))
	var state, status string
	var total int64
	if err := e.db.Pool().QueryRow(context.Background(), `SELECT state, status,
			(SELECT sum(amount_dh) FROM agreement_parties WHERE agreement_id = a.id) FROM agreements a WHERE id = $1`, id).
		Scan(&state, &status, &total); err != nil {
		t.Fatal(err)
	}
	if state != "draft" || status != "in_progress" || total != 3_750_000 {
		t.Errorf("saved as %s/%s with %d DH", state, status, total)
	}
	for table, want := range map[string]int{"agreement_parties": 2, "agreement_provinces": 1, "agreement_axes": 1,
		"agreement_fields": 1, "agreement_milestones": 1} {
		if n := e.count(t, `SELECT count(*) FROM `+table+` WHERE agreement_id = $1`, id); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM agreements WHERE id = $1 AND created_by IS NOT NULL AND updated_by = created_by`, id); n != 1 {
		t.Error("created_by/updated_by not recorded")
	}

	// The edit page: values as saved (amounts as the reader writes them),
	// links to both previews and the history, the completeness indicator.
	doc = agreementDoc(t, e.getAs(t, staff, fmt.Sprintf("/fr/staff/agreements/%d", id)), http.StatusOK)
	if v, _ := doc.Find("#f-party-1-amount").Attr("value"); v != "2\u202f500\u202f000" {
		t.Errorf("amount shown as %q", v)
	}
	if v, _ := doc.Find("#f-milestone-0-due").Attr("value"); v != "2022-06-30" {
		t.Errorf("milestone date shown as %q", v)
	}
	for _, lang := range []string{"ar", "fr"} {
		if doc.Find(fmt.Sprintf(`a[href="/%s/staff/agreements/%d/preview"]`, lang, id)).Length() != 1 {
			t.Errorf("no %s preview link", lang)
		}
	}
	if doc.Find(fmt.Sprintf(`a[href="/fr/staff/agreements/%d/history"]`, id)).Length() != 1 {
		t.Error("no history link")
	}
	if gaps := doc.Find(`.completeness a[href="#f-summary_fr"]`); gaps.Length() != 1 {
		t.Errorf("completeness indicator: %q", text(doc.Find(".completeness")))
	}
	if n := doc.Find(`select[name$="-institution"]`).Length(); n != 4 {
		t.Errorf("edit form: %d party rows, want 2 filled + 2 blank", n)
	}

	// A draft: invisible to the public, visible in preview in both languages.
	for _, lang := range []string{"ar", "fr"} {
		if res := e.get(t, fmt.Sprintf("/%s/agreements/%d", lang, id)); res.StatusCode != http.StatusNotFound {
			t.Errorf("draft public page in %s: %d", lang, res.StatusCode)
		}
		doc = agreementDoc(t, e.getAs(t, staff, fmt.Sprintf("/%s/staff/agreements/%d/preview", lang, id)), http.StatusOK)
		if doc.Find(".notice").Length() == 0 || !strings.Contains(text(doc.Find("h1")), map[string]string{"ar": "مراكز المسنين", "fr": "personnes âgées"}[lang]) {
			t.Errorf("preview in %s: %q", lang, text(doc.Find("h1")))
		}
	}
	if strings.Contains(text(e.page(t, "/fr/agreements", 200).Find("main")), "personnes âgées") {
		t.Error("draft listed in the public registry")
	}

	// Published: on the public registry in both languages.
	res := e.post(t, staff, fmt.Sprintf("/fr/staff/agreements/%d/state", id), url.Values{"version": {agreementVersion(t, e, id)}, "to": {"published"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	doc = agreementDoc(t, e.getAs(t, staff, fmt.Sprintf("/fr/staff/agreements/%d", id)), http.StatusOK)
	if !strings.Contains(text(doc.Find(".flash")), "publiée") {
		t.Errorf("publish flash: %q", text(doc.Find(".flash")))
	}
	for lang, want := range map[string][]string{
		"ar": {"اتفاقية شراكة لدعم مراكز المسنين", "وكالة التنمية الاجتماعية", "مجلس جهة الشرق", "تهيئة المقرات"},
		"fr": {"Convention de partenariat pour les centres de personnes âgées", "Agence de Développement Social", "Aménagement des locaux"},
	} {
		page := text(e.page(t, fmt.Sprintf("/%s/agreements/%d", lang, id), 200).Find("main"))
		list := text(e.page(t, "/"+lang+"/agreements", 200).Find("main"))
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("public page in %s lacks %q", lang, w)
			}
		}
		if !strings.Contains(list, want[0]) {
			t.Errorf("registry in %s lacks the agreement", lang)
		}
	}

	// An edit, then the history: create, publish, update, with their author.
	f := agreementFormValues(t, e)
	f.Set("summary_fr", "Réhabilitation de trois centres.")
	f.Set("version", agreementVersion(t, e, id))
	if res := e.post(t, staff, fmt.Sprintf("/fr/staff/agreements/%d", id), f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", res.StatusCode)
	}
	doc = agreementDoc(t, e.getAs(t, staff, fmt.Sprintf("/fr/staff/agreements/%d/history", id)), http.StatusOK)
	rows := doc.Find("tbody tr")
	if rows.Length() != 3 {
		t.Fatalf("history has %d lines: %q", rows.Length(), text(doc.Find("tbody")))
	}
	for i, want := range []string{"modification", "publication", "création"} {
		line := text(rows.Eq(i))
		if !strings.Contains(line, want) || !strings.Contains(line, "staff@example.ma") {
			t.Errorf("history line %d: %q, want %q", i, line, want)
		}
	}
	if line := text(rows.Eq(0)); !strings.Contains(line, "Résumé") || strings.Contains(line, "Summary") {
		t.Errorf("the update's changed fields: %q", text(rows.Eq(0)))
	}

	// The staff list shows it, with its state.
	doc = agreementDoc(t, e.getAs(t, staff, "/fr/staff/agreements"), http.StatusOK)
	if doc.Find(fmt.Sprintf(`a[href="/fr/staff/agreements/%d"]`, id)).Length() != 1 {
		t.Errorf("staff list: %q", text(doc.Find("main")))
	}
}

func TestAgreementSignedAtAMeeting(t *testing.T) {
	e := newEnv(t, true)
	staff := e.as(t, domain.RoleStaff, 0)
	meeting := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	doc := agreementDoc(t, e.getAs(t, staff, "/fr/staff/agreements/new"), http.StatusOK)
	if doc.Find(fmt.Sprintf(`#f-meeting option[value="%d"]`, meeting)).Length() != 1 {
		t.Fatal("the meeting is not offered")
	}
	f := agreementFormValues(t, e)
	f.Set("meeting", fmt.Sprint(meeting))
	f.Set("signed_on", "١٩/٠١/٢٠٢٢") // as typed on an Arabic keyboard
	f.Set("party-0-amount", "١٬٢٥٠٬٠٠٠ درهم")
	id := createAgreement(t, e, staff, f)
	if n := e.count(t, `SELECT count(*) FROM agreements a WHERE id = $1 AND meeting_id = $2 AND signed_on = '2022-01-19'
		AND EXISTS (SELECT 1 FROM agreement_parties WHERE agreement_id = a.id AND amount_dh = 1250000)`, id, meeting); n != 1 {
		t.Error("meeting, date or amount not saved as typed")
	}
	// A meeting that does not exist is refused beside its field.
	f.Set("meeting", "999999")
	doc = agreementDoc(t, e.post(t, staff, "/fr/staff/agreements/new", f), http.StatusUnprocessableEntity)
	if doc.Find("#f-meeting-error").Length() != 1 {
		t.Error("unknown meeting: no error beside the field")
	}
}

func TestAgreementFormRefusesBadInputAndKeepsEverything(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	otherRegionProvince := fmt.Sprint(e.id(t, `INSERT INTO provinces (region_id, slug, kind, name_ar, name_fr)
		VALUES (1, 'tanger-assilah', 'prefecture', 'عمالة طنجة أصيلة', 'Préfecture de Tanger-Assilah') RETURNING id`))
	huge := strings.Repeat("a", 1_000_000)
	cases := []struct {
		name  string
		edit  func(f url.Values)
		field string // the field whose error is shown
		msg   string // part of the error shown, in French
		kept  string // an input whose value must come back ("" for subject_fr)
		value string // its value
	}{
		{"missing Arabic subject", func(f url.Values) { f.Set("subject_ar", "  ") }, "subject_ar", "arabe", "", ""},
		{"one party only", func(f url.Values) { f.Del("party-1-institution"); f.Del("party-1-amount") }, "party", "deux", "party-0-amount", "1 250 000"},
		{"same party twice", func(f url.Values) { f.Set("party-1-institution", f.Get("party-0-institution")) }, "party-1-institution", "deux fois", "party-1-amount", "2.500.000 DH"},
		{"negative amount", func(f url.Values) { f.Set("party-0-amount", "-5 000") }, "party-0-amount", "négatif", "party-0-amount", "-5 000"},
		{"garbled amount", func(f url.Values) { f.Set("party-0-amount", "12,5 millions") }, "party-0-amount", "montant", "party-0-amount", "12,5 millions"},
		{"date that does not exist", func(f url.Values) { f.Set("signed_on", "2026-02-30") }, "signed_on", "n'existe pas", "signed_on", "2026-02-30"},
		{"garbled date", func(f url.Values) { f.Set("signed_on", "hier") }, "signed_on", "jj/mm/aaaa", "signed_on", "hier"},
		{"province of another region", func(f url.Values) { f.Set("provinces", otherRegionProvince) }, "provinces", "région", "duration", "36"},
		{"provinces without a region", func(f url.Values) { f.Del("region") }, "provinces", "région", "duration", "36"},
		{"percent 150", func(f url.Values) { f.Set("milestone-0-percent", "150") }, "milestone-0-percent", "0 à 100", "milestone-0-percent", "150"},
		{"duration out of range", func(f url.Values) { f.Set("duration", "601") }, "duration", "600", "duration", "601"},
		{"milestone without Arabic title", func(f url.Values) { f.Set("milestone-0-title_ar", "") }, "milestone-0-title_ar", "arabe", "milestone-0-title_fr", "Aménagement des locaux"},
		{"1 MB subject", func(f url.Values) { f.Set("subject_fr", huge) }, "subject_fr", "long", "", huge},
		{"duplicated field", func(f url.Values) { f.Add("subject_ar", "autre") }, "subject_ar", "plusieurs fois", "duration", "36"},
		{"invalid UTF-8", func(f url.Values) { f.Set("subject_fr", "Convention \xff\xfe") }, "subject_fr", "non valides", "party-0-amount", "1 250 000"},
		{"unknown status", func(f url.Values) { f.Set("status", "cancelled") }, "status", "", "duration", "36"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := agreementFormValues(t, e)
			c.edit(f)
			doc := agreementDoc(t, e.post(t, staff, "/fr/staff/agreements/new", f), http.StatusUnprocessableEntity)
			beside := doc.Find("#f-" + c.field + "-error")
			if beside.Length() != 1 || !strings.Contains(text(beside), c.msg) {
				t.Errorf("error beside %s: %q (summary %q)", c.field, text(beside), text(doc.Find(".error-summary")))
			}
			if doc.Find(`.error-summary a[href="#f-`+c.field+`"]`).Length() != 1 {
				t.Errorf("error summary lacks a link to %s: %q", c.field, text(doc.Find(".error-summary")))
			}
			kept, want := c.kept, c.value
			if kept == "" {
				kept = "subject_fr"
				if want == "" {
					want = f.Get("subject_fr")
				}
			}
			if v, _ := doc.Find("#f-" + kept).Attr("value"); v != want {
				t.Errorf("%s not kept: %.80q", kept, v)
			}
			// Checked boxes and chosen options are kept too.
			if doc.Find(`#f-axes input[checked]`).Length() != 1 || doc.Find(`#f-provinces input[checked]`).Length() != 1 ||
				(c.field != "status" && doc.Find(`#f-status option[selected]`).Length() != 1) {
				t.Error("ticks or choices lost")
			}
			if n := e.count(t, `SELECT count(*) FROM agreements`); n != 0 {
				t.Errorf("%d agreements written", n)
			}
			if n := e.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'agreement'`); n != 0 {
				t.Errorf("%d audit lines written", n)
			}
		})
	}
}

func TestAgreementFormAddsRowsWithoutJavaScript(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	for _, c := range []struct {
		section, selector string
		want              int
	}{
		{"party", `select[name$="-institution"]`, 4}, // 2 filled, 1 blank posted back, one more
		{"milestone", `input[name$="-percent"]`, 3},  // 1 filled, 1 blank posted back, one more
	} {
		f := agreementFormValues(t, e)
		f.Set("add_row", c.section)
		f.Set("summary_fr", "Gardé tel quel")
		doc := agreementDoc(t, e.post(t, staff, "/fr/staff/agreements/new", f), http.StatusOK)
		if n := doc.Find(c.selector).Length(); n != c.want {
			t.Errorf("%s: %d rows", c.section, n)
		}
		if v := doc.Find("#f-summary_fr").Text(); v != "Gardé tel quel" {
			t.Errorf("%s: summary not kept: %q", c.section, v)
		}
		if v, _ := doc.Find("#f-party-1-amount").Attr("value"); v != "2.500.000 DH" {
			t.Errorf("%s: amount not kept: %q", c.section, v)
		}
		if doc.Find(".field-error").Length() != 0 {
			t.Errorf("%s: adding a row shows errors", c.section)
		}
		if n := e.count(t, `SELECT count(*) FROM agreements`); n != 0 {
			t.Fatalf("adding a row saved the agreement")
		}
	}
	// Rows added then one more each time; a blank row in the middle is ignored on save.
	f := agreementFormValues(t, e)
	f.Set("add_row", "party")
	doc := agreementDoc(t, e.post(t, staff, "/fr/staff/agreements/new", f), http.StatusOK)
	before := doc.Find(`select[name$="-institution"]`).Length()
	for i := 2; i < before; i++ { // the page's blank rows, posted back
		f.Set(fmt.Sprintf("party-%d-institution", i), "")
		f.Set(fmt.Sprintf("party-%d-amount", i), "")
	}
	doc = agreementDoc(t, e.post(t, staff, "/fr/staff/agreements/new", f), http.StatusOK)
	if after := doc.Find(`select[name$="-institution"]`).Length(); after != before+1 {
		t.Errorf("second add: %d rows after %d", after, before)
	}
	f = agreementFormValues(t, e)
	f.Set("party-5-institution", f.Get("party-1-institution"))
	f.Set("party-5-amount", "7")
	f.Set("party-1-institution", "")
	f.Set("party-1-amount", "")
	f.Set("party-2-institution", fmt.Sprint(e.id(t, `SELECT id FROM institutions WHERE slug = 'en'`)))
	id := createAgreement(t, e, staff, f)
	if n := e.count(t, `SELECT count(*) FROM agreement_parties WHERE agreement_id = $1`, id); n != 3 {
		t.Errorf("%d parties saved, want 3", n)
	}
	if n := e.count(t, `SELECT position FROM agreement_parties WHERE agreement_id = $1 AND amount_dh = 7`, id); n != 3 {
		t.Errorf("the last party is at position %d", n)
	}
}

func TestConcurrentAgreementEditsAreRefusedNotLost(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	id := createAgreement(t, e, staff, agreementFormValues(t, e))
	path := fmt.Sprintf("/fr/staff/agreements/%d", id)
	doc := agreementDoc(t, e.getAs(t, staff, path), http.StatusOK)
	version, _ := doc.Find(`input[name="version"]`).Attr("value")
	if version == "" {
		t.Fatal("no version on the form")
	}

	first := agreementFormValues(t, e)
	first.Set("version", version)
	first.Set("subject_fr", "Première version enregistrée")
	if res := e.post(t, staff, path, first); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first edit: %d", res.StatusCode)
	}
	second := agreementFormValues(t, e)
	second.Set("version", version)
	second.Set("subject_fr", "Seconde version, refusée")
	second.Set("party-0-amount", "999")
	doc = agreementDoc(t, e.post(t, staff, path, second), http.StatusConflict)
	if !strings.Contains(text(doc.Find("[role=alert]")), "Quelqu'un d'autre a modifié") {
		t.Errorf("conflict message: %q", text(doc.Find("[role=alert]")))
	}
	if v, _ := doc.Find("#f-subject_fr").Attr("value"); v != "Seconde version, refusée" {
		t.Errorf("second edit's subject not kept: %q", v)
	}
	if v, _ := doc.Find("#f-party-0-amount").Attr("value"); v != "999" {
		t.Errorf("second edit's amount not kept: %q", v)
	}
	if v, _ := doc.Find(`form.record-form input[name="version"]`).Attr("value"); v != version {
		t.Errorf("the stale version is replaced (%q): a second click would overwrite", v)
	}
	var subject string
	var amount int64
	if err := e.db.Pool().QueryRow(context.Background(), `SELECT subject_fr, (SELECT amount_dh FROM agreement_parties
		WHERE agreement_id = a.id AND position = 1) FROM agreements a WHERE id = $1`, id).Scan(&subject, &amount); err != nil {
		t.Fatal(err)
	}
	if subject != "Première version enregistrée" || amount != 1_250_000 {
		t.Errorf("first edit not intact: %q, %d", subject, amount)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'agreement' AND entity_id = $1 AND action = 'update'`, id); n != 1 {
		t.Errorf("%d update lines, want 1", n)
	}
	// A stale publication move is refused too.
	res := e.post(t, staff, path+"/state", url.Values{"version": {version}, "to": {"published"}})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("stale publish: %d", res.StatusCode)
	}
}

func TestAgreementArchiveAndRestore(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	id := createAgreement(t, e, staff, agreementFormValues(t, e))
	path := fmt.Sprintf("/fr/staff/agreements/%d", id)
	link := fmt.Sprintf(`a[href="%s"]`, path)
	move := func(to string) {
		t.Helper()
		res := e.post(t, staff, path+"/state", url.Values{"version": {agreementVersion(t, e, id)}, "to": {to}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
			t.Fatalf("to %s: %d %q", to, res.StatusCode, res.Header.Get("Location"))
		}
	}
	move("published")
	move("archived")
	if res := e.get(t, fmt.Sprintf("/fr/agreements/%d", id)); res.StatusCode != http.StatusNotFound {
		t.Errorf("archived agreement public: %d", res.StatusCode)
	}
	if agreementDoc(t, e.getAs(t, staff, "/fr/staff/agreements"), 200).Find(link).Length() != 0 {
		t.Error("archived agreement in the default staff list")
	}
	if agreementDoc(t, e.getAs(t, staff, "/fr/staff/agreements?state=archived"), 200).Find(link).Length() != 1 {
		t.Error("archived agreement not in the archive list")
	}
	doc := agreementDoc(t, e.getAs(t, staff, path), http.StatusOK)
	if doc.Find(`form[action$="/state"] input[name="to"][value="draft"]`).Length() != 1 {
		t.Errorf("no restore action on an archived agreement: %q", text(doc.Find(".form-actions")))
	}
	move("draft")
	if n := e.count(t, `SELECT count(*) FROM agreements WHERE id = $1 AND state = 'draft'`, id); n != 1 {
		t.Error("not restored as a draft")
	}
	var actions string
	if err := e.db.Pool().QueryRow(context.Background(), `SELECT string_agg(action, ',' ORDER BY id) FROM audit_log
		WHERE entity = 'agreement' AND entity_id = $1`, id).Scan(&actions); err != nil {
		t.Fatal(err)
	}
	if actions != "create,publish,archive,restore" {
		t.Errorf("audit: %s", actions)
	}
	// A move that is not allowed is refused.
	if res := e.post(t, staff, path+"/state", url.Values{"version": {agreementVersion(t, e, id)}, "to": {"draft"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("draft to draft: %d", res.StatusCode)
	}
}

func TestAgreementPagesAreForStaff(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	admin := e.as(t, domain.RoleAdmin, 0)
	regional := e.as(t, domain.RoleRegional, 2)
	id := createAgreement(t, e, staff, agreementFormValues(t, e))
	base := fmt.Sprintf("/fr/staff/agreements/%d", id)
	gets := []string{"/fr/staff/agreements", "/fr/staff/agreements/new", base, base + "/preview", base + "/history"}
	posts := []string{"/fr/staff/agreements/new", base, base + "/state"}
	for _, p := range gets {
		if res := e.getAs(t, regional, p); res.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s as regional: %d", p, res.StatusCode)
		}
		if res := e.get(t, p); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/fr/login?next=") {
			t.Errorf("GET %s as public: %d %q", p, res.StatusCode, res.Header.Get("Location"))
		}
		if res := e.getAs(t, admin, p); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s as admin: %d", p, res.StatusCode)
		}
	}
	for _, p := range posts {
		f := agreementFormValues(t, e)
		f.Set("version", agreementVersion(t, e, id))
		f.Set("to", "published")
		if res := e.post(t, regional, p, f); res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s as regional: %d", p, res.StatusCode)
		}
		if res := e.post(t, nil, p, f); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/fr/login") {
			t.Errorf("POST %s as public: %d %q", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if n := e.count(t, `SELECT count(*) FROM agreements`); n != 1 {
		t.Errorf("%d agreements after refused posts", n)
	}
	if n := e.count(t, `SELECT count(*) FROM agreements WHERE state = 'draft' AND version = 1`); n != 1 {
		t.Error("a refused post changed the agreement")
	}
	if res := e.getAs(t, staff, "/fr/staff/agreements/999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown agreement: %d", res.StatusCode)
	}
}
