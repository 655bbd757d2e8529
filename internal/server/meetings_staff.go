package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// maxSectionRows bounds each repeatable section of a meeting.
const maxSectionRows = 100

// The meeting form, in page order.
var newMeetingSpec, editMeetingSpec = recordSpecs(map[string]string{"meeting_error_agenda_has_files": "agenda", "error_row_foreign": "agenda"},
	components.Field{Name: "region", Label: "meeting_region", Kind: components.KindChoice, Required: true, Empty: "form_choose"},
	components.Field{Name: "series", Label: "meeting_series", Hint: "meeting_form_series_hint", Kind: components.KindInteger, Min: 1, Max: 12},
	components.Field{Name: "title", Label: "meeting_form_title", Bilingual: true, Required: true, Max: domain.ShortText},
	components.Field{Name: "venue", Label: "meeting_venue", Bilingual: true, Required: true, Max: domain.ShortText},
	components.Field{Name: "date", Label: "meeting_date", Hint: "form_date_hint", Kind: components.KindDate, Required: true},
	components.Field{Name: "time", Label: "meeting_form_time", Kind: components.KindTime},
	components.Field{Name: "end_time", Label: "meeting_form_end_time", Kind: components.KindTime},
	components.Field{Name: "format", Label: "meeting_format", Kind: components.KindChoice, Required: true},
	components.Field{Name: "chair", Label: "meeting_chair", Kind: components.KindChoice, Empty: "form_none"},
	components.Field{Name: "attendee", Label: "meeting_attendees", Kind: components.KindSection, MaxRows: maxSectionRows, Rows: []components.Field{
		{Name: "official", Label: "meeting_form_attendee", Kind: components.KindChoice, Empty: "form_none"},
	}},
	components.Field{Name: "attendees_note", Label: "meeting_form_attendees_note", Bilingual: true, Multiline: true, Max: domain.LongText},
	components.Field{Name: "purpose", Label: "meeting_purpose", Bilingual: true, Multiline: true, Max: domain.LongText},
	components.Field{Name: "axes", Label: "meeting_form_axes", Kind: components.KindChoices},
	components.Field{Name: "fields", Label: "meeting_fields", Kind: components.KindChoices},
	components.Field{Name: "agenda", Label: "meeting_agenda", Kind: components.KindSection, MaxRows: maxSectionRows, Keyed: true, Rows: []components.Field{
		{Name: "title", Label: "meeting_form_agenda_title", Bilingual: true, Required: true, Max: domain.ShortText},
		{Name: "presenter", Label: "agenda_presenter", Bilingual: true, Max: domain.ShortText},
		{Name: "summary", Label: "meeting_form_agenda_summary", Bilingual: true, Multiline: true, Max: domain.LongText},
	}},
	components.Field{Name: "outcomes", Label: "meeting_outcomes", Bilingual: true, Multiline: true, Max: domain.LongText},
	components.Field{Name: "grant", Label: "meeting_support", Kind: components.KindSection, MaxRows: maxSectionRows, Rows: []components.Field{
		{Name: "programme", Label: "grant_programme", Bilingual: true, Required: true, Max: domain.ShortText},
		{Name: "beneficiaries", Label: "grant_beneficiaries", Hint: "meeting_form_number_hint", Kind: components.KindInteger, Max: 100_000_000},
		{Name: "amount", Label: "grant_amount", Hint: "form_amount_hint", Kind: components.KindAmount},
	}},
	components.Field{Name: "visit", Label: "meeting_visits", Kind: components.KindSection, MaxRows: maxSectionRows, Rows: []components.Field{
		{Name: "place", Label: "meeting_form_visit_place", Bilingual: true, Required: true, Max: domain.ShortText},
		{Name: "description", Label: "meeting_form_visit_description", Bilingual: true, Multiline: true, Max: domain.LongText},
	}},
	components.Field{Name: "minutes", Label: "meeting_minutes", Bilingual: true, Multiline: true, Max: domain.LongText},
)

// meetingChoices are what the meeting form offers: regions, formats,
// officials (those in use, and those the meeting already names, even
// archived), axes, fields, and the meeting's own agenda items.
func (s *Server) meetingChoices(r *http.Request, rec *store.MeetingRecord) (options, error) {
	ctx := r.Context()
	l := string(lang(r))
	opts := options{}
	var err error
	if opts["region"], err = s.regionChoices(r); err != nil {
		return nil, err
	}
	for _, fm := range domain.Formats {
		opts["format"] = append(opts["format"], components.Option{Value: fm, Label: tr(r, "format_"+fm)})
	}
	var named []int32
	if rec != nil {
		named = append(slices.Clone(rec.Input.AttendeeIDs), rec.Input.ChairID)
		for _, a := range rec.Input.Agenda {
			opts["agenda.id"] = append(opts["agenda.id"], components.Option{Value: strconv.FormatInt(a.ID, 10)})
		}
	}
	officials, err := s.db.Officials(ctx, named...)
	if err != nil {
		return nil, err
	}
	for _, o := range officials {
		name, _ := o.Name.In(l)
		if title, _ := o.Title.In(l); title != "" {
			name += " — " + title
		}
		opts["chair"] = append(opts["chair"], components.Option{Value: strconv.Itoa(int(o.ID)), Label: name})
	}
	opts["attendee.official"] = opts["chair"]
	if opts["axes"], err = s.axisChoices(r); err != nil {
		return nil, err
	}
	fields, err := s.db.Fields(ctx)
	opts["fields"] = choices(r, fields, func(f domain.Field) int64 { return int64(f.ID) }, func(f domain.Field) domain.Text { return f.Name })
	return opts, err
}

// meetingValues is a stored meeting as its form shows it.
func (s *Server) meetingValues(r *http.Request, rec store.MeetingRecord) url.Values {
	in := rec.Input
	v := s.values(r)
	v.id("region", int64(in.RegionID))
	if in.SeriesPosition > 0 {
		v.integer("series", in.SeriesPosition)
	}
	v.bi("title", in.Title)
	v.bi("venue", in.Venue)
	if !in.StartsAt.IsZero() {
		day := in.StartsAt.In(s.loc)
		v.date("date", &day)
		v.clock("time", in.StartsAt)
	}
	if in.EndsAt != nil {
		v.clock("end_time", *in.EndsAt)
	}
	v.text("format", in.Format)
	v.id("chair", int64(in.ChairID))
	for i, id := range in.AttendeeIDs {
		v.id(components.RowName("attendee", i, "official"), int64(id))
	}
	v.bi("attendees_note", in.AttendeesNote)
	v.bi("purpose", in.Purpose)
	setIDs(v, "axes", in.AxisIDs)
	setIDs(v, "fields", in.FieldIDs)
	for i, a := range in.Agenda {
		row := func(f string) string { return components.RowName("agenda", i, f) }
		v.id(row("id"), a.ID)
		v.bi(row("title"), a.Title)
		v.bi(row("presenter"), a.Presenter)
		v.bi(row("summary"), a.Summary)
	}
	v.bi("outcomes", in.Outcomes)
	for i, g := range in.Grants {
		row := func(f string) string { return components.RowName("grant", i, f) }
		v.bi(row("programme"), g.Programme)
		if g.Beneficiaries != nil {
			n := int64(*g.Beneficiaries)
			v.number(row("beneficiaries"), &n)
		}
		v.number(row("amount"), g.AmountDH)
	}
	for i, vi := range in.Visits {
		row := func(f string) string { return components.RowName("visit", i, f) }
		v.bi(row("place"), vi.Place)
		v.bi(row("description"), vi.Description)
	}
	v.bi("minutes", in.Minutes)
	v.version(rec.Version)
	return v.Values
}

// meetingInput reads a meeting from its form.
func (s *Server) meetingInput(f *form) domain.MeetingInput {
	in := domain.MeetingInput{RegionID: int16(f.id("region")), Title: f.bi("title"), Venue: f.bi("venue"), Format: f.choice("format"),
		ChairID: int32(f.id("chair")), AttendeesNote: f.bi("attendees_note"), Purpose: f.bi("purpose"),
		AxisIDs: ids[int32](f, "axes"), FieldIDs: ids[int32](f, "fields"), Outcomes: f.bi("outcomes"), Minutes: f.bi("minutes")}
	if n := f.number("series"); n != nil {
		in.SeriesPosition = int(*n)
	}
	if d := f.date("date"); d != nil {
		start := clock{10, 0}
		if c, ok := f.clock("time"); ok {
			start = c
		}
		in.StartsAt = time.Date(d.Year(), d.Month(), d.Day(), start.hour, start.minute, 0, 0, s.loc)
		if c, ok := f.clock("end_time"); ok {
			end := time.Date(d.Year(), d.Month(), d.Day(), c.hour, c.minute, 0, 0, s.loc)
			in.EndsAt = &end
		}
	}
	seen := map[int64]bool{}
	for i := range f.rowsOf("attendee") {
		name := components.RowName("attendee", i, "official")
		if id := f.id(name); id != 0 {
			if seen[id] {
				f.fail(name, "meeting_error_attendee_twice")
				continue
			}
			seen[id] = true
			in.AttendeeIDs = append(in.AttendeeIDs, int32(id))
		}
	}
	for i := range f.rowsOf("agenda") {
		row := func(field string) string { return components.RowName("agenda", i, field) }
		id, _ := strconv.ParseInt(f.values.Get(row("id")), 10, 64)
		in.Agenda = append(in.Agenda, domain.AgendaInput{ID: id, Title: f.bi(row("title")), Presenter: f.bi(row("presenter")),
			Summary: f.bi(row("summary"))})
	}
	for i := range f.rowsOf("grant") {
		row := func(field string) string { return components.RowName("grant", i, field) }
		g := domain.Grant{Programme: f.bi(row("programme")), AmountDH: f.number(row("amount"))}
		if n := f.number(row("beneficiaries")); n != nil {
			b := int(*n)
			g.Beneficiaries = &b
		}
		in.Grants = append(in.Grants, g)
	}
	for i := range f.rowsOf("visit") {
		row := func(field string) string { return components.RowName("visit", i, field) }
		in.Visits = append(in.Visits, domain.Visit{Place: f.bi(row("place")), Description: f.bi(row("description"))})
	}
	f.check(in.Problems())
	return in
}

func (s *Server) staffMeetings(w http.ResponseWriter, r *http.Request) {
	f, ok := staffFilter(r, 0)
	if !ok {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffMeetings(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := staffPage(r, tr(r, "staff_nav_meetings"), crumb(r, tr(r, "staff_nav_meetings"), ""))
	s.render(w, r, http.StatusOK, pages.StaffMeetingsPage(p, pages.StaffMeetings{Items: list.Items, Total: list.Total,
		Page: list.Page, Pages: list.Pages(), Base: listURL(r), State: f.State, Mine: f.Mine != 0}))
}

func (s *Server) newMeetingForm(w http.ResponseWriter, r *http.Request) {
	opts, err := s.meetingChoices(r, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := s.values(r)
	v.text("time", "10:00")
	v.text("format", "in_person")
	s.renderMeetingForm(w, r, newForm(r, newMeetingSpec, v.Values, opts), 0, nil)
}

func (s *Server) editMeetingForm(w http.ResponseWriter, r *http.Request) {
	id, rec, ok := s.staffMeeting(w, r)
	if !ok {
		return
	}
	opts, err := s.meetingChoices(r, &rec)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderMeetingForm(w, r, newForm(r, editMeetingSpec, s.meetingValues(r, rec), opts), id, &rec)
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) { s.saveMeeting(w, r, 0, nil) }

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) {
	if id, rec, ok := s.staffMeeting(w, r); ok {
		s.saveMeeting(w, r, id, &rec)
	}
}

// saveMeeting creates (rec nil) or updates a meeting from the posted form.
func (s *Server) saveMeeting(w http.ResponseWriter, r *http.Request, id int64, rec *store.MeetingRecord) {
	opts, err := s.meetingChoices(r, rec)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := readForm(w, r, cond(rec == nil, newMeetingSpec, editMeetingSpec), opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	in := s.meetingInput(f)
	if !f.rowAction() && !f.failed() {
		if rec == nil {
			id, err = s.db.CreateMeeting(r.Context(), f.token, in, currentUser(r).ID)
		} else {
			err = s.db.UpdateMeeting(r.Context(), id, f.version, in, currentUser(r).ID)
		}
		current := func() (url.Values, int, error) {
			now, err := s.db.MeetingForEdit(r.Context(), id)
			return s.meetingValues(r, now), now.Version, err
		}
		if s.saved(w, r, f, "meeting", id, err, "flash_meeting_saved", func(id int64) string { return staffPath(r, "meetings", id) }, current) {
			return
		}
	}
	s.renderMeetingForm(w, r, f, id, rec)
}

func (s *Server) staffMeeting(w http.ResponseWriter, r *http.Request) (int64, store.MeetingRecord, bool) {
	return record(s, w, r, s.db.MeetingForEdit)
}

func (s *Server) renderMeetingForm(w http.ResponseWriter, r *http.Request, f *form, id int64, rec *store.MeetingRecord) {
	m := pages.MeetingForm{Form: f.view(staffPath(r, "meetings", id)), ID: id}
	title := tr(r, "staff_new_meeting")
	if rec != nil {
		m.State, m.Version, m.Attachments = rec.State, rec.Version, rec.Attachments
		title = tr(r, "meeting_form_edit_heading")
	}
	p := staffPage(r, title, crumb(r, tr(r, "staff_nav_meetings"), "/staff/meetings"), crumb(r, title, ""))
	s.render(w, r, f.statusCode(), pages.MeetingFormPage(p, m))
}

func (s *Server) previewMeeting(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
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
	p := staffPage(r, title, crumb(r, tr(r, "staff_nav_meetings"), "/staff/meetings"),
		crumb(r, title, "/staff/meetings/"+strconv.FormatInt(id, 10)), crumb(r, tr(r, "meeting_form_preview"), ""))
	s.render(w, r, http.StatusOK, pages.MeetingPage(p, pages.MeetingDetail{M: m, Preview: true}))
}

func (s *Server) meetingHistory(w http.ResponseWriter, r *http.Request) {
	id, rec, ok := s.staffMeeting(w, r)
	if !ok {
		return
	}
	title, _ := rec.Input.Title.In(string(lang(r)))
	s.history(w, r, "meeting", id, tr(r, "history_of")+" "+title, staffPath(r, "meetings", id))
}

func (s *Server) setMeetingState(w http.ResponseWriter, r *http.Request) {
	if id, rec, ok := s.staffMeeting(w, r); ok {
		s.changeState(w, r, "meeting", id, rec.State, rec.Input.RegionID)
	}
}
