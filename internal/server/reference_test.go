package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tachawor/internal/domain"
)

func institutionForm(ar, fr, short, slug string) url.Values {
	return url.Values{"name_ar": {ar}, "name_fr": {fr}, "short_name": {short}, "slug": {slug}}
}

func TestStaffManagesInstitutions(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	ads := e.id(t, `SELECT id FROM institutions WHERE slug = 'ads'`)
	doc := agreementDoc(t, e.getAs(t, staff, "/fr/staff/institutions"), http.StatusOK)
	if doc.Find(fmt.Sprintf(`a[href="/fr/staff/institutions/%d"]`, ads)).Length() != 1 {
		t.Fatalf("institution list: %q", text(doc.Find("main")))
	}
	agreementDoc(t, e.getAs(t, staff, "/ar/staff/institutions/new"), http.StatusOK)

	// An empty slug is made from the short name, numbered when taken.
	for _, want := range []string{"amal", "amal-2"} {
		res := e.post(t, staff, "/fr/staff/institutions/new", institutionForm("جمعية الأمل", "Association Al Amal", "AMAL", ""))
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/fr/staff/institutions/") {
			t.Fatalf("create: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if n := e.count(t, `SELECT count(*) FROM institutions WHERE slug = $1 AND created_by IS NOT NULL`, want); n != 1 {
			t.Errorf("no institution with slug %s", want)
		}
	}
	res := e.post(t, staff, "/fr/staff/institutions/new", institutionForm("مؤسسة محمد الخامس للتضامن", "Fondation Mohammed V pour la Solidarité", "", ""))
	if res.StatusCode != http.StatusSeeOther || e.count(t, `SELECT count(*) FROM institutions WHERE slug = 'fondation-mohammed-v-pour-la-solidarite'`) != 1 {
		t.Errorf("slug from the French name: %d", res.StatusCode)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'institution' AND action = 'create'`); n != 3 {
		t.Errorf("%d audit lines", n)
	}

	before := e.count(t, `SELECT count(*) FROM institutions`)
	for _, c := range []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"slug taken", institutionForm("وكالة", "Agence", "", "ads"), "slug", "déjà"},
		{"slug not lowercase ASCII", institutionForm("وكالة", "Agence", "", "agence-dév"), "slug", "minuscules"},
		{"slug with a double hyphen", institutionForm("وكالة", "Agence", "", "a--b"), "slug", "minuscules"},
		{"missing Arabic name", institutionForm("", "Agence", "", ""), "name_ar", "arabe"},
		{"name too long", institutionForm(strings.Repeat("ب", 301), "Agence", "", ""), "name_ar", "long"},
		{"short name given twice", func() url.Values {
			f := institutionForm("وكالة", "Agence", "AG", "")
			f.Add("short_name", "AG2")
			return f
		}(), "short_name", "plusieurs fois"},
		{"invalid UTF-8", institutionForm("وكالة", "Agence \xff", "", ""), "name_fr", "non valides"},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := agreementDoc(t, e.post(t, staff, "/fr/staff/institutions/new", c.form), http.StatusUnprocessableEntity)
			if beside := doc.Find("#f-" + c.field + "-error"); !strings.Contains(text(beside), c.msg) {
				t.Errorf("error beside %s: %q (summary %q)", c.field, text(beside), text(doc.Find(".error-summary")))
			}
			if c.field != "name_fr" {
				if v, _ := doc.Find("#f-name_fr").Attr("value"); v != c.form.Get("name_fr") {
					t.Errorf("French name not kept: %q", v)
				}
			}
			if n := e.count(t, `SELECT count(*) FROM institutions`); n != before {
				t.Errorf("an institution was written")
			}
		})
	}

	// Edits are version-checked: the second of two edits from one version
	// is refused with its input kept, the first left intact.
	id := e.id(t, `SELECT id FROM institutions WHERE slug = 'amal'`)
	path := fmt.Sprintf("/fr/staff/institutions/%d", id)
	doc = agreementDoc(t, e.getAs(t, staff, path), http.StatusOK)
	version, _ := doc.Find(`input[name="version"]`).First().Attr("value")
	if v, _ := doc.Find("#f-slug").Attr("value"); v != "amal" || version == "" {
		t.Fatalf("edit form: slug %q, version %q", v, version)
	}
	first := institutionForm("جمعية الأمل للتنمية", "Association Al Amal pour le développement", "AMAL", "amal")
	first.Set("version", version)
	if res := e.post(t, staff, path, first); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("first edit: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	second := institutionForm("جمعية الأمل", "Seconde saisie", "AMAL", "amal")
	second.Set("version", version)
	doc = agreementDoc(t, e.post(t, staff, path, second), http.StatusConflict)
	if v, _ := doc.Find("#f-name_fr").Attr("value"); v != "Seconde saisie" {
		t.Errorf("second edit not kept: %q", v)
	}
	if !strings.Contains(text(doc.Find("[role=alert]")), "Quelqu'un d'autre") {
		t.Errorf("conflict message: %q", text(doc.Find("[role=alert]")))
	}
	if n := e.count(t, `SELECT count(*) FROM institutions WHERE id = $1 AND name_fr = 'Association Al Amal pour le développement'`, id); n != 1 {
		t.Error("first edit not intact")
	}

	// An agreement names the institution; archived, it is offered no more
	// but stays on that agreement, on the edit form and the public page.
	f := agreementFormValues(t, e)
	f.Set("party-1-institution", fmt.Sprint(id))
	agreement := createAgreement(t, e, staff, f)
	if res := e.post(t, staff, fmt.Sprintf("/fr/staff/agreements/%d/state", agreement), url.Values{"version": {"1"}, "to": {"published"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	res = e.post(t, staff, path+"/archive", url.Values{"action": {"archive"}, "version": {fmt.Sprint(e.count(t, `SELECT version FROM institutions WHERE id = $1`, id))}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("archive: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	option := fmt.Sprintf(`option[value="%d"]`, id)
	if agreementDoc(t, e.getAs(t, staff, "/fr/staff/agreements/new"), 200).Find("#f-party-0-institution "+option).Length() != 0 {
		t.Error("archived institution offered on a new agreement")
	}
	if agreementDoc(t, e.getAs(t, staff, "/fr/staff/officials/new"), 200).Find("#f-institution "+option).Length() != 0 {
		t.Error("archived institution offered on a new official")
	}
	doc = agreementDoc(t, e.getAs(t, staff, fmt.Sprintf("/fr/staff/agreements/%d", agreement)), 200)
	if sel := doc.Find("#f-party-1-institution " + option + "[selected]"); sel.Length() != 1 || !strings.Contains(text(sel), "archivé") {
		t.Errorf("archived party lost from its agreement's form: %q", text(doc.Find("#f-party-1-institution")))
	}
	// Saving that agreement again keeps the archived party.
	f.Set("version", fmt.Sprint(e.count(t, `SELECT version FROM agreements WHERE id = $1`, agreement)))
	if res := e.post(t, staff, fmt.Sprintf("/fr/staff/agreements/%d", agreement), f); res.StatusCode != http.StatusSeeOther {
		t.Errorf("saving an agreement with an archived party: %d", res.StatusCode)
	}
	if !strings.Contains(text(e.page(t, fmt.Sprintf("/fr/agreements/%d", agreement), 200).Find("main")), "Association Al Amal pour le développement") {
		t.Error("archived party not on the public page")
	}
	if agreementDoc(t, e.getAs(t, staff, "/fr/staff/institutions"), 200).Find(fmt.Sprintf(`a[href="%s"]`, path)).Length() != 0 {
		t.Error("archived institution among those in use")
	}
	if agreementDoc(t, e.getAs(t, staff, "/fr/staff/institutions?show=archived"), 200).Find(fmt.Sprintf(`a[href="%s"]`, path)).Length() != 1 {
		t.Error("archived institution not among the archived")
	}
	res = e.post(t, staff, path+"/archive", url.Values{"action": {"restore"}, "version": {fmt.Sprint(e.count(t, `SELECT version FROM institutions WHERE id = $1`, id))}})
	if res.StatusCode != http.StatusSeeOther || e.count(t, `SELECT count(*) FROM institutions WHERE id = $1 AND archived_at IS NULL`, id) != 1 {
		t.Errorf("restore: %d", res.StatusCode)
	}
	// A stale archive is refused.
	if res := e.post(t, staff, path+"/archive", url.Values{"action": {"archive"}, "version": {version}}); res.StatusCode != http.StatusConflict {
		t.Errorf("stale archive: %d", res.StatusCode)
	}
	var actions string
	if err := e.db.Pool().QueryRow(t.Context(), `SELECT string_agg(action, ',' ORDER BY id) FROM audit_log
		WHERE entity = 'institution' AND entity_id = $1`, id).Scan(&actions); err != nil {
		t.Fatal(err)
	}
	if actions != "create,update,archive,restore" {
		t.Errorf("audit: %s", actions)
	}
}

func TestStaffManagesOfficials(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	ads := fmt.Sprint(e.id(t, `SELECT id FROM institutions WHERE slug = 'ads'`))
	form := url.Values{"name_ar": {"فاطمة الزهراء"}, "name_fr": {"Fatima Zahra"}, "title_ar": {"مديرة"}, "title_fr": {""}, "institution": {ads}}
	res := e.post(t, staff, "/fr/staff/officials/new", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/fr/staff/officials/") {
		t.Fatalf("create: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	id := e.id(t, `SELECT id FROM officials WHERE name_fr = 'Fatima Zahra'`)
	path := fmt.Sprintf("/fr/staff/officials/%d", id)
	doc := agreementDoc(t, e.getAs(t, staff, "/ar/staff/officials"), http.StatusOK)
	if doc.Find(fmt.Sprintf(`a[href="/ar/staff/officials/%d"]`, id)).Length() != 1 || !strings.Contains(text(doc.Find("main")), "وكالة التنمية الاجتماعية") {
		t.Errorf("official list: %q", text(doc.Find("main")))
	}
	doc = agreementDoc(t, e.getAs(t, staff, path), http.StatusOK)
	if doc.Find(`#f-institution option[value="`+ads+`"][selected]`).Length() != 1 {
		t.Error("institution not chosen on the edit form")
	}
	if doc.Find(`.completeness a[href="#f-title_fr"]`).Length() != 1 {
		t.Errorf("completeness: %q", text(doc.Find(".completeness")))
	}

	archived := fmt.Sprint(e.id(t, `UPDATE institutions SET archived_at = now() WHERE slug = 'anapec' RETURNING id`))
	before := e.count(t, `SELECT count(*) FROM officials`)
	for _, c := range []struct {
		name, field, value, where, msg string
	}{
		{"missing Arabic name", "name_ar", "", "name_ar", "arabe"},
		{"unknown institution", "institution", "999999", "institution", "liste"},
		{"archived institution", "institution", archived, "institution", "liste"},
		{"garbled institution", "institution", "ads", "institution", "liste"},
		{"title too long", "title_fr", strings.Repeat("x", 301), "title_fr", "long"},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set(c.field, c.value)
		doc := agreementDoc(t, e.post(t, staff, "/fr/staff/officials/new", f), http.StatusUnprocessableEntity)
		if beside := doc.Find("#f-" + c.where + "-error"); !strings.Contains(text(beside), c.msg) {
			t.Errorf("%s: error beside %s: %q", c.name, c.where, text(beside))
		}
		if v, _ := doc.Find("#f-name_fr").Attr("value"); v != "Fatima Zahra" {
			t.Errorf("%s: French name not kept: %q", c.name, v)
		}
		if n := e.count(t, `SELECT count(*) FROM officials`); n != before {
			t.Errorf("%s: an official was written", c.name)
		}
	}

	// An official whose institution was archived keeps it on their form.
	if _, err := e.db.Pool().Exec(t.Context(), `UPDATE officials SET institution_id = $1 WHERE id = $2`, archived, id); err != nil {
		t.Fatal(err)
	}
	doc = agreementDoc(t, e.getAs(t, staff, path), http.StatusOK)
	if doc.Find(`#f-institution option[value="`+archived+`"][selected]`).Length() != 1 {
		t.Error("archived institution lost from the official's form")
	}
	version, _ := doc.Find(`form:not(.inline-form) input[name="version"]`).Attr("value")
	first := url.Values{"name_ar": {"فاطمة الزهراء"}, "name_fr": {"Fatima Zahra B."}, "title_ar": {"مديرة"}, "title_fr": {"Directrice"},
		"institution": {archived}, "version": {version}}
	if res := e.post(t, staff, path, first); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("edit: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	second := url.Values{"name_ar": {"فاطمة"}, "name_fr": {"Autre saisie"}, "title_ar": {""}, "title_fr": {""}, "institution": {ads}, "version": {version}}
	doc = agreementDoc(t, e.post(t, staff, path, second), http.StatusConflict)
	if v, _ := doc.Find("#f-name_fr").Attr("value"); v != "Autre saisie" {
		t.Errorf("second edit not kept: %q", v)
	}
	if n := e.count(t, `SELECT count(*) FROM officials WHERE id = $1 AND name_fr = 'Fatima Zahra B.' AND title_fr = 'Directrice'`, id); n != 1 {
		t.Error("first edit not intact")
	}

	v := fmt.Sprint(e.count(t, `SELECT version FROM officials WHERE id = $1`, id))
	if res := e.post(t, staff, path+"/archive", url.Values{"action": {"archive"}, "version": {v}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	doc = agreementDoc(t, e.getAs(t, staff, path), 200)
	if !strings.Contains(text(doc.Find(".flash")), "archivé") || doc.Find(`input[name="action"][value="restore"]`).Length() != 1 ||
		!strings.Contains(text(doc.Find("main")), "reste affiché") {
		t.Errorf("archived official's page: %q / %q", text(doc.Find(".flash")), text(doc.Find("main")))
	}
	if agreementDoc(t, e.getAs(t, staff, "/fr/staff/officials?show=archived"), 200).Find(fmt.Sprintf(`a[href="%s"]`, path)).Length() != 1 {
		t.Error("archived official not listed as archived")
	}
}

func TestReferencePagesAreForStaff(t *testing.T) {
	e := newEnv(t, false)
	regional := e.as(t, domain.RoleRegional, 2)
	admin := e.as(t, domain.RoleAdmin, 0)
	ads := e.id(t, `SELECT id FROM institutions WHERE slug = 'ads'`)
	official := e.id(t, `INSERT INTO officials (name_ar) VALUES ('مسؤول') RETURNING id`)
	inst := fmt.Sprintf("/fr/staff/institutions/%d", ads)
	off := fmt.Sprintf("/fr/staff/officials/%d", official)
	for _, p := range []string{"/fr/staff/institutions", "/fr/staff/institutions/new", inst, "/fr/staff/officials", "/fr/staff/officials/new", off} {
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
	for _, p := range []string{"/fr/staff/institutions/new", inst, "/fr/staff/officials/new", off} {
		f := url.Values{"name_ar": {"اسم"}, "version": {"1"}, "action": {"archive"}}
		if res := e.post(t, regional, p, f); res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s as regional: %d", p, res.StatusCode)
		}
		if res := e.post(t, nil, p, f); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/fr/login") {
			t.Errorf("POST %s as public: %d", p, res.StatusCode)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE entity IN ('institution', 'official')`); n != 0 {
		t.Errorf("refused posts wrote %d audit lines", n)
	}
	if res := e.getAs(t, admin, "/fr/staff/institutions/99999999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("out-of-range id: %d", res.StatusCode)
	}
}
