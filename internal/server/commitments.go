package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// commitmentRows are the repeatable sections of the commitment form.
var commitmentRows = map[string][]string{"milestone": {"title_ar", "title_fr", "due", "percent"}}

func (s *Server) staffCommitments(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := store.StaffFilter{State: q.str("state", domain.Draft, domain.Published, domain.Archived), Region: q.slug("region"), Page: q.page()}
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffCommitments(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := page(r, tr(r, "staff_nav_commitments"), "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "staff_nav_commitments"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.StaffCommitmentsPage(p, pages.StaffCommitments{Items: list.Items, Total: list.Total,
		Page: list.Page, Pages: list.Pages(), Base: listURL(r), State: f.State}))
}

// commitmentView fills the choices of the commitment form.
func (s *Server) commitmentView(r *http.Request, m *pages.CommitmentForm) error {
	var err error
	if m.Regions, err = s.regionOptions(r); err != nil {
		return err
	}
	if m.Axes, err = s.axisOptions(r); err != nil {
		return err
	}
	m.Institutions, err = s.institutionOptions(r)
	return err
}

func (s *Server) renderCommitmentForm(w http.ResponseWriter, r *http.Request, status int, m pages.CommitmentForm) {
	if err := s.commitmentView(r, &m); err != nil {
		s.Error(w, r, err)
		return
	}
	n, _ := strconv.Atoi(m.Form.Value("more-milestone"))
	if n < 1 || n > 20 {
		n = 1
	}
	if r.Method == http.MethodPost && m.Form.Value("add_row") == "milestone" {
		n++
	}
	m.Extra = n
	m.MilestoneRows += n
	title := tr(r, "commitment_new")
	if m.ID != 0 {
		title = tr(r, "commitment_edit")
	}
	p := page(r, title, "", crumb(r, tr(r, "staff_nav_commitments"), "/staff/commitments"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.CommitmentFormPage(p, m))
}

func (s *Server) newCommitmentForm(w http.ResponseWriter, r *http.Request) {
	v := url.Values{"progress": {"0"}}
	if e := r.URL.Query().Get("expectation"); e != "" {
		if _, ok := parseID(e); ok {
			v.Set("expectations", e)
		}
	}
	s.renderCommitmentForm(w, r, http.StatusOK, pages.CommitmentForm{Form: components.Form{Values: v}})
}

func (s *Server) editCommitmentForm(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	rec, err := s.db.CommitmentForEdit(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	in := rec.Input
	v := url.Values{"version": {strconv.Itoa(rec.Version)}, "region": {strconv.Itoa(int(in.RegionID))}, "axis": {strconv.Itoa(int(in.AxisID))},
		"title_ar": {in.Title.AR}, "title_fr": {in.Title.FR}, "description_ar": {in.Description.AR}, "description_fr": {in.Description.FR},
		"institution": {strconv.Itoa(int(in.InstitutionID))}, "progress": {strconv.Itoa(in.Progress)}}
	if in.DueOn != nil {
		v.Set("due", in.DueOn.Format("2006-01-02"))
	}
	ids := make([]string, len(in.ExpectationIDs))
	for i, e := range in.ExpectationIDs {
		ids[i] = strconv.FormatInt(e, 10)
	}
	v.Set("expectations", strings.Join(ids, ", "))
	for i, m := range rec.Milestones {
		v.Set(fmt.Sprintf("milestone-%d-title_ar", i), m.Title.AR)
		v.Set(fmt.Sprintf("milestone-%d-title_fr", i), m.Title.FR)
		v.Set(fmt.Sprintf("milestone-%d-percent", i), strconv.Itoa(m.Percent))
		if m.DueOn != nil {
			v.Set(fmt.Sprintf("milestone-%d-due", i), m.DueOn.Format("2006-01-02"))
		}
	}
	s.renderCommitmentForm(w, r, http.StatusOK, pages.CommitmentForm{Form: components.Form{Values: v}, ID: id, State: rec.State,
		Version: rec.Version, MilestoneRows: len(rec.Milestones)})
}

func (s *Server) createCommitment(w http.ResponseWriter, r *http.Request) { s.saveCommitment(w, r, 0) }

func (s *Server) updateCommitment(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	s.saveCommitment(w, r, id)
}

// percent reads a percentage between 0 and 100.
func percent(f *components.Form, field, label string) int {
	v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(single(f, field, label)), "%"))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 100 {
		fail(f, field, label, "error_percent")
		return 0
	}
	return n
}

func (s *Server) saveCommitment(w http.ResponseWriter, r *http.Request, id int64) {
	var rec store.CommitmentRecord
	if id != 0 {
		var err error
		if rec, err = s.db.CommitmentForEdit(r.Context(), id); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r)
	rows := compactRows(f.Values, commitmentRows)
	var in domain.CommitmentInput
	in.RegionID = int16(choice(&f, "region", "meeting_region", func(n int64) bool { return n >= 1 && n <= 99 }))
	in.AxisID = int32(choice(&f, "axis", "commitment_axis", func(n int64) bool { return n > 0 && n < 1<<31 }))
	in.Title = domain.Text{AR: text(&f, "title_ar", "commitment_title", domain.ShortText, false), FR: text(&f, "title_fr", "commitment_title", domain.ShortText, false)}
	in.Description = domain.Text{AR: text(&f, "description_ar", "commitment_description", domain.LongText, false),
		FR: text(&f, "description_fr", "commitment_description", domain.LongText, false)}
	in.InstitutionID = int32(choice(&f, "institution", "commitment_institution", func(n int64) bool { return n > 0 && n < 1<<31 }))
	if d := strings.TrimSpace(single(&f, "due", "commitment_due")); d != "" {
		if t, ok := parseDate(d); ok {
			in.DueOn = &t
		} else {
			fail(&f, "due", "commitment_due", "error_date")
		}
	}
	in.Progress = percent(&f, "progress", "commitment_progress")
	for _, part := range strings.FieldsFunc(single(&f, "expectations", "commitment_expectations"), func(c rune) bool { return c == ',' || c == ' ' || c == '،' || c == ';' }) {
		eid, ok := parseID(strings.TrimPrefix(part, "#"))
		if !ok {
			fail(&f, "expectations", "commitment_expectations", "commitment_error_expectation_ids")
			break
		}
		in.ExpectationIDs = append(in.ExpectationIDs, eid)
	}
	var milestones []domain.Milestone
	for i := 0; i < rows["milestone"]; i++ {
		row := fmt.Sprintf("milestone-%d-", i)
		m := domain.Milestone{Title: domain.Text{AR: text(&f, row+"title_ar", "commitment_milestone", domain.ShortText, false),
			FR: text(&f, row+"title_fr", "commitment_milestone", domain.ShortText, false)}, Percent: percent(&f, row+"percent", "commitment_progress")}
		if m.Title.AR == "" {
			fail(&f, row+"title_ar", "commitment_milestone", "error_arabic_required")
		}
		if d := strings.TrimSpace(single(&f, row+"due", "commitment_due")); d != "" {
			if t, ok := parseDate(d); ok {
				m.DueOn = &t
			} else {
				fail(&f, row+"due", "commitment_due", "error_date")
			}
		}
		milestones = append(milestones, m)
	}
	for field, msg := range in.Problems() {
		fail(&f, field, commitmentLabel(field), msg)
	}
	m := pages.CommitmentForm{Form: f, ID: id, State: rec.State, Version: rec.Version, MilestoneRows: rows["milestone"]}
	if f.Value("add_row") != "" {
		m.Form.Errors, m.Form.Order = map[string]string{}, nil
		s.renderCommitmentForm(w, r, http.StatusOK, m)
		return
	}
	if failed(f) {
		s.renderCommitmentForm(w, r, http.StatusUnprocessableEntity, m)
		return
	}
	version, _ := strconv.Atoi(f.Value("version"))
	newID, err := s.db.SaveCommitment(r.Context(), id, version, in, milestones, currentUser(r).ID)
	if err == nil {
		s.sessions.Flash(r.Context(), "flash_commitment_saved")
		http.Redirect(w, r, fmt.Sprintf("/%s/staff/commitments/%d", lang(r), newID), http.StatusSeeOther)
		return
	}
	if c := domain.ErrorCode(err); c != domain.Invalid && c != domain.Conflict {
		s.Error(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if errors.Is(err, domain.ErrVersionConflict) {
		status = http.StatusConflict
		if cur, err := s.db.CommitmentForEdit(r.Context(), id); err == nil {
			m.Form.Values["version"] = []string{strconv.Itoa(cur.Version)}
		}
	}
	fail(&m.Form, "form", "", domain.ErrorMessage(err))
	s.renderCommitmentForm(w, r, status, m)
}

func commitmentLabel(field string) string {
	switch strings.TrimSuffix(strings.TrimSuffix(field, "_ar"), "_fr") {
	case "region":
		return "meeting_region"
	case "axis":
		return "commitment_axis"
	case "title":
		return "commitment_title"
	case "description":
		return "commitment_description"
	case "institution":
		return "commitment_institution"
	case "progress":
		return "commitment_progress"
	}
	return ""
}

func (s *Server) setCommitmentState(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	s.changeState(w, r, "commitment", id, fmt.Sprintf("/%s/staff/commitments/%d", lang(r), id))
}
