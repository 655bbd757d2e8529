package server

import (
	"net/http"
	"net/url"
	"strconv"

	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// The action plan: commitments the ministry makes, with their milestones
// and the expectations they answer.

var newCommitmentSpec, editCommitmentSpec = recordSpecs(map[string]string{"commitment_error_expectations": "expectations"},
	components.Field{Name: "region", Label: "meeting_region", Kind: components.KindChoice, Required: true, Empty: "form_choose"},
	components.Field{Name: "axis", Label: "commitment_axis", Kind: components.KindChoice, Required: true, Empty: "form_choose"},
	components.Field{Name: "title", Label: "commitment_title", Bilingual: true, Required: true, Max: domain.ShortText},
	components.Field{Name: "description", Label: "commitment_description", Bilingual: true, Multiline: true, Max: domain.LongText},
	components.Field{Name: "institution", Label: "commitment_institution", Kind: components.KindChoice, Required: true, Empty: "form_choose"},
	components.Field{Name: "due", Label: "commitment_due", Hint: "form_date_hint", Kind: components.KindDate},
	components.Field{Name: "progress", Label: "commitment_progress", Hint: "commitment_progress_hint", Kind: components.KindPercent},
	components.Field{Name: "find", Label: "commitment_find_expectations", Hint: "commitment_find_expectations_hint", Max: 200},
	components.Field{Name: "expectations", Label: "commitment_expectations", Hint: "commitment_expectations_hint", Kind: components.KindChoices},
	components.Field{Name: "agreements", Label: "commitment_agreements", Hint: "commitment_agreements_hint", Kind: components.KindChoices},
	components.Field{Name: "milestone", Label: "commitment_milestones", Kind: components.KindSection, MaxRows: domain.AgreementRowsMax, Rows: []components.Field{
		{Name: "title", Label: "commitment_milestone", Bilingual: true, Required: true, Max: domain.ShortText},
		{Name: "due", Label: "commitment_due", Hint: "form_date_hint", Kind: components.KindDate},
		{Name: "percent", Label: "commitment_progress", Kind: components.KindPercent},
	}},
)

func (s *Server) staffCommitments(w http.ResponseWriter, r *http.Request) {
	f, ok := staffFilter(r, 0)
	if !ok {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffCommitments(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := staffPage(r, tr(r, "staff_nav_commitments"), crumb(r, tr(r, "staff_nav_commitments"), ""))
	s.render(w, r, http.StatusOK, pages.StaffCommitmentsPage(p, pages.StaffCommitments{Items: list.Items, Total: list.Total,
		Page: list.Page, Pages: list.Pages(), Base: listURL(r), State: f.State, Mine: f.Mine != 0, Overdue: f.Overdue}))
}

// commitmentChoices are what the commitment form offers: regions, axes,
// institutions, and the expectations it may answer: those already linked
// or ticked (chosen), then those of the region (past the draft) that match
// the words looked for, retained ones first.
func (s *Server) commitmentChoices(r *http.Request, region int16, find string, chosen, agreements []int64, rec *store.CommitmentRecord) (options, error) {
	var err error
	opts := options{}
	if opts["region"], err = s.regionChoices(r); err != nil {
		return nil, err
	}
	if opts["axis"], err = s.axisChoices(r); err != nil {
		return nil, err
	}
	var current []int32
	if rec != nil {
		current = []int32{rec.Input.InstitutionID}
	}
	if opts["institution"], err = s.institutionChoices(r, current...); err != nil {
		return nil, err
	}
	var linked store.CommitmentRecord
	if rec != nil {
		linked = *rec
	}
	l := i18n.FromContext(r.Context())
	for _, k := range []struct {
		kind, field, label, stands string
		include, linked            []int64
	}{
		{"expectation", "expectations", "commitment_expectation_choice", "expectation_status_", chosen, linked.Input.ExpectationIDs},
		{"agreement", "agreements", "commitment_agreement_choice", "state_", agreements, linked.Input.AgreementIDs},
	} {
		found, err := s.db.Linkables(r.Context(), k.kind, region, find, k.include, k.linked, 50)
		if err != nil {
			return nil, err
		}
		for _, e := range found {
			title, _ := e.Title.In(string(lang(r)))
			opts[k.field] = append(opts[k.field], components.Option{Value: strconv.FormatInt(e.ID, 10),
				Label: l.TData(k.label, map[string]any{"N": e.ID, "Title": title, "Status": tr(r, k.stands+e.Stands)})})
		}
	}
	return opts, nil
}

func (s *Server) newCommitmentForm(w http.ResponseWriter, r *http.Request) {
	v := s.values(r)
	v.integer("progress", 0)
	var chosen []int64
	var region int16
	if id, ok := parseID(r.URL.Query().Get("expectation")); ok {
		if e, err := s.db.ExpectationForEdit(r.Context(), id); err == nil {
			chosen, region = []int64{id}, e.Input.RegionID
			v.id("region", int64(region))
			setIDs(v, "expectations", chosen)
		}
	}
	opts, err := s.commitmentChoices(r, region, "", chosen, nil, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderCommitmentForm(w, r, newForm(r, newCommitmentSpec, v.Values, opts), nil, 0)
}

func (s *Server) editCommitmentForm(w http.ResponseWriter, r *http.Request) {
	id, rec, ok := s.staffCommitment(w, r)
	if !ok {
		return
	}
	opts, err := s.commitmentChoices(r, rec.Input.RegionID, "", rec.Input.ExpectationIDs, rec.Input.AgreementIDs, &rec)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderCommitmentForm(w, r, newForm(r, editCommitmentSpec, s.commitmentValues(r, rec), opts), &rec, id)
}

func (s *Server) commitmentValues(r *http.Request, rec store.CommitmentRecord) url.Values {
	in := rec.Input
	v := s.values(r)
	v.id("region", int64(in.RegionID))
	v.id("axis", int64(in.AxisID))
	v.bi("title", in.Title)
	v.bi("description", in.Description)
	v.id("institution", int64(in.InstitutionID))
	v.date("due", in.DueOn)
	v.integer("progress", in.Progress)
	setIDs(v, "expectations", in.ExpectationIDs)
	setIDs(v, "agreements", in.AgreementIDs)
	for i, m := range rec.Milestones {
		row := func(f string) string { return components.RowName("milestone", i, f) }
		v.bi(row("title"), m.Title)
		v.date(row("due"), m.DueOn)
		v.integer(row("percent"), m.Percent)
	}
	v.version(rec.Version)
	return v.Values
}

func (s *Server) createCommitment(w http.ResponseWriter, r *http.Request) {
	s.saveCommitment(w, r, 0, nil)
}

func (s *Server) updateCommitment(w http.ResponseWriter, r *http.Request) {
	if id, rec, ok := s.staffCommitment(w, r); ok {
		s.saveCommitment(w, r, id, &rec)
	}
}

func (s *Server) saveCommitment(w http.ResponseWriter, r *http.Request, id int64, rec *store.CommitmentRecord) {
	// The choices depend on what is posted (the region, the words looked
	// for, the expectations ticked): read the body first, then the form.
	if err := parseFormBody(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	posted := func(name string) []int64 {
		var out []int64
		for _, v := range r.PostForm[name] {
			if n, ok := parseID(v); ok {
				out = append(out, n)
			}
		}
		return out
	}
	region, _ := strconv.ParseInt(r.PostForm.Get("region"), 10, 16)
	opts, err := s.commitmentChoices(r, int16(region), r.PostForm.Get("find"), posted("expectations"), posted("agreements"), rec)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	spec := cond(rec == nil, newCommitmentSpec, editCommitmentSpec)
	f, err := readForm(w, r, spec, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	in := domain.CommitmentInput{RegionID: int16(f.id("region")), AxisID: int32(f.id("axis")), Title: f.bi("title"),
		Description: f.bi("description"), InstitutionID: int32(f.id("institution")), DueOn: f.date("due"),
		Progress: f.percent("progress"), ExpectationIDs: ids[int64](f, "expectations"), AgreementIDs: ids[int64](f, "agreements")}
	var milestones []domain.Milestone
	for i := range f.rowsOf("milestone") {
		row := func(field string) string { return components.RowName("milestone", i, field) }
		milestones = append(milestones, domain.Milestone{Title: f.bi(row("title")), DueOn: f.date(row("due")), Percent: f.percent(row("percent"))})
	}
	f.check(in.Problems())
	if !f.rowAction() && !f.failed() {
		if rec == nil {
			id, err = s.db.CreateCommitment(r.Context(), f.token, in, milestones, currentUser(r).ID)
		} else {
			err = s.db.UpdateCommitment(r.Context(), id, f.version, in, milestones, currentUser(r).ID)
		}
		current := func() (url.Values, int, error) {
			now, err := s.db.CommitmentForEdit(r.Context(), id)
			return s.commitmentValues(r, now), now.Version, err
		}
		if s.saved(w, r, f, "commitment", id, err, "flash_commitment_saved",
			func(id int64) string { return staffPath(r, "commitments", id) }, current) {
			return
		}
	}
	s.renderCommitmentForm(w, r, f, rec, id)
}

func (s *Server) staffCommitment(w http.ResponseWriter, r *http.Request) (int64, store.CommitmentRecord, bool) {
	return record(s, w, r, s.db.CommitmentForEdit)
}

func (s *Server) renderCommitmentForm(w http.ResponseWriter, r *http.Request, f *form, rec *store.CommitmentRecord, id int64) {
	m := pages.CommitmentForm{Form: f.view(staffPath(r, "commitments", id)), ID: id}
	title := tr(r, "commitment_new")
	if rec != nil {
		m.State, m.Version = rec.State, rec.Version
		title = tr(r, "commitment_edit")
	}
	p := staffPage(r, title, crumb(r, tr(r, "staff_nav_commitments"), "/staff/commitments"), crumb(r, title, ""))
	s.render(w, r, f.statusCode(), pages.CommitmentFormPage(p, m))
}

func (s *Server) setCommitmentState(w http.ResponseWriter, r *http.Request) {
	if id, rec, ok := s.staffCommitment(w, r); ok {
		s.changeState(w, r, "commitment", id, rec.State, rec.Input.RegionID)
	}
}
