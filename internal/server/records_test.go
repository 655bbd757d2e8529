package server_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
)

// Records stay as staff left them: nothing lost, reverted, created twice
// or refused by mistake, through the real handlers and database.

// createMeeting posts the meeting form and returns the new meeting's ID.
func (e *env) createMeeting(t *testing.T, staff *http.Cookie, form url.Values) int64 {
	t.Helper()
	loc := location(t, e.post(t, staff, "/fr/staff/meetings/new", form))
	var id int64
	if _, err := fmt.Sscanf(loc, "/fr/staff/meetings/%d", &id); err != nil {
		t.Fatalf("location %q", loc)
	}
	return id
}

// editValues reads the values of the record form at path, as a browser
// would post them back.
func (e *env) editValues(t *testing.T, cookie *http.Cookie, path string) url.Values {
	t.Helper()
	doc := e.page2(t, cookie, path)
	v := url.Values{}
	doc.Find("#record-form input, #record-form textarea, #record-form select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		switch {
		case name == "" || s.Is("button"):
		case s.Is("textarea"):
			v.Add(name, s.Text())
		case s.Is("select"):
			v.Add(name, s.Find("option[selected]").AttrOr("value", ""))
		case s.Is(`input[type=checkbox]`):
			if _, ok := s.Attr("checked"); ok {
				v.Add(name, s.AttrOr("value", ""))
			}
		default:
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	return v
}

func TestRepeatableSectionsNeverLoseRows(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	meetings := func() int { return e.count(t, `SELECT count(*) FROM meetings`) }

	// More rows than a section takes: refused beside the section, nothing saved.
	form := meetingForm(e, t)
	for i := 0; i < 101; i++ {
		form.Set(fmt.Sprintf("agenda-%d-title_ar", i), fmt.Sprintf("بند %d", i))
	}
	doc := agreementDoc(t, e.post(t, staff, "/fr/staff/meetings/new", form), http.StatusUnprocessableEntity)
	if !strings.Contains(text(doc.Find("#f-agenda-error")), "100") || doc.Find(`.error-summary a[href="#f-agenda"]`).Length() != 1 {
		t.Errorf("101 agenda rows: %q", text(doc.Find(".error-summary")))
	}
	if n := doc.Find(`input[name$="-title_ar"][name^="agenda-"]`).Length(); n != 101 {
		t.Errorf("the 101 rows typed come back as %d", n)
	}
	if meetings() != 0 {
		t.Fatal("a meeting with too many rows was saved")
	}
	// Exactly as many as it takes: saved, every one.
	form = meetingForm(e, t)
	for i := 0; i < 100; i++ {
		form.Set(fmt.Sprintf("agenda-%d-title_ar", i), fmt.Sprintf("بند %d", i))
	}
	id := e.createMeeting(t, staff, form)
	if n := e.count(t, `SELECT count(*) FROM agenda_items WHERE meeting_id = $1`, id); n != 100 {
		t.Fatalf("%d agenda items saved, want 100", n)
	}

	// A row carrying another meeting's agenda item, or two rows one item:
	// refused, nothing changed.
	other := e.createMeeting(t, staff, meetingForm(e, t))
	foreign := e.id(t, fmt.Sprintf(`SELECT id FROM agenda_items WHERE meeting_id = %d AND position = 1`, other))
	path := fmt.Sprintf("/fr/staff/meetings/%d", other)
	for name, edit := range map[string]func(v url.Values){
		"foreign": func(v url.Values) { v.Set("agenda-1-id", fmt.Sprint(foreign+1000)) },
		"twice":   func(v url.Values) { v.Set("agenda-1-id", v.Get("agenda-0-id")) },
		"another": func(v url.Values) {
			v.Set("agenda-1-id", fmt.Sprint(e.id(t, fmt.Sprintf(`SELECT min(id) FROM agenda_items WHERE meeting_id = %d`, id))))
		},
	} {
		v := e.editValues(t, staff, path)
		edit(v)
		doc := agreementDoc(t, e.post(t, staff, path, v), http.StatusUnprocessableEntity)
		if text(doc.Find("#f-agenda-error")) == "" {
			t.Errorf("%s: no error beside the agenda: %q", name, text(doc.Find(".error-summary")))
		}
	}
	if n := e.count(t, `SELECT version FROM meetings WHERE id = $1`, other); n != 1 {
		t.Errorf("refused edits changed the meeting: version %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM agenda_items WHERE meeting_id = $1`, other); n != 2 {
		t.Errorf("%d agenda items after refused edits, want 2", n)
	}
}

func TestCreateFormPostedTwiceMakesOneRecord(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	form := meetingForm(e, t)
	form.Set("token", formToken())
	first := location(t, e.post(t, staff, "/fr/staff/meetings/new", form))
	res := e.post(t, staff, "/fr/staff/meetings/new", form)
	if again := location(t, res); again != first {
		t.Fatalf("second post went to %q, the first to %q", again, first)
	}
	if doc := e.page2(t, sessionFrom(res, staff), first); !strings.Contains(text(doc.Find(".flash")), "déjà") {
		t.Errorf("the second answer does not say the record was saved already: %q", text(doc.Find(".flash")))
	}
	if n := e.count(t, `SELECT count(*) FROM meetings`); n != 1 {
		t.Fatalf("%d meetings from one form posted twice", n)
	}

	// Twenty posts of one form at the same moment: one record, every answer
	// leading to it.
	inst := url.Values{"name_ar": {"جمعية البركة"}, "name_fr": {"Association Al Baraka"}, "token": {formToken()}}
	var wg sync.WaitGroup
	start := make(chan struct{})
	locations := make([]string, 20)
	for i := range locations {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := e.post(t, staff, "/fr/staff/institutions/new", inst)
			io.Copy(io.Discard, res.Body)
			locations[i] = fmt.Sprint(res.StatusCode, " ", res.Header.Get("Location"))
		}()
	}
	close(start)
	wg.Wait()
	for _, l := range locations {
		if l != locations[0] || !strings.HasPrefix(l, "303 /fr/staff/institutions/") {
			t.Fatalf("answers differ: %v", locations)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM institutions WHERE name_fr = 'Association Al Baraka'`); n != 1 {
		t.Fatalf("%d institutions from one form posted 20 times at once", n)
	}

	// A create form without its token saves nothing and says so, keeping
	// what was typed and carrying a fresh token.
	form = meetingForm(e, t)
	form.Set("token", "")
	doc := agreementDoc(t, e.post(t, staff, "/fr/staff/meetings/new", form), http.StatusUnprocessableEntity)
	if !strings.Contains(text(doc.Find(".error-summary")), "expiré") || doc.Find(`input[name=token]`).AttrOr("value", "") == "" {
		t.Errorf("no token: %q", text(doc.Find(".error-summary")))
	}
	if v := doc.Find("#f-title_fr").AttrOr("value", ""); v != form.Get("title_fr") {
		t.Errorf("title not kept: %q", v)
	}
	if n := e.count(t, `SELECT count(*) FROM meetings`); n != 1 {
		t.Fatalf("a form without its token saved a meeting")
	}
}

// sessionFrom is the session cookie res set, or cookie when it set none.
func sessionFrom(res *http.Response, cookie *http.Cookie) *http.Cookie {
	if c := sessionCookie(res); c != nil {
		return c
	}
	return cookie
}

func TestEditConflictShowsWhatChangedAndKeepsMineOnlyWhenAsked(t *testing.T) {
	e := newEnv(t, false)
	e.user(t, "alice@example.ma", domain.RoleStaff, 0)
	e.user(t, "bob@example.ma", domain.RoleStaff, 0)
	alice, bob := e.signIn(t, "alice@example.ma"), e.signIn(t, "bob@example.ma")
	id := e.createMeeting(t, alice, meetingForm(e, t))
	path := fmt.Sprintf("/fr/staff/meetings/%d", id)
	a, b := e.editValues(t, alice, path), e.editValues(t, bob, path)

	a.Set("title_fr", "Titre d'Alice")
	a.Set("venue_fr", "Salle d'Alice")
	location(t, e.post(t, alice, path, a))

	b.Set("title_fr", "Titre de Bob")
	b.Set("minutes_fr", "Procès-verbal de Bob")
	res := e.post(t, bob, path, b)
	doc := agreementDoc(t, res, http.StatusConflict)
	box := doc.Find("#conflict")
	rows := box.Find("tbody tr")
	if rows.Length() != 2 {
		t.Fatalf("the conflict lists %d fields, want the 2 Alice changed: %q", rows.Length(), text(box))
	}
	for i, want := range [][]string{{"Titre", "Titre d'Alice", "Titre de Bob"}, {"Lieu", "Salle d'Alice", "Wilaya de l'Oriental"}} {
		row := text(rows.Eq(i))
		for _, w := range want {
			if !strings.Contains(row, w) {
				t.Errorf("conflict row %d %q lacks %q", i, row, w)
			}
		}
		if !strings.Contains(row, "Test staff") && !strings.Contains(row, "alice") {
			t.Errorf("conflict row %d does not say who saved: %q", i, row)
		}
	}
	if v := doc.Find("#f-minutes_fr").Text(); v != "Procès-verbal de Bob" {
		t.Errorf("Bob's input lost: %q", v)
	}
	// Saving again as before meets the same conflict: Alice's edit stays.
	again := e.editValues(t, bob, path) // what a fresh page would carry: not what Bob has
	_ = again
	keep := url.Values{}
	doc.Find("#record-form input, #record-form textarea, #record-form select").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch {
		case name == "":
		case s.Is("textarea"):
			keep.Add(name, s.Text())
		case s.Is("select"):
			keep.Add(name, s.Find("option[selected]").AttrOr("value", ""))
		case s.Is("input[type=checkbox]"):
			if _, ok := s.Attr("checked"); ok {
				keep.Add(name, s.AttrOr("value", ""))
			}
		default:
			keep.Add(name, s.AttrOr("value", ""))
		}
	})
	if keep.Get("seen") == "" || keep.Get("version") != "1" {
		t.Fatalf("the conflict form carries version %q and seen %q", keep.Get("version"), keep.Get("seen"))
	}
	agreementDoc(t, e.post(t, bob, path, keep), http.StatusConflict)
	var title string
	e.db.Pool().QueryRow(t.Context(), `SELECT title_fr FROM meetings WHERE id = $1`, id).Scan(&title)
	if title != "Titre d'Alice" {
		t.Fatalf("pressing save again overwrote Alice's edit: %q", title)
	}
	// "Keep mine" is the explicit choice that saves over it.
	keep.Set("resolve", "mine")
	location(t, e.post(t, bob, path, keep))
	var minutes string
	e.db.Pool().QueryRow(t.Context(), `SELECT title_fr, minutes_fr FROM meetings WHERE id = $1`, id).Scan(&title, &minutes)
	if title != "Titre de Bob" || minutes != "Procès-verbal de Bob" {
		t.Fatalf("keep mine saved %q, %q", title, minutes)
	}
	// A missing or garbled version is a conflict too, on every record form,
	// never a silent save over the stored one.
	for _, p := range []string{path, fmt.Sprintf("/fr/staff/institutions/%d", e.id(t, `SELECT id FROM institutions WHERE slug = 'ads'`))} {
		for _, version := range []string{"", "abc", "0"} {
			v := e.editValues(t, bob, p)
			v.Set("version", version)
			if res := e.post(t, bob, p, v); res.StatusCode != http.StatusConflict {
				t.Errorf("%s with version %q: %d", p, version, res.StatusCode)
			}
		}
	}
}

func TestEveryFormReadsValuesAlike(t *testing.T) {
	e := newEnv(t, true)
	staff := e.as(t, domain.RoleStaff, 0)
	// Dates in Arabic-Indic digits with bidi marks, on the meeting form...
	form := meetingForm(e, t)
	form.Set("date", "\u200f١٩/٠١/٢٠٢٢")
	form.Set("series", "٦")
	id := e.createMeeting(t, staff, form)
	if n := e.count(t, `SELECT count(*) FROM meetings WHERE id = $1 AND starts_at::date = '2022-01-19' AND series_position = 6`, id); n != 1 {
		t.Error("meeting: Arabic-Indic date or number not read")
	}
	// ... the agreement form, and percentages alike on agreements and commitments.
	f := agreementFormValues(t, e)
	f.Set("signed_on", "١٩/٠١/٢٠٢٢")
	f.Set("milestone-0-percent", "٥٠")
	agreement := createAgreement(t, e, staff, f)
	if n := e.count(t, `SELECT count(*) FROM agreements a JOIN agreement_milestones m ON m.agreement_id = a.id
		WHERE a.id = $1 AND a.signed_on = '2022-01-19' AND m.percent = 50`, agreement); n != 1 {
		t.Error("agreement: Arabic-Indic date or percentage not read")
	}
	expectation := e.id(t, `SELECT id FROM expectations WHERE region_id = 2 AND status = 'retained' LIMIT 1`)
	c := url.Values{"region": {"2"}, "axis": {fmt.Sprint(e.id(t, `SELECT id FROM axes WHERE slug = 'convergence'`))},
		"title_ar": {"التزام"}, "institution": {fmt.Sprint(e.id(t, `SELECT id FROM institutions WHERE slug = 'ads'`))},
		"due": {"٣١/١٢/٢٠٢٤"}, "progress": {"٥٠ ٪"}, "expectations": {fmt.Sprint(expectation)},
		"milestone-0-title_ar": {"مرحلة"}, "milestone-0-percent": {"٢٥"}}
	location(t, e.post(t, staff, "/fr/staff/commitments/new", c))
	if n := e.count(t, `SELECT count(*) FROM commitments c JOIN commitment_milestones m ON m.commitment_id = c.id
		WHERE c.title_ar = 'التزام' AND c.due_on = '2024-12-31' AND c.progress = 50 AND m.percent = 25`); n != 1 {
		t.Error("commitment: Arabic-Indic date or percentage not read")
	}
	// A date typed wrong comes back as typed, beside its problem.
	form = meetingForm(e, t)
	form.Set("date", "30/02/2026")
	doc := agreementDoc(t, e.post(t, staff, "/fr/staff/meetings/new", form), http.StatusUnprocessableEntity)
	if v := doc.Find("#f-date").AttrOr("value", ""); v != "30/02/2026" || !strings.Contains(text(doc.Find("#f-date-error")), "n'existe pas") {
		t.Errorf("wrong date: kept %q, error %q", v, text(doc.Find("#f-date-error")))
	}
	// Invalid UTF-8 is kept beside its field, mended, on every form.
	for _, p := range []string{"/fr/staff/meetings/new", "/fr/staff/agreements/new", "/fr/staff/institutions/new", "/fr/staff/commitments/new"} {
		res := e.post(t, staff, p, url.Values{"title_fr": {"a\xffb"}, "subject_fr": {"a\xffb"}, "name_fr": {"a\xffb"}})
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity || !bytes.Contains(body, []byte("caractères non valides")) {
			t.Errorf("%s with invalid UTF-8: %d", p, res.StatusCode)
		}
	}
}

func TestProblemsComeInPageOrder(t *testing.T) {
	e := newEnv(t, false)
	official := e.as(t, domain.RoleRegional, 2)
	var first []string
	for i := 0; i < 20; i++ {
		doc := agreementDoc(t, e.post(t, official, "/fr/staff/expectations/new", url.Values{"priority": {""}}), http.StatusUnprocessableEntity)
		var order []string
		doc.Find(".error-summary a").Each(func(_ int, s *goquery.Selection) { order = append(order, s.AttrOr("href", "")) })
		if i == 0 {
			first = order
			if len(order) < 2 || order[0] != "#f-title_ar" {
				t.Fatalf("problems %v: want the title's first, as on the page", order)
			}
			continue
		}
		if strings.Join(order, ",") != strings.Join(first, ",") {
			t.Fatalf("request %d lists %v, the first %v", i, order, first)
		}
	}
}

func TestAttachmentsUpToTenMegabytes(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	id := e.createMeeting(t, staff, meetingForm(e, t))
	item := e.id(t, fmt.Sprintf(`SELECT id FROM agenda_items WHERE meeting_id = %d AND position = 1`, id))
	path := fmt.Sprintf("/fr/staff/meetings/%d/agenda/%d/attachments", id, item)
	pdf := func(size int) []byte {
		b := make([]byte, size)
		copy(b, "%PDF-1.4\n")
		for i := 9; i < size; i++ {
			b[i] = byte('a' + i%26)
		}
		return b
	}
	// 5 MiB goes through the real handler and comes back whole.
	five := pdf(5 << 20)
	if res := e.upload(t, staff, path, "الدراسة.pdf", "application/pdf", five); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("5 MiB: %d", res.StatusCode)
	}
	file := e.id(t, `SELECT id FROM attachments`)
	res := e.getAs(t, staff, fmt.Sprintf("/fr/staff/meetings/%d/attachments/%d", id, file))
	got, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !bytes.Equal(got, five) {
		t.Fatalf("5 MiB download: %d, %d bytes", res.StatusCode, len(got))
	}
	// 12 MiB: the meeting's form back with the error beside the file field,
	// the connection whole (the test reads the answer).
	res = e.upload(t, staff, path, "grand.pdf", "application/pdf", pdf(12<<20))
	doc := agreementDoc(t, res, http.StatusRequestEntityTooLarge)
	if !strings.Contains(text(doc.Find(fmt.Sprintf("#f-file-%d-error", item))), "10") || doc.Find("#record-form").Length() != 1 {
		t.Errorf("12 MiB: %q", text(doc.Find(".error-summary")))
	}
	// A wrong type: the form again, the error beside the field.
	doc = agreementDoc(t, e.upload(t, staff, path, "page.html", "text/html", []byte("<html><body>x</body></html>")), http.StatusUnprocessableEntity)
	if text(doc.Find(fmt.Sprintf("#f-file-%d-error", item))) == "" {
		t.Errorf("wrong type: %q", text(doc.Find(".error-summary")))
	}
	// evil.html with a PDF body is stored as a PDF, named so.
	if res := e.upload(t, staff, path, "evil.html", "text/html", pdf(1000)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("evil.html: %d", res.StatusCode)
	}
	var name, ct string
	e.db.Pool().QueryRow(t.Context(), `SELECT filename, content_type FROM attachments ORDER BY id DESC LIMIT 1`).Scan(&name, &ct)
	if name != "evil.pdf" || ct != "application/pdf" {
		t.Errorf("evil.html stored as %q (%s)", name, ct)
	}
	if n := e.count(t, `SELECT count(*) FROM attachments`); n != 2 {
		t.Errorf("%d attachments, want 2", n)
	}
}

func TestStateChangesFollowThePolicy(t *testing.T) {
	e := newEnv(t, true)
	staff := e.as(t, domain.RoleStaff, 0)
	id := e.createMeeting(t, staff, meetingForm(e, t))
	path := fmt.Sprintf("/fr/staff/meetings/%d/state", id)
	// A regional official may not publish (the route is the staff's).
	regional := e.as(t, domain.RoleRegional, 2)
	if res := e.post(t, regional, path, url.Values{"version": {"1"}, "to": {"published"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("regional publishing: %d", res.StatusCode)
	}
	// A move the record cannot make, or a stale version, is refused.
	if res := e.post(t, staff, path, url.Values{"version": {"1"}, "to": {"archived"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	if res := e.post(t, staff, path, url.Values{"version": {"2"}, "to": {"published"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("publishing an archived meeting: %d", res.StatusCode)
	}
	if res := e.post(t, staff, path, url.Values{"version": {"1"}, "to": {"draft"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("stale version: %d", res.StatusCode)
	}
}

func TestRegionalOfficialsChooseOnlyTheirPublishedMeetings(t *testing.T) {
	e := newEnv(t, true)
	staff := e.as(t, domain.RoleStaff, 0)
	draft := e.createMeeting(t, staff, meetingForm(e, t)) // a draft of region 2
	oujda := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	tanger := e.id(t, `SELECT id FROM meetings WHERE ref = 'tanger-2022'`)
	official := e.as(t, domain.RoleRegional, 2)
	doc := e.page2(t, official, "/fr/staff/expectations/new")
	offered := map[string]bool{}
	doc.Find("#f-meeting option").Each(func(_ int, s *goquery.Selection) { offered[s.AttrOr("value", "")] = true })
	if !offered[fmt.Sprint(oujda)] || offered[fmt.Sprint(draft)] || offered[fmt.Sprint(tanger)] {
		t.Errorf("offered %v: want Oujda (%d), neither the draft (%d) nor Tanger (%d)", offered, oujda, draft, tanger)
	}
	for _, m := range []int64{draft, tanger} {
		v := url.Values{"title_ar": {"انتظار"}, "priority": {"2"}, "meeting": {fmt.Sprint(m)}}
		doc := agreementDoc(t, e.post(t, official, "/fr/staff/expectations/new", v), http.StatusUnprocessableEntity)
		if text(doc.Find("#f-meeting-error")) == "" {
			t.Errorf("meeting %d accepted", m)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM expectations WHERE title_ar = 'انتظار'`); n != 0 {
		t.Errorf("%d expectations tied to meetings not offered", n)
	}
}

func TestHistorySaysInWordsOnlyWhatChanged(t *testing.T) {
	e := newEnv(t, false)
	staff := e.as(t, domain.RoleStaff, 0)
	id := e.createMeeting(t, staff, meetingForm(e, t))
	path := fmt.Sprintf("/fr/staff/meetings/%d", id)
	v := e.editValues(t, staff, path)
	v.Set("title_fr", "Un autre titre")
	location(t, e.post(t, staff, path, v))
	doc := e.page2(t, staff, path+"/history")
	line := text(doc.Find("tbody tr").First())
	if !strings.Contains(line, "Titre") {
		t.Errorf("history line %q does not name the title", line)
	}
	for _, internal := range []string{"Title", "StartsAt", "EndsAt", "Date", "Heure"} {
		if strings.Contains(line, internal) {
			t.Errorf("history line %q names %q", line, internal)
		}
	}
}

func TestCommitmentsLinkExpectationsChosenByTitle(t *testing.T) {
	e := newEnv(t, true)
	staff := e.as(t, domain.RoleStaff, 0)
	retained := e.id(t, `SELECT id FROM expectations WHERE region_id = 2 AND status = 'retained' LIMIT 1`)
	doc := e.page2(t, staff, fmt.Sprintf("/fr/staff/commitments/new?expectation=%d", retained))
	first := doc
	box := doc.Find(fmt.Sprintf(`#f-expectations input[value="%d"]`, retained))
	if box.Length() != 1 || box.AttrOr("checked", "x") == "x" {
		t.Fatalf("the expectation is not offered ticked by its title: %q", text(doc.Find("#f-expectations")))
	}
	// Looking up words of a title offers that region's matching expectations.
	v := e.editValues(t, staff, "/fr/staff/commitments/new")
	v.Set("region", "2")
	v.Set("find", "coopératives")
	v.Set("lookup", "expectations")
	res := e.post(t, staff, "/fr/staff/commitments/new", v)
	doc = agreementDoc(t, res, http.StatusOK)
	labels := text(doc.Find("#f-expectations"))
	if !strings.Contains(labels, "coopératives") || strings.Contains(labels, "Guichet numérique") {
		t.Errorf("lookup offered %q", labels)
	}
	if n := e.count(t, `SELECT count(*) FROM commitments WHERE NOT demo`); n != 0 {
		t.Error("a lookup saved the commitment")
	}
	// The agreements of the region (and the national ones) are offered the
	// same way; ticked, they are linked.
	agreement := e.id(t, `SELECT id FROM agreements WHERE ref = 'oujda-2022-mobile-emergency'`)
	if first.Find(fmt.Sprintf(`#f-agreements input[value="%d"]`, agreement)).Length() != 1 {
		t.Fatalf("the region's agreement is not offered: %q", text(first.Find("#f-agreements")))
	}
	v = url.Values{"region": {"2"}, "axis": {fmt.Sprint(e.id(t, `SELECT id FROM axes WHERE slug = 'convergence'`))},
		"title_ar": {"التزام بالاتفاقية"}, "institution": {fmt.Sprint(e.id(t, `SELECT id FROM institutions WHERE slug = 'ads'`))},
		"expectations": {fmt.Sprint(retained)}, "agreements": {fmt.Sprint(agreement)}}
	location(t, e.post(t, staff, "/fr/staff/commitments/new", v))
	if n := e.count(t, `SELECT count(*) FROM commitment_agreements x JOIN commitments c ON c.id = x.commitment_id
		WHERE c.title_ar = 'التزام بالاتفاقية' AND x.agreement_id = $1`, agreement); n != 1 {
		t.Error("the agreement ticked is not linked")
	}
	tanger := e.id(t, `INSERT INTO agreements (subject_ar, region_id, status) VALUES ('اتفاقية طنجة', 1, 'signed') RETURNING id`)
	v.Set("agreements", fmt.Sprint(tanger))
	v.Set("title_ar", "التزام آخر")
	if res := e.post(t, staff, "/fr/staff/commitments/new", v); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("another region's agreement: %d", res.StatusCode)
	}
}

// On a first run the demo content shows every page working, each of its
// records marked as demonstration data.
func TestDemoContentShowsEveryPageWorking(t *testing.T) {
	e := newEnv(t, true)
	doc := e.page(t, "/fr/expectations", http.StatusOK)
	items := doc.Find(".yswd > li")
	if items.Length() < 10 || items.Length() != items.Find(".tag-demo").Length() {
		t.Errorf("you said, we did: %d items, %d marked demo", items.Length(), items.Find(".tag-demo").Length())
	}
	if doc.Find(".yswd .progress, .yswd progress").Length() == 0 {
		t.Error("no commitment's progress shown")
	}
	for _, path := range []string{"/fr/dashboard", "/ar/dashboard", "/fr/regions/oriental", "/fr/strategy/proximity-services"} {
		if doc := e.page(t, path, http.StatusOK); doc.Find(".empty").Length() > 1 {
			t.Errorf("%s: %d empty sections on a first run", path, doc.Find(".empty").Length())
		}
	}
	one := e.id(t, `SELECT min(id) FROM expectations WHERE demo`)
	if doc := e.page(t, fmt.Sprintf("/fr/expectations/%d", one), http.StatusOK); !strings.Contains(text(doc.Find("main")), "démonstration") {
		t.Error("a demo expectation's page does not say it is demonstration data")
	}
}
