package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
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
	s.expectationQueue(w, r, http.StatusOK, components.Form{})
}

// expectationQueue renders the triage queue (staff) or a region's list
// (regional officials), with f the bulk form when it failed.
func (s *Server) expectationQueue(w http.ResponseWriter, r *http.Request, status int, f components.Form) {
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
	m := pages.StaffExpectations{Staff: auth.Can(u, auth.TriageExpectation, 0), Axis: filter.Axis, Status: filter.Status, Age: filter.OlderThan, Form: f}
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
	if m.Institutions, err = s.institutionOptions(r); err != nil {
		s.Error(w, r, err)
		return
	}
	title := tr(r, "expectations_queue_heading")
	if !m.Staff {
		title = tr(r, "expectations_region_heading")
	}
	p := page(r, title, "", crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.StaffExpectationsPage(p, m))
}

func (s *Server) institutionOptions(r *http.Request) ([]components.Option, error) {
	list, err := s.db.Institutions(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]components.Option, len(list))
	for i, in := range list {
		name, _ := in.Name.In(string(lang(r)))
		out[i] = components.Option{Value: strconv.Itoa(int(in.ID)), Label: name}
	}
	return out, nil
}

// expectationFormView fills the choices of the expectation form for a
// region (a regional official's own, or the one staff chose).
func (s *Server) expectationFormView(r *http.Request, m *pages.ExpectationForm, regionID int16) error {
	ctx := r.Context()
	l := string(lang(r))
	u := currentUser(r)
	var err error
	if u.Role != domain.RoleRegional {
		if m.Regions, err = s.regionOptions(r); err != nil {
			return err
		}
	}
	if m.Axes, err = s.axisOptions(r); err != nil {
		return err
	}
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return err
	}
	m.Fields = options(r, fields, func(f domain.Field) int64 { return int64(f.ID) }, func(f domain.Field) domain.Text { return f.Name })
	if regionID != 0 {
		provinces, err := s.db.Provinces(ctx, regionID)
		if err != nil {
			return err
		}
		for _, p := range provinces {
			name, _ := p.Name.In(l)
			m.Provinces = append(m.Provinces, components.Option{Value: strconv.Itoa(int(p.ID)), Label: name})
		}
		meetings, err := s.db.MeetingsOfRegion(ctx, regionID)
		if err != nil {
			return err
		}
		for _, mt := range meetings {
			title, _ := mt.Title.In(l)
			m.Meetings = append(m.Meetings, components.Option{Value: strconv.FormatInt(mt.ID, 10), Label: mt.StartsAt.In(s.loc).Format("2006-01-02") + " — " + title})
		}
	}
	m.Institutions, err = s.institutionOptions(r)
	return err
}

func (s *Server) newExpectationForm(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	m := pages.ExpectationForm{Editable: true, Staff: auth.Can(u, auth.TriageExpectation, 0),
		Form: components.Form{Values: url.Values{"priority": {"2"}}}}
	if err := s.expectationFormView(r, &m, u.RegionID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderExpectationForm(w, r, http.StatusOK, m)
}

func (s *Server) renderExpectationForm(w http.ResponseWriter, r *http.Request, status int, m pages.ExpectationForm) {
	title := tr(r, "expectation_new")
	if m.ID != 0 {
		title, _ = m.Current.Title.In(string(lang(r)))
	}
	p := page(r, title, "", crumb(r, tr(r, "expectations_queue_heading"), "/staff/expectations"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.ExpectationFormPage(p, m))
}

// parseExpectationForm reads the expectation form. A regional official's
// expectation is always of their own region, whatever the form says.
func (s *Server) parseExpectationForm(r *http.Request, f *components.Form) domain.ExpectationInput {
	u := currentUser(r)
	var in domain.ExpectationInput
	bi := func(name, label string, max int) domain.Text {
		return domain.Text{AR: text(f, name+"_ar", label, max, false), FR: text(f, name+"_fr", label, max, false)}
	}
	if u.Role == domain.RoleRegional {
		in.RegionID = u.RegionID
	} else {
		in.RegionID = int16(choice(f, "region", "meeting_region", func(n int64) bool { return n >= 1 && n <= 12 }))
	}
	in.Title = bi("title", "expectation_title", domain.ShortText)
	in.Description = bi("description", "expectation_description", domain.LongText)
	in.Population = bi("population", "expectation_population", domain.ShortText)
	in.AxisIDs = choices(f, "axes", "expectation_axes", func(n int64) bool { return n > 0 && n < 1<<31 })
	in.FieldID = int32(choice(f, "field", "expectation_field", func(n int64) bool { return n > 0 && n < 1<<31 }))
	in.ProvinceIDs = choices(f, "provinces", "expectation_provinces", func(n int64) bool { return n > 0 && n < 1<<31 })
	in.MeetingID = choice(f, "meeting", "expectation_meeting", func(n int64) bool { return n > 0 })
	if p := strings.TrimSpace(single(f, "priority", "expectation_priority")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			fail(f, "priority", "expectation_priority", "error_choose")
		}
		in.Priority = n
	}
	for field, msg := range in.Problems() {
		fail(f, field, expectationLabel(field), msg)
	}
	return in
}

func expectationLabel(field string) string {
	switch strings.TrimSuffix(strings.TrimSuffix(field, "_ar"), "_fr") {
	case "region":
		return "meeting_region"
	case "title":
		return "expectation_title"
	case "description":
		return "expectation_description"
	case "population":
		return "expectation_population"
	case "axes":
		return "expectation_axes"
	case "priority":
		return "expectation_priority"
	case "answer":
		return "expectation_answer_label"
	case "status":
		return "expectation_decision_status"
	case "institution":
		return "expectation_institution"
	}
	return ""
}

func (s *Server) createExpectation(w http.ResponseWriter, r *http.Request) {
	s.saveExpectation(w, r, 0)
}

func (s *Server) updateExpectation(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	s.saveExpectation(w, r, id)
}

// loadExpectation reads an expectation the user may see: a regional
// official only their own region's (another region's is not found, so its
// existence does not leak).
func (s *Server) loadExpectation(r *http.Request, id int64) (store.ExpectationRecord, error) {
	rec, err := s.db.ExpectationForEdit(r.Context(), id)
	if err != nil {
		return rec, err
	}
	if !auth.Can(currentUser(r), auth.ViewOwnExpectations, rec.Input.RegionID) {
		return rec, domain.ErrNotFound
	}
	return rec, nil
}

func (s *Server) saveExpectation(w http.ResponseWriter, r *http.Request, id int64) {
	u := currentUser(r)
	if id != 0 {
		if _, err := s.loadExpectation(r, id); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r)
	in := s.parseExpectationForm(r, &f)
	if !failed(f) && !auth.Can(u, auth.SubmitExpectation, in.RegionID) {
		s.Error(w, r, auth.ErrForbidden)
		return
	}
	var err error
	if !failed(f) {
		if id == 0 {
			id, err = s.db.CreateExpectation(r.Context(), in, u.ID)
		} else {
			version, _ := strconv.Atoi(f.Value("version"))
			err = s.db.UpdateExpectation(r.Context(), id, version, in, u.ID)
		}
		if err == nil {
			s.sessions.Flash(r.Context(), "flash_expectation_saved")
			http.Redirect(w, r, fmt.Sprintf("/%s/staff/expectations/%d", lang(r), id), http.StatusSeeOther)
			return
		}
		if c := domain.ErrorCode(err); c != domain.Invalid && c != domain.Conflict {
			s.Error(w, r, err)
			return
		}
		fail(&f, "form", "", domain.ErrorMessage(err))
	}
	status := http.StatusUnprocessableEntity
	if errors.Is(err, domain.ErrVersionConflict) {
		status = http.StatusConflict
	}
	m := pages.ExpectationForm{Form: f, ID: id, Editable: true, Staff: auth.Can(u, auth.TriageExpectation, 0), Status: domain.StatusDraft}
	if id != 0 {
		rec, err := s.db.ExpectationForEdit(r.Context(), id)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		m.Version, m.Status, m.Current.Title = rec.Version, rec.Status, rec.Input.Title
		if status == http.StatusConflict {
			f.Values["version"] = []string{strconv.Itoa(rec.Version)}
		}
	}
	if err := s.expectationFormView(r, &m, in.RegionID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderExpectationForm(w, r, status, m)
}

func (s *Server) editExpectationForm(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	rec, err := s.loadExpectation(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderExpectation(w, r, http.StatusOK, id, rec, components.Form{Values: url.Values{"status": {rec.Status},
		"answer_ar": {rec.Answer.AR}, "answer_fr": {rec.Answer.FR}, "institution": {idOrEmpty(int64(rec.InstitutionID))}}})
}

func idOrEmpty(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// renderExpectation shows an expectation: its form while a draft, its
// summary and (for staff) the decision form afterwards.
func (s *Server) renderExpectation(w http.ResponseWriter, r *http.Request, status int, id int64, rec store.ExpectationRecord, decision components.Form) {
	u := currentUser(r)
	m := pages.ExpectationForm{ID: id, Status: rec.Status, Version: rec.Version, Decision: decision,
		Editable: rec.Status == domain.StatusDraft && auth.Can(u, auth.SubmitExpectation, rec.Input.RegionID),
		Staff:    auth.Can(u, auth.TriageExpectation, 0)}
	if m.Editable {
		in := rec.Input
		v := url.Values{"version": {strconv.Itoa(rec.Version)}, "region": {strconv.Itoa(int(in.RegionID))},
			"title_ar": {in.Title.AR}, "title_fr": {in.Title.FR}, "description_ar": {in.Description.AR}, "description_fr": {in.Description.FR},
			"population_ar": {in.Population.AR}, "population_fr": {in.Population.FR}, "priority": {strconv.Itoa(in.Priority)},
			"field": {idOrEmpty(int64(in.FieldID))}, "meeting": {idOrEmpty(in.MeetingID)}}
		for _, a := range in.AxisIDs {
			v.Add("axes", strconv.Itoa(int(a)))
		}
		for _, p := range in.ProvinceIDs {
			v.Add("provinces", strconv.Itoa(int(p)))
		}
		m.Form = components.Form{Values: v}
	}
	current, err := s.db.Expectation(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m.Current = current
	if err := s.expectationFormView(r, &m, rec.Input.RegionID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderExpectationForm(w, r, status, m)
}

func (s *Server) submitExpectation(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	rec, err := s.loadExpectation(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := auth.Check(currentUser(r), auth.SubmitExpectation, rec.Input.RegionID); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		s.badRequest(w, r, "error_form_invalid")
		return
	}
	if err := s.db.SubmitExpectation(r.Context(), id, version, currentUser(r).ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_expectation_submitted")
	http.Redirect(w, r, fmt.Sprintf("/%s/staff/expectations/%d", lang(r), id), http.StatusSeeOther)
}

// parseDecision reads a decision (single or bulk).
func parseDecision(f *components.Form) domain.Decision {
	d := domain.Decision{Status: single(f, "status", "expectation_decision_status"),
		Answer: domain.Text{AR: text(f, "answer_ar", "expectation_answer_label", domain.LongText, false),
			FR: text(f, "answer_fr", "expectation_answer_label", domain.LongText, false)},
		InstitutionID: int32(choice(f, "institution", "expectation_institution", func(n int64) bool { return n > 0 && n < 1<<31 }))}
	for field, msg := range d.Problems() {
		fail(f, field, expectationLabel(field), msg)
	}
	return d
}

func (s *Server) decideExpectation(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	rec, err := s.loadExpectation(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r)
	d := parseDecision(&f)
	version, verr := strconv.Atoi(f.Value("version"))
	if verr != nil {
		s.badRequest(w, r, "error_form_invalid")
		return
	}
	status := http.StatusUnprocessableEntity
	if !failed(f) {
		err := s.db.DecideExpectation(r.Context(), id, version, d, currentUser(r).ID)
		if err == nil {
			s.sessions.Flash(r.Context(), "flash_expectation_decided")
			http.Redirect(w, r, fmt.Sprintf("/%s/staff/expectations/%d", lang(r), id), http.StatusSeeOther)
			return
		}
		if c := domain.ErrorCode(err); c != domain.Invalid && c != domain.Conflict {
			s.Error(w, r, err)
			return
		}
		if errors.Is(err, domain.ErrVersionConflict) {
			status = http.StatusConflict
			if rec, err = s.db.ExpectationForEdit(r.Context(), id); err != nil {
				s.Error(w, r, err)
				return
			}
		}
		fail(&f, "form", "", domain.ErrorMessage(err))
	}
	s.renderExpectation(w, r, status, id, rec, f)
}

// maxBulk bounds one bulk change.
const maxBulk = 500

func (s *Server) bulkExpectations(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r)
	var ids []int64
	for _, v := range f.Values["ids"] {
		id, ok := parseID(v)
		if !ok {
			s.badRequest(w, r, "error_form_invalid")
			return
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		fail(&f, "ids", "expectations_select", "expectations_error_none_selected")
	}
	if len(ids) > maxBulk {
		fail(&f, "ids", "expectations_select", "expectations_error_too_many")
	}
	d := parseDecision(&f)
	if !failed(f) {
		err := s.db.BulkDecide(r.Context(), ids, d, currentUser(r).ID)
		if err == nil {
			s.sessions.Flash(r.Context(), "flash_expectations_bulk")
			http.Redirect(w, r, fmt.Sprintf("/%s/staff/expectations", lang(r)), http.StatusSeeOther)
			return
		}
		if domain.ErrorCode(err) != domain.Invalid && domain.ErrorCode(err) != domain.NotFound {
			s.Error(w, r, err)
			return
		}
		fail(&f, "status", "expectation_decision_status", "expectations_error_bulk_transition")
	}
	s.expectationQueue(w, r, http.StatusUnprocessableEntity, f)
}
