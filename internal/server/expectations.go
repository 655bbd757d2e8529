package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// regionScope is the region a user's expectation lists are bound to: their
// own for a regional official, none (0) for staff.
func regionScope(u *domain.User) int16 {
	if u.Role == domain.RoleRegional {
		return u.RegionID
	}
	return 0
}

func (s *Server) staffExpectations(w http.ResponseWriter, r *http.Request) {
	opts, err := s.decisionChoices(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.expectationQueue(w, r, newForm(r, bulkSpec, nil, opts))
}

// expectationQueue renders the triage queue (staff) or a region's list
// (regional officials), with f its bulk form (as posted when it failed).
func (s *Server) expectationQueue(w http.ResponseWriter, r *http.Request, f *form) {
	ctx := r.Context()
	u := currentUser(r)
	q := newQuery(r)
	statuses := append([]string{domain.StatusDraft}, domain.ExpectationStatuses...)
	filter := store.ExpectationFilter{RegionID: regionScope(u), Axis: q.slug("axis"), Status: q.str("status", statuses...),
		OlderThan: q.intIn("age", 1, 3650), Page: q.page()}
	regionSlug := q.slug("region")
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	m := pages.StaffExpectations{Staff: auth.Can(u, auth.TriageExpectation, 0), Axis: filter.Axis, Status: filter.Status, Age: filter.OlderThan,
		Form: f.view("/" + string(lang(r)) + "/staff/expectations/bulk")}
	var err error
	if m.Regions, err = s.db.Regions(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	for _, g := range m.Regions {
		if m.Staff && g.Slug == regionSlug {
			filter.RegionID, m.Region = g.ID, g.Slug
		}
		if g.ID == u.RegionID {
			m.RegionName = g.Name
		}
	}
	if m.Staff && regionSlug != "" && m.Region == "" {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffExpectations(ctx, filter)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m.Items, m.Total, m.Page, m.Pages, m.Base = list.Items, list.Total, list.Page, list.Pages(), listURL(r)
	m.Capped = list.Total >= store.QueueCountCap
	if m.Axes, err = s.db.Axes(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	title := tr(r, "expectations_queue_heading")
	if !m.Staff {
		title = tr(r, "expectations_region_heading")
	}
	p := page(r, title, "", crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, f.statusCode(), pages.StaffExpectationsPage(p, m))
}

// The expectation form. A regional official's expectation is of their own
// region: their form has no region field.
var expectationFields = []components.Field{
	{Name: "title", Label: "expectation_title", Hint: "expectation_lang_hint", Bilingual: true, Max: domain.ShortText},
	{Name: "description", Label: "expectation_description", Bilingual: true, Multiline: true, Max: domain.LongText},
	{Name: "axes", Label: "expectation_axes", Kind: components.KindChoices},
	{Name: "field", Label: "expectation_field", Kind: components.KindChoice, Empty: "form_none"},
	{Name: "provinces", Label: "expectation_provinces", Kind: components.KindChoices},
	{Name: "population", Label: "expectation_population", Bilingual: true, Max: domain.ShortText},
	{Name: "priority", Label: "expectation_priority", Kind: components.KindChoice, Required: true},
	{Name: "submitted_by", Label: "expectation_submitted_by", Hint: "expectation_submitted_by_hint", Kind: components.KindChoice, Empty: "expectation_submitted_by_none"},
	{Name: "meeting", Label: "expectation_meeting", Hint: "expectation_meeting_hint", Kind: components.KindChoice, Empty: "form_none"},
}

var regionField = components.Field{Name: "region", Label: "meeting_region", Kind: components.KindChoice, Required: true, Empty: "form_choose"}

var (
	newStaffExpectationSpec, editStaffExpectationSpec       = recordSpecs(nil, append([]components.Field{regionField}, expectationFields...)...)
	newRegionalExpectationSpec, editRegionalExpectationSpec = recordSpecs(nil, expectationFields...)
)

// expectationSpec is the expectation form u fills: a new one or an edit.
func expectationSpec(u *domain.User, create bool) *formSpec {
	if u.Role == domain.RoleRegional {
		return cond(create, newRegionalExpectationSpec, editRegionalExpectationSpec)
	}
	return cond(create, newStaffExpectationSpec, editStaffExpectationSpec)
}

// decisionFields are a decision on expectations, one or many.
var decisionFields = []components.Field{
	{Name: "status", Label: "expectation_decision_status", Kind: components.KindChoice, Required: true, Empty: "form_choose"},
	{Name: "answer", Label: "expectation_answer_label", Bilingual: true, Multiline: true, Max: domain.LongText},
	{Name: "institution", Label: "expectation_institution", Hint: "expectation_institution_hint", Kind: components.KindChoice, Empty: "form_none"},
}

var (
	decisionSpec = &formSpec{edit: true, fields: decisionFields}
	bulkSpec     = &formSpec{fields: append([]components.Field{{Name: "ids", Label: "expectations_select", Kind: components.KindChoices}}, decisionFields...)}
	submitSpec   = &formSpec{edit: true}
)

// expectationChoices are what the expectation and decision forms offer for
// region: the regions (to staff), axes, fields, the region's provinces and
// published meetings (and current, the meeting an expectation already
// names), priorities, decisions and institutions.
func (s *Server) expectationChoices(r *http.Request, region int16, current int64) (options, error) {
	ctx := r.Context()
	l := string(lang(r))
	opts := options{}
	var err error
	if opts["region"], err = s.regionChoices(r); err != nil {
		return nil, err
	}
	if opts["axes"], err = s.axisChoices(r); err != nil {
		return nil, err
	}
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return nil, err
	}
	opts["field"] = choices(r, fields, func(f domain.Field) int64 { return int64(f.ID) }, func(f domain.Field) domain.Text { return f.Name })
	if region != 0 {
		provinces, err := s.db.Provinces(ctx, region)
		if err != nil {
			return nil, err
		}
		opts["provinces"] = choices(r, provinces, func(p domain.Province) int64 { return int64(p.ID) }, func(p domain.Province) domain.Text { return p.Name })
		meetings, err := s.db.MeetingsOfRegion(ctx, region, current)
		if err != nil {
			return nil, err
		}
		loc := i18n.FromContext(ctx)
		for _, mt := range meetings {
			title, _ := mt.Title.In(l)
			opts["meeting"] = append(opts["meeting"], components.Option{Value: strconv.FormatInt(mt.ID, 10),
				Label: loc.TData("expectation_meeting_choice", map[string]any{"Date": loc.Date(mt.StartsAt.In(s.loc)), "Title": title})})
		}
	}
	for _, p := range []string{"1", "2", "3"} {
		opts["priority"] = append(opts["priority"], components.Option{Value: p, Label: tr(r, "priority_"+p)})
	}
	decision, err := s.decisionChoices(r)
	for k, v := range decision {
		opts[k] = v
	}
	opts["submitted_by"] = opts["institution"]
	return opts, err
}

// decisionChoices are what a decision on expectations offers: the statuses
// and the institutions that may be put in charge.
func (s *Server) decisionChoices(r *http.Request) (options, error) {
	opts := options{}
	for _, st := range []string{domain.StatusUnderStudy, domain.StatusRetained, domain.StatusPartlyRetained, domain.StatusNotRetained} {
		opts["status"] = append(opts["status"], components.Option{Value: st, Label: tr(r, "expectation_status_"+st)})
	}
	var err error
	opts["institution"], err = s.institutionChoices(r)
	return opts, err
}

// loadExpectation reads an expectation the user may see: a regional
// official only their own region's (another region's is not found, so its
// existence does not leak).
func (s *Server) loadExpectation(w http.ResponseWriter, r *http.Request) (int64, store.ExpectationRecord, bool) {
	return record(s, w, r, func(ctx context.Context, id int64) (store.ExpectationRecord, error) {
		rec, err := s.db.ExpectationForEdit(ctx, id)
		if err == nil && !auth.Can(currentUser(r), auth.ViewOwnExpectations, rec.Input.RegionID) {
			err = domain.ErrNotFound
		}
		return rec, err
	})
}

func (s *Server) expectationValues(r *http.Request, rec store.ExpectationRecord) url.Values {
	in := rec.Input
	v := s.values(r)
	v.id("region", int64(in.RegionID))
	v.bi("title", in.Title)
	v.bi("description", in.Description)
	setIDs(v, "axes", in.AxisIDs)
	v.id("field", int64(in.FieldID))
	setIDs(v, "provinces", in.ProvinceIDs)
	v.bi("population", in.Population)
	v.integer("priority", in.Priority)
	v.id("submitted_by", int64(in.SubmittedByID))
	v.id("meeting", in.MeetingID)
	v.version(rec.Version)
	return v.Values
}

func (s *Server) decisionValues(r *http.Request, rec store.ExpectationRecord) url.Values {
	v := s.values(r)
	if rec.Status != domain.StatusReceived {
		v.text("status", rec.Status)
	}
	v.bi("answer", rec.Answer)
	v.id("institution", int64(rec.InstitutionID))
	v.version(rec.Version)
	return v.Values
}

func (s *Server) newExpectationForm(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	region := regionScope(u)
	v := s.values(r)
	v.integer("priority", 2)
	if region == 0 {
		if g, err := s.db.Region(r.Context(), r.URL.Query().Get("region")); err == nil {
			region = g.ID
			v.id("region", int64(region))
		}
	}
	opts, err := s.expectationChoices(r, region, 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r, expectationSpec(u, true), v.Values, opts)
	s.renderExpectation(w, r, 0, nil, f, nil)
}

func (s *Server) editExpectationForm(w http.ResponseWriter, r *http.Request) {
	id, rec, ok := s.loadExpectation(w, r)
	if !ok {
		return
	}
	opts, err := s.expectationChoices(r, rec.Input.RegionID, rec.Input.MeetingID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r, expectationSpec(currentUser(r), false), s.expectationValues(r, rec), opts)
	d := newForm(r, decisionSpec, s.decisionValues(r, rec), opts)
	s.renderExpectation(w, r, id, &rec, f, d)
}

func (s *Server) createExpectation(w http.ResponseWriter, r *http.Request) {
	s.saveExpectation(w, r, 0, nil)
}

func (s *Server) updateExpectation(w http.ResponseWriter, r *http.Request) {
	if id, rec, ok := s.loadExpectation(w, r); ok {
		s.saveExpectation(w, r, id, &rec)
	}
}

// saveExpectation creates (rec nil) or updates a draft expectation. Its
// choices depend on the region posted (provinces, meetings): the body is
// read first.
func (s *Server) saveExpectation(w http.ResponseWriter, r *http.Request, id int64, rec *store.ExpectationRecord) {
	u := currentUser(r)
	if err := parseFormBody(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	region := regionScope(u)
	if region == 0 {
		n, _ := strconv.ParseInt(r.PostForm.Get("region"), 10, 16)
		region = int16(n)
	}
	var current int64
	if rec != nil {
		current = rec.Input.MeetingID
	}
	opts, err := s.expectationChoices(r, region, current)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := readForm(w, r, expectationSpec(u, rec == nil), opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	in := domain.ExpectationInput{RegionID: region, MeetingID: f.id("meeting"), Title: f.bi("title"), Description: f.bi("description"),
		AxisIDs: ids[int32](f, "axes"), FieldID: int32(f.id("field")), ProvinceIDs: ids[int32](f, "provinces"),
		Population: f.bi("population"), Priority: int(f.id("priority")), SubmittedByID: int32(f.id("submitted_by"))}
	if u.Role != domain.RoleRegional {
		in.RegionID = int16(f.id("region"))
	}
	f.check(in.Problems())
	if !f.rowAction() && !f.failed() {
		if err := auth.Check(u, auth.SubmitExpectation, in.RegionID); err != nil {
			s.Error(w, r, err)
			return
		}
		if rec == nil {
			id, err = s.db.CreateExpectation(r.Context(), f.token, in, u.ID)
		} else {
			err = s.db.UpdateExpectation(r.Context(), id, f.version, in, u.ID)
		}
		current := func() (url.Values, int, error) {
			now, err := s.db.ExpectationForEdit(r.Context(), id)
			return s.expectationValues(r, now), now.Version, err
		}
		if s.saved(w, r, f, "expectation", id, err, "flash_expectation_saved",
			func(id int64) string { return staffPath(r, "expectations", id) }, current) {
			return
		}
	}
	var d *form
	if rec != nil {
		d = newForm(r, decisionSpec, s.decisionValues(r, *rec), opts)
	}
	s.renderExpectation(w, r, id, rec, f, d)
}

// renderExpectation shows an expectation: its form while a draft the user
// may edit, otherwise all it says and, for staff, the decision form.
func (s *Server) renderExpectation(w http.ResponseWriter, r *http.Request, id int64, rec *store.ExpectationRecord, f, decision *form) {
	u := currentUser(r)
	m := pages.ExpectationForm{ID: id, Form: f.view(staffPath(r, "expectations", id)), Staff: auth.Can(u, auth.TriageExpectation, 0),
		Status: domain.StatusDraft, Editable: true}
	status := f.statusCode()
	title := tr(r, "expectation_new")
	if rec != nil {
		current, err := s.db.Expectation(r.Context(), id)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		m.Current, m.Status, m.Version = current, rec.Status, rec.Version
		m.Editable = rec.Status == domain.StatusDraft && auth.Can(u, auth.SubmitExpectation, rec.Input.RegionID)
		title, _ = current.Title.In(string(lang(r)))
		if decision != nil {
			m.Decision = decision.view(staffPath(r, "expectations", id) + "/decision")
			if decision.posted() {
				status = decision.statusCode()
			}
		}
	}
	p := page(r, title, "", crumb(r, tr(r, "expectations_queue_heading"), "/staff/expectations"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.ExpectationFormPage(p, m))
}

func (s *Server) submitExpectation(w http.ResponseWriter, r *http.Request) {
	id, rec, ok := s.loadExpectation(w, r)
	if !ok {
		return
	}
	f, err := readForm(w, r, submitSpec, nil)
	if err == nil {
		err = auth.Check(currentUser(r), auth.SubmitExpectation, rec.Input.RegionID)
	}
	if err == nil {
		err = s.db.SubmitExpectation(r.Context(), id, f.version, currentUser(r).ID)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_expectation_submitted")
	http.Redirect(w, r, staffPath(r, "expectations", id), http.StatusSeeOther)
}

func (s *Server) decideExpectation(w http.ResponseWriter, r *http.Request) {
	id, rec, ok := s.loadExpectation(w, r)
	if !ok {
		return
	}
	opts, err := s.expectationChoices(r, rec.Input.RegionID, rec.Input.MeetingID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	d, err := readForm(w, r, decisionSpec, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	decision := parseDecision(d)
	if !d.failed() {
		err := s.db.DecideExpectation(r.Context(), id, d.version, decision, currentUser(r).ID)
		current := func() (url.Values, int, error) {
			now, err := s.db.ExpectationForEdit(r.Context(), id)
			return s.decisionValues(r, now), now.Version, err
		}
		if s.saved(w, r, d, "expectation", id, err, "flash_expectation_decided",
			func(id int64) string { return staffPath(r, "expectations", id) }, current) {
			return
		}
		if now, err := s.db.ExpectationForEdit(r.Context(), id); err == nil {
			rec = now
		}
	}
	f := newForm(r, editStaffExpectationSpec, s.expectationValues(r, rec), opts)
	s.renderExpectation(w, r, id, &rec, f, d)
}

// parseDecision reads a decision (single or bulk) and checks it.
func parseDecision(f *form) domain.Decision {
	d := domain.Decision{Status: f.choice("status"), Answer: f.bi("answer"), InstitutionID: int32(f.id("institution"))}
	f.check(d.Problems())
	return d
}

// maxBulk bounds one bulk change.
const maxBulk = 500

func (s *Server) bulkExpectations(w http.ResponseWriter, r *http.Request) {
	if err := parseFormBody(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	opts, err := s.decisionChoices(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// Any expectation may be ticked: which exist, the store says.
	var list []int64
	for _, v := range r.PostForm["ids"] {
		if id, ok := parseID(v); ok && len(list) <= maxBulk {
			list = append(list, id)
			opts["ids"] = append(opts["ids"], components.Option{Value: v})
		}
	}
	f, err := readForm(w, r, bulkSpec, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	selected := ids[int64](f, "ids")
	switch {
	case len(selected) == 0:
		f.fail("ids", "expectations_error_none_selected")
	case len(r.PostForm["ids"]) > maxBulk:
		f.fail("ids", "expectations_error_too_many")
	}
	d := parseDecision(f)
	if !f.failed() {
		err := s.db.BulkDecide(r.Context(), selected, d, currentUser(r).ID)
		if err == nil {
			s.sessions.Flash(r.Context(), "flash_expectations_bulk")
			http.Redirect(w, r, "/"+string(lang(r))+"/staff/expectations", http.StatusSeeOther)
			return
		}
		if c := domain.ErrorCode(err); c != domain.Invalid && c != domain.NotFound {
			s.Error(w, r, err)
			return
		}
		f.fail("status", "expectations_error_bulk_transition")
	}
	s.expectationQueue(w, r, f)
}
