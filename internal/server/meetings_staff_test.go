package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
)

// meetingForm is a complete, valid meeting form.
func meetingForm(e *env, t *testing.T) url.Values {
	t.Helper()
	hayar := e.id(t, `INSERT INTO officials (name_ar, name_fr, title_ar, title_fr, institution_id)
		SELECT 'عواطف حيار', 'Aawatif Hayar', 'الوزيرة', 'Ministre', id FROM institutions WHERE slug = 'msisf' RETURNING id`)
	wali := e.id(t, `INSERT INTO officials (name_ar, name_fr, title_ar) VALUES ('معاذ الجامعي', 'Mouad Jamai', 'والي جهة الشرق') RETURNING id`)
	axis := e.id(t, `SELECT id FROM axes WHERE slug = 'digitalisation'`)
	field := e.id(t, `SELECT id FROM fields WHERE slug = 'childhood'`)
	return url.Values{
		"region": {"2"}, "series": {"6"},
		"title_ar": {"لقاء تشاوري بوجدة"}, "title_fr": {"Rencontre consultative à Oujda"},
		"venue_ar": {"مقر ولاية جهة الشرق بوجدة"}, "venue_fr": {"Wilaya de l'Oriental, Oujda"},
		"date": {"19/01/2022"}, "time": {"10:00"}, "end_time": {"13:30"}, "format": {"hybrid"},
		"chair": {fmt.Sprint(hayar)}, "attendee-0-official": {fmt.Sprint(hayar)}, "attendee-1-official": {fmt.Sprint(wali)},
		"attendees_note_ar": {"عمال أقاليم الجهة"},
		"purpose_ar":        {"الاطلاع على انتظارات الفاعلين"}, "purpose_fr": {"Recueillir les attentes"},
		"axes": {fmt.Sprint(axis)}, "fields": {fmt.Sprint(field)},
		"agenda-0-title_ar": {"الدراسة الجهوية للهشاشة"}, "agenda-0-title_fr": {"Étude régionale sur la vulnérabilité"},
		"agenda-1-title_ar": {"حالة إقليم بركان"}, "agenda-1-presenter_ar": {"عامل إقليم بركان"},
		"agenda-5-title_ar":    {""}, // a blank row is ignored
		"grant-0-programme_ar": {"الشرق مبادرة"}, "grant-0-beneficiaries": {"120"}, "grant-0-amount": {"1 250 000"},
		"visit-0-place_ar": {"وجدة"}, "visit-0-description_ar": {"زيارة مشاريع اجتماعية"},
		"minutes_ar": {"محضر اللقاء"},
	}
}

func location(t *testing.T, res *http.Response) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		b, _ := io.ReadAll(res.Body)
		doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(b))
		t.Fatalf("status %d, want 303: %s", res.StatusCode, text(doc.Find(".error-summary, .field-error, h1")))
	}
	return res.Header.Get("Location")
}

func TestStaffRecordsAndPublishesAMeeting(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	if res := e.getAs(t, staff, "/ar/staff/meetings/new"); res.StatusCode != 200 {
		t.Fatalf("new form: %d", res.StatusCode)
	}
	loc := location(t, e.post(t, staff, "/ar/staff/meetings/new", meetingForm(e, t)))
	var id int64
	if _, err := fmt.Sscanf(loc, "/ar/staff/meetings/%d", &id); err != nil {
		t.Fatalf("redirect %q", loc)
	}
	var state string
	var agenda, attendees, grants, visits, audits int
	err := e.db.Pool().QueryRow(context.Background(), `SELECT state,
		(SELECT count(*) FROM agenda_items WHERE meeting_id = $1), (SELECT count(*) FROM meeting_attendees WHERE meeting_id = $1),
		(SELECT count(*) FROM support_grants WHERE meeting_id = $1 AND amount_dh = 1250000 AND beneficiaries = 120),
		(SELECT count(*) FROM field_visits WHERE meeting_id = $1), (SELECT count(*) FROM audit_log WHERE entity = 'meeting' AND entity_id = $1)
		FROM meetings WHERE id = $1 AND starts_at = '2022-01-19 10:00+01' AND ends_at = '2022-01-19 13:30+01'`, id).
		Scan(&state, &agenda, &attendees, &grants, &visits, &audits)
	if err != nil || state != "draft" || agenda != 2 || attendees != 2 || grants != 1 || visits != 1 || audits != 1 {
		t.Fatalf("stored: %v state %s agenda %d attendees %d grants %d visits %d audits %d", err, state, agenda, attendees, grants, visits, audits)
	}
	// A draft is invisible to the public; staff preview it in both languages.
	if res := e.get(t, fmt.Sprintf("/ar/meetings/%d", id)); res.StatusCode != 404 {
		t.Errorf("public draft: %d", res.StatusCode)
	}
	for _, l := range []string{"ar", "fr"} {
		res := e.getAs(t, staff, fmt.Sprintf("/%s/staff/meetings/%d/preview", l, id))
		doc, _ := goquery.NewDocumentFromReader(res.Body)
		if res.StatusCode != 200 || doc.Find(".notice").Length() == 0 || !strings.Contains(text(doc.Find("h1")), map[string]string{"ar": "لقاء تشاوري بوجدة", "fr": "Rencontre consultative à Oujda"}[l]) {
			t.Errorf("preview %s: %d %q", l, res.StatusCode, text(doc.Find("h1")))
		}
	}
	// The edit form shows the completeness of the translation.
	doc := e.page2(t, staff, fmt.Sprintf("/fr/staff/meetings/%d", id))
	if !strings.Contains(text(doc.Find(".completeness")), "le texte français manque") {
		t.Errorf("completeness: %q", text(doc.Find(".completeness")))
	}
	version, _ := doc.Find(`form input[name=version]`).First().Attr("value")
	location(t, e.post(t, staff, fmt.Sprintf("/fr/staff/meetings/%d/state", id), url.Values{"version": {version}, "to": {"published"}}))
	// Published: the public sees it in both languages, amounts formatted for each.
	ar := e.page(t, fmt.Sprintf("/ar/meetings/%d", id), 200)
	fr := e.page(t, fmt.Sprintf("/fr/meetings/%d", id), 200)
	if !strings.Contains(text(ar.Find("main")), "1.250.000") || !strings.Contains(text(fr.Find("main")), "1 250 000 DH") {
		t.Errorf("amounts: ar %q fr %q", text(ar.Find("td.num")), text(fr.Find("td.num")))
	}
	if !strings.Contains(text(fr.Find("main")), "Étude régionale sur la vulnérabilité") || !strings.Contains(text(fr.Find("main")), "Mouad Jamai") {
		t.Error("French public page lacks the agenda or the attendees")
	}
	// The history lists creation and publication.
	hist := e.page2(t, staff, fmt.Sprintf("/fr/staff/meetings/%d/history", id))
	if got := text(hist.Find("tbody")); !strings.Contains(got, "création") || !strings.Contains(got, "publication") {
		t.Errorf("history: %q", got)
	}
	// Archive, then restore: never deleted.
	version = fmt.Sprint(2)
	location(t, e.post(t, staff, fmt.Sprintf("/fr/staff/meetings/%d/state", id), url.Values{"version": {version}, "to": {"archived"}}))
	if res := e.get(t, fmt.Sprintf("/fr/meetings/%d", id)); res.StatusCode != 404 {
		t.Errorf("archived meeting public: %d", res.StatusCode)
	}
	location(t, e.post(t, staff, fmt.Sprintf("/fr/staff/meetings/%d/state", id), url.Values{"version": {"3"}, "to": {"draft"}}))
	// A move that is not allowed, or from a stale version, is refused.
	if res := e.post(t, staff, fmt.Sprintf("/fr/staff/meetings/%d/state", id), url.Values{"version": {"4"}, "to": {"archived_nope"}}); res.StatusCode != 400 {
		t.Errorf("bad transition: %d", res.StatusCode)
	}
	if res := e.post(t, staff, fmt.Sprintf("/fr/staff/meetings/%d/state", id), url.Values{"version": {"1"}, "to": {"published"}}); res.StatusCode != 409 {
		t.Errorf("stale state change: %d", res.StatusCode)
	}
}

// page2 gets a page as the holder of cookie and parses it (status 200).
func (e *env) page2(t *testing.T, cookie *http.Cookie, path string) *goquery.Document {
	t.Helper()
	res := e.getAs(t, cookie, path)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestMeetingFormRefusesBadInputAndKeepsEverything(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	good := meetingForm(e, t)
	for _, c := range []struct {
		name  string
		field string // the field whose error must show
		edit  func(url.Values)
	}{
		{"no Arabic title", "title_ar", func(v url.Values) { v.Set("title_ar", "  ") }},
		{"no region", "region", func(v url.Values) { v.Del("region") }},
		{"unknown region", "region", func(v url.Values) { v.Set("region", "99") }},
		{"region not a number", "region", func(v url.Values) { v.Set("region", "2 OR 1=1") }},
		{"impossible date", "date", func(v url.Values) { v.Set("date", "2026-02-30") }},
		{"no date", "date", func(v url.Values) { v.Set("date", "") }},
		{"bad time", "time", func(v url.Values) { v.Set("time", "25:00") }},
		{"end before start", "end_time", func(v url.Values) { v.Set("end_time", "09:00") }},
		{"unknown format", "format", func(v url.Values) { v.Set("format", "zoom") }},
		{"series out of range", "series", func(v url.Values) { v.Set("series", "13") }},
		{"negative series", "series", func(v url.Values) { v.Set("series", "-1") }},
		{"huge series", "series", func(v url.Values) { v.Set("series", "99999999999999999999") }},
		{"decimal amount", "grant-0-amount", func(v url.Values) { v.Set("grant-0-amount", "12,5") }},
		{"negative beneficiaries", "grant-0-beneficiaries", func(v url.Values) { v.Set("grant-0-beneficiaries", "-3") }},
		{"agenda row without Arabic", "agenda-1-title_ar", func(v url.Values) { v.Set("agenda-1-title_ar", ""); v.Set("agenda-1-title_fr", "Sans arabe") }},
		{"title too long", "title_ar", func(v url.Values) { v.Set("title_ar", strings.Repeat("ب", 501)) }},
		{"duplicated field", "title_fr", func(v url.Values) { v.Add("title_fr", "second") }},
		{"unknown official", "chair", func(v url.Values) { v.Set("chair", "424242") }},
		{"same attendee twice", "attendee-1-official", func(v url.Values) { v.Set("attendee-1-official", v.Get("attendee-0-official")) }},
		{"unknown axis", "axes", func(v url.Values) { v.Add("axes", "9999") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			form := url.Values{}
			for k, vs := range good {
				form[k] = append([]string(nil), vs...)
			}
			c.edit(form)
			res := e.post(t, staff, "/fr/staff/meetings/new", form)
			doc, _ := goquery.NewDocumentFromReader(res.Body)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.StatusCode)
			}
			if doc.Find("#f-"+c.field+"-error").Length() != 1 || doc.Find(`.error-summary a[href="#f-`+c.field+`"]`).Length() != 1 {
				t.Errorf("no error beside or summary link to %s: %s", c.field, text(doc.Find(".error-summary")))
			}
			if c.field != "title_fr" {
				if v, _ := doc.Find("#f-title_fr").Attr("value"); v != "Rencontre consultative à Oujda" {
					t.Errorf("title_fr not kept: %q", v)
				}
			}
			if v := text(doc.Find("#f-purpose_ar")); v != "الاطلاع على انتظارات الفاعلين" {
				t.Errorf("purpose not kept: %q", v)
			}
		})
	}
	var n int
	e.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM meetings`).Scan(&n)
	if n != 0 {
		t.Errorf("%d meetings written by failed forms", n)
	}
	// Bodies that are not forms, not UTF-8 or too large get a clear error, not a 500.
	for _, c := range []struct {
		ct   string
		body string
		want int
	}{
		{"application/json", `{"title_ar": "x"}`, 400},
		{"application/x-www-form-urlencoded", "title_ar=%FF%FE", 422}, // kept, mended, the error beside it
		{"application/x-www-form-urlencoded", "title_ar=a%00b", 422},
		{"application/x-www-form-urlencoded", "title_ar=" + strings.Repeat("a", 2<<20), 413},
	} {
		res := e.do(t, http.MethodPost, "/fr/staff/meetings/new", map[string]string{"Content-Type": c.ct, "Cookie": staff.Name + "=" + staff.Value}, strings.NewReader(c.body))
		if res.StatusCode != c.want {
			t.Errorf("%s %.20q: %d, want %d", c.ct, c.body, res.StatusCode, c.want)
		}
	}
}

func TestMeetingFormAddsRowsWithoutJavaScript(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	form := meetingForm(e, t)
	form.Set("add_row", "agenda")
	form.Set("title_ar", "") // an error does not block adding a row
	res := e.post(t, staff, "/ar/staff/meetings/new", form)
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	if res.StatusCode != 200 || doc.Find(".error-summary").Length() != 0 {
		t.Fatalf("add row: %d %s", res.StatusCode, text(doc.Find(".error-summary")))
	}
	// Two filled agenda rows, the blank one posted back, and one more.
	if n := doc.Find(`input[name$="-title_ar"][name^="agenda-"]`).Length(); n != 4 {
		t.Errorf("%d agenda rows, want 4", n)
	}
	if v, _ := doc.Find(`#f-agenda-1-presenter_ar`).Attr("value"); v != "عامل إقليم بركان" {
		t.Errorf("row value not kept: %q", v)
	}
	// Every row filled (none blank posted back): one blank row, not two.
	form.Del("agenda-5-title_ar")
	doc, _ = goquery.NewDocumentFromReader(e.post(t, staff, "/ar/staff/meetings/new", form).Body)
	if n := doc.Find(`input[name$="-title_ar"][name^="agenda-"]`).Length(); n != 3 {
		t.Errorf("%d agenda rows after adding to filled ones, want 3", n)
	}
	var n int
	e.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM meetings`).Scan(&n)
	if n != 0 {
		t.Error("adding a row saved the meeting")
	}
}

func TestConcurrentMeetingEditsAreRefusedNotLost(t *testing.T) {
	e := newEnv(t, false)
	alice := e.as(t, domain.RoleStaff, 0)
	e.user(t, "bob@example.ma", domain.RoleAdmin, 0)
	bob := e.signIn(t, "bob@example.ma")
	form := meetingForm(e, t)
	loc := location(t, e.post(t, alice, "/fr/staff/meetings/new", form))
	// Both open the edit form at version 1.
	read := func(c *http.Cookie) url.Values {
		doc := e.page2(t, c, loc)
		v := url.Values{}
		doc.Find(`form[action="` + loc + `"]`).Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
			name, _ := s.Attr("name")
			if name == "" {
				return
			}
			if _, checked := s.Attr("checked"); s.AttrOr("type", "") == "checkbox" && !checked {
				return
			}
			switch goquery.NodeName(s) {
			case "textarea":
				v.Add(name, s.Text())
			case "select":
				v.Add(name, s.Find("option[selected]").AttrOr("value", ""))
			default:
				v.Add(name, s.AttrOr("value", ""))
			}
		})
		return v
	}
	a, b := read(alice), read(bob)
	if a.Get("version") != "1" || b.Get("title_ar") != "لقاء تشاوري بوجدة" {
		t.Fatalf("edit form: version %q title %q", a.Get("version"), b.Get("title_ar"))
	}
	a.Set("title_fr", "Titre d'Alice")
	location(t, e.post(t, alice, loc, a))
	b.Set("title_fr", "Titre de Bob")
	res := e.post(t, bob, loc, b)
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second save: %d", res.StatusCode)
	}
	if v, _ := doc.Find("#f-title_fr").Attr("value"); v != "Titre de Bob" {
		t.Errorf("Bob's input lost: %q", v)
	}
	if !strings.Contains(text(doc.Find("#conflict")), "Quelqu'un d'autre a modifié") {
		t.Errorf("conflict message: %q", text(doc.Find("#conflict")))
	}
	var title string
	e.db.Pool().QueryRow(context.Background(), `SELECT title_fr FROM meetings`).Scan(&title)
	if title != "Titre d'Alice" {
		t.Errorf("stored title %q", title)
	}
}

// upload posts a file to an agenda item.
func (e *env) upload(t *testing.T, cookie *http.Cookie, path, filename, claimed string, data []byte) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, filename))
	h.Set("Content-Type", claimed)
	part, _ := mw.CreatePart(h)
	part.Write(data)
	mw.Close()
	return e.do(t, http.MethodPost, path, map[string]string{"Content-Type": mw.FormDataContentType(), "Cookie": cookie.Name + "=" + cookie.Value}, &body)
}

func TestAttachmentsAreCheckedAndServedAsDownloads(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	loc := location(t, e.post(t, staff, "/fr/staff/meetings/new", meetingForm(e, t)))
	var id int64
	fmt.Sscanf(loc, "/fr/staff/meetings/%d", &id)
	item := e.id(t, fmt.Sprintf(`SELECT id FROM agenda_items WHERE meeting_id = %d AND position = 1`, id))
	path := fmt.Sprintf("/fr/staff/meetings/%d/agenda/%d/attachments", id, item)
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	for _, c := range []struct {
		name, filename, claimed string
		data                    []byte
		want                    int
	}{
		{"HTML claiming to be a PDF", "etude.pdf", "application/pdf", []byte("<html><script>alert(1)</script></html>"), 422},
		{"path in the name", "../../etc/passwd.pdf", "application/pdf", pdf, 422},
		{"backslash path", `..\\x.pdf`, "application/pdf", pdf, 422},
		{"control character", "etude\x01.pdf", "application/pdf", pdf, 422},
		{"bidi override", "etude\u202Efdp.exe", "application/pdf", pdf, 422},
		{"empty file", "vide.pdf", "application/pdf", nil, 422},
		{"too large", "grand.pdf", "application/pdf", append(append([]byte{}, pdf...), make([]byte, 11<<20)...), 413},
		{"a real PDF", "الدراسة الجهوية.pdf", "application/octet-stream", pdf, 303},
	} {
		res := e.upload(t, staff, path, c.filename, c.claimed, c.data)
		if res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", c.name, res.StatusCode, c.want)
		}
	}
	var n int
	e.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM attachments`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d attachments stored, want 1", n)
	}
	file := e.id(t, `SELECT id FROM attachments`)
	if _, err := e.db.Pool().Exec(context.Background(), `UPDATE meetings SET state = 'published'`); err != nil {
		t.Fatal(err)
	}
	res := e.get(t, fmt.Sprintf("/ar/meetings/%d/attachments/%d", id, file))
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") || !bytes.Equal(b, pdf) {
		t.Errorf("download: %d %v", res.StatusCode, res.Header)
	}
	doc := e.page(t, fmt.Sprintf("/ar/meetings/%d", id), 200)
	if doc.Find(`a[download]:contains("الدراسة الجهوية.pdf")`).Length() != 1 {
		t.Error("public page does not list the attachment")
	}
	// An agenda item with files cannot be removed from the meeting.
	form := meetingForm(e, t)
	form.Set("version", "1")
	form.Del("agenda-0-title_ar")
	form.Del("agenda-0-title_fr")
	form.Set("agenda-1-id", fmt.Sprint(e.id(t, fmt.Sprintf(`SELECT id FROM agenda_items WHERE meeting_id = %d AND position = 2`, id))))
	res = e.post(t, staff, fmt.Sprintf("/fr/staff/meetings/%d", id), form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("removing an item with files: %d", res.StatusCode)
	}
}
