package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// meetingRows are the repeatable sections of the meeting form, with the
// fields of each row (bilingual ones by their stem).
var meetingRows = map[string][]string{
	"attendee": {"official"},
	"agenda":   {"id", "title_ar", "title_fr", "presenter_ar", "presenter_fr", "summary_ar", "summary_fr"},
	"grant":    {"programme_ar", "programme_fr", "beneficiaries", "amount"},
	"visit":    {"place_ar", "place_fr", "description_ar", "description_fr"},
}

// maxRows bounds each repeatable section.
const maxRows = 100

// compactRows renumbers the rows of each repeatable section of a form
// ("agenda-3-title_ar" ...) from 0, dropping blank ones (every field
// empty), so that errors and the form re-rendered after a failure line up;
// it returns how many rows each section has.
func compactRows(v url.Values, sections map[string][]string) map[string]int {
	counts := map[string]int{}
	for section, fields := range sections {
		var idx []int
		seen := map[int]bool{}
		for key := range v {
			rest, ok := strings.CutPrefix(key, section+"-")
			if !ok {
				continue
			}
			n, _, ok := strings.Cut(rest, "-")
			i, err := strconv.Atoi(n)
			if !ok || err != nil || strconv.Itoa(i) != n || i < 0 || i >= 10*maxRows || seen[i] {
				continue
			}
			seen[i] = true
			idx = append(idx, i)
		}
		sort.Ints(idx)
		moved := map[string][]string{}
		row := 0
		for _, i := range idx {
			blank := true
			for _, f := range fields {
				if f != "id" && strings.TrimSpace(v.Get(fmt.Sprintf("%s-%d-%s", section, i, f))) != "" {
					blank = false
				}
			}
			for _, f := range fields {
				key := fmt.Sprintf("%s-%d-%s", section, i, f)
				if !blank && row < maxRows {
					moved[fmt.Sprintf("%s-%d-%s", section, row, f)] = v[key]
				}
				v.Del(key)
			}
			if !blank && row < maxRows {
				row++
			}
		}
		for k, vs := range moved {
			v[k] = vs
		}
		counts[section] = row
	}
	return counts
}

// meetingRefs are the records a meeting form chooses from.
type meetingRefs struct {
	regions   []domain.Region
	officials []domain.Official
	axes      []domain.Axis
	fields    []domain.Field
}

func (s *Server) loadMeetingRefs(r *http.Request) (meetingRefs, error) {
	var refs meetingRefs
	var err error
	ctx := r.Context()
	if refs.regions, err = s.db.Regions(ctx); err != nil {
		return refs, err
	}
	if refs.officials, err = s.db.Officials(ctx); err != nil {
		return refs, err
	}
	if refs.axes, err = s.db.Axes(ctx); err != nil {
		return refs, err
	}
	refs.fields, err = s.db.Fields(ctx)
	return refs, err
}

// choice reads the ID of a record chosen from a list; 0 when none.
func choice(f *components.Form, field, label string, valid func(int64) bool) int64 {
	v := strings.TrimSpace(single(f, field, label))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || !valid(n) {
		fail(f, field, label, "error_choose")
		return 0
	}
	return n
}

// choices reads the IDs ticked in a checkbox group.
func choices(f *components.Form, field, label string, valid func(int64) bool) []int32 {
	var out []int32
	seen := map[int64]bool{}
	for _, v := range f.Values[field] {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || !valid(n) || seen[n] {
			fail(f, field, label, "error_choose")
			return nil
		}
		seen[n] = true
		out = append(out, int32(n))
	}
	return out
}

// parseDate reads a date as the reader writes it: 2022-01-19 (what date
// inputs send) or 19/01/2022.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseClock(s string) (int, int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// parseMeetingForm reads the meeting form into a MeetingInput, recording
// every problem in f; the rows of f are compacted first.
func (s *Server) parseMeetingForm(f *components.Form, refs meetingRefs) (domain.MeetingInput, map[string]int) {
	rows := compactRows(f.Values, meetingRows)
	var in domain.MeetingInput
	bi := func(name, label string, max int) domain.Text {
		return domain.Text{AR: text(f, name+"_ar", label, max, false), FR: text(f, name+"_fr", label, max, false)}
	}
	in.RegionID = int16(choice(f, "region", "meeting_region", func(n int64) bool {
		for _, r := range refs.regions {
			if int64(r.ID) == n {
				return true
			}
		}
		return false
	}))
	if v := strings.TrimSpace(single(f, "series", "meeting_series")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			fail(f, "series", "meeting_series", "meeting_error_series")
		}
		in.SeriesPosition = n
	}
	in.Title = bi("title", "meeting_form_title", domain.ShortText)
	in.Venue = bi("venue", "meeting_venue", domain.ShortText)
	date := strings.TrimSpace(single(f, "date", "meeting_date"))
	clock := strings.TrimSpace(single(f, "time", "meeting_form_time"))
	end := strings.TrimSpace(single(f, "end_time", "meeting_form_end_time"))
	if date != "" {
		d, ok := parseDate(date)
		if !ok {
			fail(f, "date", "meeting_date", "error_date")
		} else {
			h, m := 10, 0
			if clock != "" {
				if h, m, ok = parseClock(clock); !ok {
					fail(f, "time", "meeting_form_time", "error_time")
				}
			}
			in.StartsAt = time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, s.loc)
			if end != "" {
				if eh, em, ok := parseClock(end); ok {
					e := time.Date(d.Year(), d.Month(), d.Day(), eh, em, 0, 0, s.loc)
					in.EndsAt = &e
				} else {
					fail(f, "end_time", "meeting_form_end_time", "error_time")
				}
			}
		}
	}
	in.Format = single(f, "format", "meeting_format")
	official := func(n int64) bool {
		for _, o := range refs.officials {
			if int64(o.ID) == n {
				return true
			}
		}
		return false
	}
	in.ChairID = int32(choice(f, "chair", "meeting_chair", official))
	in.Purpose = bi("purpose", "meeting_purpose", domain.LongText)
	in.AttendeesNote = bi("attendees_note", "meeting_form_attendees_note", domain.LongText)
	in.Outcomes = bi("outcomes", "meeting_outcomes", domain.LongText)
	in.Minutes = bi("minutes", "meeting_minutes", domain.LongText)
	seen := map[int64]bool{}
	for i := 0; i < rows["attendee"]; i++ {
		name := fmt.Sprintf("attendee-%d-official", i)
		if id := choice(f, name, "meeting_attendees", official); id != 0 {
			if seen[id] {
				fail(f, name, "meeting_attendees", "meeting_error_attendee_twice")
				continue
			}
			seen[id] = true
			in.AttendeeIDs = append(in.AttendeeIDs, int32(id))
		}
	}
	in.AxisIDs = choices(f, "axes", "meeting_form_axes", func(n int64) bool {
		for _, a := range refs.axes {
			if int64(a.ID) == n {
				return true
			}
		}
		return false
	})
	in.FieldIDs = choices(f, "fields", "meeting_fields", func(n int64) bool {
		for _, x := range refs.fields {
			if int64(x.ID) == n {
				return true
			}
		}
		return false
	})
	for i := 0; i < rows["agenda"]; i++ {
		row := fmt.Sprintf("agenda-%d-", i)
		a := domain.AgendaInput{Title: bi(row+"title", "meeting_form_agenda_title", domain.ShortText),
			Presenter: bi(row+"presenter", "agenda_presenter", domain.ShortText), Summary: bi(row+"summary", "meeting_form_agenda_summary", domain.LongText)}
		if v := single(f, row+"id", ""); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				fail(f, row+"title_ar", "meeting_form_agenda_title", "error_form_invalid")
			}
			a.ID = id
		}
		in.Agenda = append(in.Agenda, a)
	}
	for i := 0; i < rows["grant"]; i++ {
		row := fmt.Sprintf("grant-%d-", i)
		g := domain.Grant{Programme: bi(row+"programme", "grant_programme", domain.ShortText)}
		if v := strings.TrimSpace(single(f, row+"beneficiaries", "grant_beneficiaries")); v != "" {
			n, err := i18n.ParseNumber(v)
			if err != nil || n < 0 || n > 100_000_000 {
				fail(f, row+"beneficiaries", "grant_beneficiaries", "error_count")
			} else {
				b := int(n)
				g.Beneficiaries = &b
			}
		}
		if v := strings.TrimSpace(single(f, row+"amount", "grant_amount")); v != "" {
			n, err := i18n.ParseAmount(v)
			if err != nil || n < 0 || n > 1_000_000_000_000 {
				fail(f, row+"amount", "grant_amount", "error_amount")
			} else {
				g.AmountDH = &n
			}
		}
		in.Grants = append(in.Grants, g)
	}
	for i := 0; i < rows["visit"]; i++ {
		row := fmt.Sprintf("visit-%d-", i)
		in.Visits = append(in.Visits, domain.Visit{Place: bi(row+"place", "meeting_form_visit_place", domain.ShortText),
			Description: bi(row+"description", "meeting_form_visit_description", domain.LongText)})
	}
	problems := in.Problems()
	keys := make([]string, 0, len(problems))
	for k := range problems {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fail(f, k, fieldLabel(k), problems[k])
	}
	return in, rows
}

// fieldLabel names a meeting form field in the error summary.
func fieldLabel(field string) string {
	stem := strings.TrimSuffix(strings.TrimSuffix(field, "_ar"), "_fr")
	if i := strings.LastIndex(stem, "-"); i >= 0 {
		stem = stem[i+1:]
	}
	switch stem {
	case "region":
		return "meeting_region"
	case "series":
		return "meeting_series"
	case "title":
		return "meeting_form_title"
	case "venue":
		return "meeting_venue"
	case "date":
		return "meeting_date"
	case "end_time":
		return "meeting_form_end_time"
	case "format":
		return "meeting_format"
	case "programme":
		return "grant_programme"
	case "place":
		return "meeting_form_visit_place"
	case "presenter":
		return "agenda_presenter"
	case "summary":
		return "meeting_form_agenda_summary"
	case "description":
		return "meeting_form_visit_description"
	case "purpose":
		return "meeting_purpose"
	case "outcomes":
		return "meeting_outcomes"
	case "minutes":
		return "meeting_minutes"
	case "attendees_note":
		return "meeting_form_attendees_note"
	}
	return ""
}

// meetingValues turns a stored meeting into form values, for the edit form.
func (s *Server) meetingValues(in domain.MeetingInput, version int) (url.Values, map[string]int) {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	bi := func(name string, t domain.Text) { set(name+"_ar", t.AR); set(name+"_fr", t.FR) }
	set("region", strconv.Itoa(int(in.RegionID)))
	if in.SeriesPosition > 0 {
		set("series", strconv.Itoa(in.SeriesPosition))
	}
	bi("title", in.Title)
	bi("venue", in.Venue)
	if !in.StartsAt.IsZero() {
		st := in.StartsAt.In(s.loc)
		set("date", st.Format("2006-01-02"))
		set("time", st.Format("15:04"))
	}
	if in.EndsAt != nil {
		set("end_time", in.EndsAt.In(s.loc).Format("15:04"))
	}
	set("format", in.Format)
	if in.ChairID != 0 {
		set("chair", strconv.Itoa(int(in.ChairID)))
	}
	bi("purpose", in.Purpose)
	bi("attendees_note", in.AttendeesNote)
	bi("outcomes", in.Outcomes)
	bi("minutes", in.Minutes)
	for i, id := range in.AttendeeIDs {
		set(fmt.Sprintf("attendee-%d-official", i), strconv.Itoa(int(id)))
	}
	for _, id := range in.AxisIDs {
		v.Add("axes", strconv.Itoa(int(id)))
	}
	for _, id := range in.FieldIDs {
		v.Add("fields", strconv.Itoa(int(id)))
	}
	for i, a := range in.Agenda {
		row := fmt.Sprintf("agenda-%d-", i)
		set(row+"id", strconv.FormatInt(a.ID, 10))
		bi(row+"title", a.Title)
		bi(row+"presenter", a.Presenter)
		bi(row+"summary", a.Summary)
	}
	for i, g := range in.Grants {
		row := fmt.Sprintf("grant-%d-", i)
		bi(row+"programme", g.Programme)
		if g.Beneficiaries != nil {
			set(row+"beneficiaries", strconv.Itoa(*g.Beneficiaries))
		}
		if g.AmountDH != nil {
			set(row+"amount", strconv.FormatInt(*g.AmountDH, 10))
		}
	}
	for i, vi := range in.Visits {
		row := fmt.Sprintf("visit-%d-", i)
		bi(row+"place", vi.Place)
		bi(row+"description", vi.Description)
	}
	if version > 0 {
		set("version", strconv.Itoa(version))
	}
	return v, map[string]int{"attendee": len(in.AttendeeIDs), "agenda": len(in.Agenda), "grant": len(in.Grants), "visit": len(in.Visits)}
}

// meetingFormView builds the form page's view model.
func (s *Server) meetingFormView(r *http.Request, f components.Form, rows map[string]int, refs meetingRefs, id int64, rec *store.MeetingRecord) pages.MeetingForm {
	l := string(lang(r))
	m := pages.MeetingForm{Form: f, ID: id, Rows: map[string]int{}}
	extra := map[string]int{}
	for section := range meetingRows {
		n, _ := strconv.Atoi(f.Value("more-" + section))
		if n < 1 || n > 20 {
			n = 1
		}
		if r.Method == http.MethodPost && f.Value("add_row") == section {
			n++
		}
		extra[section] = n
		m.Rows[section] = rows[section] + n
	}
	m.Extra = extra
	m.Regions = options(r, refs.regions, func(g domain.Region) int64 { return int64(g.ID) }, func(g domain.Region) domain.Text { return g.Name })
	for _, o := range refs.officials {
		name, _ := o.Name.In(l)
		title, _ := o.Title.In(l)
		label := name
		if title != "" {
			label += " — " + title
		}
		m.Officials = append(m.Officials, components.Option{Value: strconv.Itoa(int(o.ID)), Label: label})
	}
	m.Axes = options(r, refs.axes, func(a domain.Axis) int64 { return int64(a.ID) }, func(a domain.Axis) domain.Text { return a.Name })
	m.Fields = options(r, refs.fields, func(f domain.Field) int64 { return int64(f.ID) }, func(f domain.Field) domain.Text { return f.Name })
	for _, fm := range domain.Formats {
		m.Formats = append(m.Formats, components.Option{Value: fm, Label: tr(r, "format_"+fm)})
	}
	if rec != nil {
		m.State, m.Version = rec.State, rec.Version
		m.Attachments = rec.Attachments
		m.Missing = rec.Input.Missing()
	}
	return m
}

func (s *Server) staffMeetings(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := store.StaffFilter{State: q.str("state", domain.Draft, domain.Published, domain.Archived), Region: q.slug("region"), Page: q.page()}
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffMeetings(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := page(r, tr(r, "staff_nav_meetings"), "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "staff_nav_meetings"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.StaffMeetingsPage(p, pages.StaffMeetings{Items: list.Items, Total: list.Total,
		Page: list.Page, Pages: list.Pages(), Base: listURL(r), State: f.State}))
}

func (s *Server) newMeetingForm(w http.ResponseWriter, r *http.Request) {
	refs, err := s.loadMeetingRefs(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := components.Form{Values: url.Values{"time": {"10:00"}, "format": {"in_person"}}}
	s.renderMeetingForm(w, r, http.StatusOK, s.meetingFormView(r, f, map[string]int{}, refs, 0, nil))
}

func (s *Server) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, m pages.MeetingForm) {
	title := tr(r, "staff_new_meeting")
	if m.ID != 0 {
		title = tr(r, "meeting_form_edit_heading")
	}
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "staff_nav_meetings"), "/staff/meetings"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.MeetingFormPage(p, m))
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) {
	s.saveMeeting(w, r, 0)
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	s.saveMeeting(w, r, id)
}

// saveMeeting creates (id 0) or updates a meeting from the posted form.
// Adding a row re-renders the form; a form with errors, or an edit from a
// stale version, comes back with every value kept.
func (s *Server) saveMeeting(w http.ResponseWriter, r *http.Request, id int64) {
	var rec *store.MeetingRecord
	if id != 0 {
		current, err := s.db.MeetingForEdit(r.Context(), id)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		rec = &current
	}
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	refs, err := s.loadMeetingRefs(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r)
	in, rows := s.parseMeetingForm(&f, refs)
	if f.Value("add_row") != "" {
		f.Errors, f.Order = map[string]string{}, nil
		s.renderMeetingForm(w, r, http.StatusOK, s.meetingFormView(r, f, rows, refs, id, rec))
		return
	}
	if failed(f) {
		s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, s.meetingFormView(r, f, rows, refs, id, rec))
		return
	}
	user := currentUser(r)
	if id == 0 {
		id, err = s.db.CreateMeeting(r.Context(), in, user.ID)
	} else {
		version, _ := strconv.Atoi(f.Value("version"))
		err = s.db.UpdateMeeting(r.Context(), id, version, in, user.ID)
	}
	if err == nil {
		s.sessions.Flash(r.Context(), "flash_meeting_saved")
		http.Redirect(w, r, fmt.Sprintf("/%s/staff/meetings/%d", lang(r), id), http.StatusSeeOther)
		return
	}
	switch domain.ErrorCode(err) {
	case domain.Conflict, domain.Invalid:
		// Shown on the form, with everything the user typed kept; on a
		// conflict the form now carries the current version.
		status := http.StatusUnprocessableEntity
		if errors.Is(err, domain.ErrVersionConflict) {
			status = http.StatusConflict
			if current, err := s.db.MeetingForEdit(r.Context(), id); err == nil {
				rec = &current
				f.Values["version"] = []string{strconv.Itoa(current.Version)}
			}
		}
		fail(&f, "form", "", domain.ErrorMessage(err))
		s.renderMeetingForm(w, r, status, s.meetingFormView(r, f, rows, refs, id, rec))
		return
	default:
		s.Error(w, r, err)
	}
}

func (s *Server) editMeetingForm(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	rec, err := s.db.MeetingForEdit(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	refs, err := s.loadMeetingRefs(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	values, rows := s.meetingValues(rec.Input, rec.Version)
	f := components.Form{Values: values}
	s.renderMeetingForm(w, r, http.StatusOK, s.meetingFormView(r, f, rows, refs, id, &rec))
}

func (s *Server) previewMeeting(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	m, err := s.db.Meeting(r.Context(), id, false)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	title, _ := m.Title.In(string(lang(r)))
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "staff_nav_meetings"), "/staff/meetings"),
		crumb(r, title, fmt.Sprintf("/staff/meetings/%d", id)), crumb(r, tr(r, "meeting_form_preview"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.MeetingPage(p, pages.MeetingDetail{M: m, Preview: true}))
}

func (s *Server) meetingHistory(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	rec, err := s.db.MeetingForEdit(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	title, _ := rec.Input.Title.In(string(lang(r)))
	s.history(w, r, "meeting", id, tr(r, "history_of")+" "+title, fmt.Sprintf("/%s/staff/meetings/%d", lang(r), id))
}

func (s *Server) setMeetingState(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	s.changeState(w, r, "meeting", id, fmt.Sprintf("/%s/staff/meetings/%d", lang(r), id))
}

// Attachments: PDF or images, checked by their content, at most maxFile.
const maxFile = 10 << 20

var allowedTypes = map[string]bool{"application/pdf": true, "image/png": true, "image/jpeg": true, "image/webp": true}

// uploadAttachment stores a file on an agenda item. The type is what the
// content is, whatever the browser claims; a name with path separators or
// control characters is refused, not rewritten.
func (s *Server) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	id, ok1 := parseID(chi.URLParam(r, "id"))
	item, ok2 := parseID(chi.URLParam(r, "item"))
	if !ok1 || !ok2 {
		s.notFound(w, r)
		return
	}
	back := fmt.Sprintf("/%s/staff/meetings/%d", lang(r), id)
	r.Body = http.MaxBytesReader(w, r.Body, maxFile+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		s.badRequest(w, r, "error_form_type")
		return
	}
	var name string
	var data []byte
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.Error(w, r, &domain.Error{Code: domain.TooLarge, MessageID: "attachment_error_too_large"})
			return
		}
		if err != nil {
			s.badRequest(w, r, "error_form_invalid")
			return
		}
		if part.FormName() != "file" || data != nil {
			part.Close()
			continue
		}
		// The name as sent: part.FileName() would quietly strip a path.
		_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		name = params["filename"]
		data, err = io.ReadAll(io.LimitReader(part, maxFile+1))
		if errors.As(err, &mbe) || len(data) > maxFile {
			s.Error(w, r, &domain.Error{Code: domain.TooLarge, MessageID: "attachment_error_too_large"})
			return
		}
		if err != nil {
			s.badRequest(w, r, "error_form_invalid")
			return
		}
	}
	switch {
	case len(data) == 0:
		s.badRequest(w, r, "attachment_error_empty")
		return
	case !validFilename(name):
		s.badRequest(w, r, "attachment_error_name")
		return
	}
	ct := http.DetectContentType(data)
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		ct = mt
	}
	if !allowedTypes[ct] {
		s.Error(w, r, &domain.Error{Code: domain.Invalid, MessageID: "attachment_error_type"})
		return
	}
	if _, err := s.db.AddAttachment(r.Context(), id, item, name, ct, data, currentUser(r).ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_attachment_added")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// validFilename accepts a plain file name: no directory, no control or
// bidi-override character, valid UTF-8, a sensible length.
func validFilename(name string) bool {
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > 200 || name == "." || name == ".." {
		return false
	}
	if strings.ContainsAny(name, `/\`) || filepath.Base(name) != name {
		return false
	}
	for _, c := range name {
		if unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c) {
			return false
		}
	}
	return true
}

// staffAttachment serves a file of any meeting, drafts included, to staff.
func (s *Server) staffAttachment(w http.ResponseWriter, r *http.Request) {
	mid, ok1 := parseID(chi.URLParam(r, "id"))
	fid, ok2 := parseID(chi.URLParam(r, "file"))
	if !ok1 || !ok2 {
		s.notFound(w, r)
		return
	}
	a, data, _, err := s.db.Attachment(r.Context(), mid, fid, false)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	serveAttachment(w, a, data)
}

func serveAttachment(w http.ResponseWriter, a domain.Attachment, data []byte) {
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}
