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

// Staff pages of partnership agreements: the list, the form that creates
// and edits one (parties and milestones as repeatable rows that need no
// script), its preview, history and publication moves.

var newAgreementSpec, editAgreementSpec = recordSpecs(nil,
	components.Field{Name: "subject", Label: "agreement_form_subject", Bilingual: true, Required: true, Max: domain.AgreementSubjectMax},
	components.Field{Name: "summary", Label: "agreement_form_summary", Bilingual: true, Multiline: true, Max: domain.AgreementSummaryMax},
	components.Field{Name: "party", Label: "agreement_form_parties", Kind: components.KindSection, MaxRows: domain.AgreementRowsMax, Blank: 2, Rows: []components.Field{
		{Name: "institution", Label: "agreement_form_party_institution", Kind: components.KindChoice, Empty: "agreement_form_choose"},
		{Name: "amount", Label: "agreement_form_party_amount", Hint: "form_amount_hint", Kind: components.KindAmount},
	}},
	components.Field{Name: "signed_on", Label: "agreement_form_signed_on", Hint: "form_date_hint", Kind: components.KindDate},
	components.Field{Name: "meeting", Label: "agreement_form_meeting", Kind: components.KindChoice, Empty: "agreement_form_no_meeting"},
	components.Field{Name: "region", Label: "agreement_form_region", Hint: "agreement_form_region_hint", Kind: components.KindChoice, Empty: "agreement_form_no_region"},
	components.Field{Name: "provinces", Label: "agreement_form_provinces", Hint: "agreement_form_provinces_hint", Kind: components.KindChoices},
	components.Field{Name: "axes", Label: "agreement_form_axes", Kind: components.KindChoices},
	components.Field{Name: "fields", Label: "agreement_form_fields", Kind: components.KindChoices},
	components.Field{Name: "duration", Label: "agreement_form_duration", Hint: "agreement_form_duration_hint", Kind: components.KindInteger, Min: 1, Max: 600},
	components.Field{Name: "status", Label: "agreement_form_status", Kind: components.KindChoice, Required: true},
	components.Field{Name: "milestone", Label: "agreement_form_milestones", Hint: "agreement_form_milestones_hint", Kind: components.KindSection,
		MaxRows: domain.AgreementRowsMax, Blank: 2, Rows: []components.Field{
			{Name: "title", Label: "agreement_form_milestone_title", Bilingual: true, Required: true, Max: domain.MilestoneTitleMax},
			{Name: "due", Label: "agreement_form_milestone_due", Hint: "form_date_hint", Kind: components.KindDate},
			{Name: "percent", Label: "agreement_form_milestone_percent", Hint: "agreement_form_percent_hint", Kind: components.KindPercent},
		}},
)

func (s *Server) staffAgreements(w http.ResponseWriter, r *http.Request) {
	f, ok := staffFilter(r, 20)
	if !ok {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffAgreements(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.StaffAgreements{Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: listURL(r), State: f.State, Mine: f.Mine != 0}
	p := staffPage(r, tr(r, "agreement_staff_heading"), crumb(r, tr(r, "agreement_staff_heading"), ""))
	s.render(w, r, http.StatusOK, pages.StaffAgreementsPage(p, m))
}

// agreementChoices are what the agreement form offers (for agreement id,
// 0 for a new one: what it already names is offered even archived), and
// the region of each province.
func (s *Server) agreementChoices(r *http.Request, id int64) (options, store.AgreementOptions, error) {
	o, err := s.db.AgreementOptions(r.Context(), id)
	if err != nil {
		return nil, o, err
	}
	l := string(lang(r))
	name := func(t domain.Text) string {
		v, _ := t.In(l)
		return v
	}
	opts := options{}
	for _, i := range o.Institutions {
		label := name(i.Input.Name)
		if i.Input.Short != "" && i.Input.Short != label {
			label += " (" + i.Input.Short + ")"
		}
		if i.ArchivedAt != nil {
			label += " — " + tr(r, "state_archived")
		}
		opts["party.institution"] = append(opts["party.institution"], components.Option{Value: strconv.Itoa(int(i.ID)), Label: label})
	}
	loc := i18n.FromContext(r.Context())
	for _, mt := range o.Meetings {
		label := loc.TData("agreement_meeting_choice", map[string]any{"Title": name(mt.Title), "Region": name(mt.RegionName),
			"Date": loc.Date(mt.StartsAt.In(s.loc))})
		if mt.State != domain.Published {
			label += " (" + tr(r, "state_"+mt.State) + ")"
		}
		opts["meeting"] = append(opts["meeting"], components.Option{Value: strconv.FormatInt(mt.ID, 10), Label: label})
	}
	opts["region"] = choices(r, o.Regions, func(g domain.Region) int64 { return int64(g.ID) }, func(g domain.Region) domain.Text { return g.Name })
	opts["provinces"] = choices(r, o.Provinces, func(p domain.Province) int64 { return int64(p.ID) }, func(p domain.Province) domain.Text { return p.Name })
	opts["axes"] = choices(r, o.Axes, func(a domain.Axis) int64 { return int64(a.ID) }, func(a domain.Axis) domain.Text { return a.Name })
	opts["fields"] = choices(r, o.Fields, func(f domain.Field) int64 { return int64(f.ID) }, func(f domain.Field) domain.Text { return f.Name })
	for _, st := range domain.AgreementStatuses {
		opts["status"] = append(opts["status"], components.Option{Value: st, Label: tr(r, "agreement_status_"+st)})
	}
	return opts, o, nil
}

// agreementValues is an agreement as the form shows it, amounts written
// as the reader writes them.
func (s *Server) agreementValues(r *http.Request, rec store.AgreementRecord) url.Values {
	in := rec.Input
	v := s.values(r)
	v.bi("subject", in.Subject)
	v.bi("summary", in.Summary)
	for i, p := range in.Parties {
		v.id(components.RowName("party", i, "institution"), int64(p.InstitutionID))
		v.number(components.RowName("party", i, "amount"), p.AmountDH)
	}
	v.date("signed_on", in.SignedOn)
	v.id("meeting", in.MeetingID)
	v.id("region", int64(in.RegionID))
	setIDs(v, "provinces", in.ProvinceIDs)
	setIDs(v, "axes", in.AxisIDs)
	setIDs(v, "fields", in.FieldIDs)
	if in.DurationMonths != nil {
		v.integer("duration", *in.DurationMonths)
	}
	v.text("status", in.Status)
	for i, m := range in.Milestones {
		row := func(f string) string { return components.RowName("milestone", i, f) }
		v.bi(row("title"), m.Title)
		v.date(row("due"), m.DueOn)
		v.integer(row("percent"), m.Percent)
	}
	v.version(rec.Version)
	return v.Values
}

func (s *Server) newAgreementForm(w http.ResponseWriter, r *http.Request) {
	opts, o, err := s.agreementChoices(r, 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := s.values(r)
	v.text("status", "signed")
	s.renderAgreementForm(w, r, newForm(r, newAgreementSpec, v.Values, opts), o, nil)
}

func (s *Server) editAgreementForm(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffAgreement(w, r)
	if !ok {
		return
	}
	opts, o, err := s.agreementChoices(r, rec.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderAgreementForm(w, r, newForm(r, editAgreementSpec, s.agreementValues(r, rec), opts), o, &rec)
}

func (s *Server) createAgreement(w http.ResponseWriter, r *http.Request) { s.saveAgreement(w, r, nil) }

func (s *Server) updateAgreement(w http.ResponseWriter, r *http.Request) {
	if rec, ok := s.staffAgreement(w, r); ok {
		s.saveAgreement(w, r, &rec)
	}
}

func (s *Server) saveAgreement(w http.ResponseWriter, r *http.Request, rec *store.AgreementRecord) {
	var id int64
	if rec != nil {
		id = rec.ID
	}
	opts, o, err := s.agreementChoices(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := readForm(w, r, cond(rec == nil, newAgreementSpec, editAgreementSpec), opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	in := domain.AgreementInput{Subject: f.bi("subject"), Summary: f.bi("summary"), SignedOn: f.date("signed_on"), MeetingID: f.id("meeting"),
		RegionID: int16(f.id("region")), ProvinceIDs: ids[int32](f, "provinces"), AxisIDs: ids[int32](f, "axes"),
		FieldIDs: ids[int32](f, "fields"), Status: f.choice("status")}
	if n := f.number("duration"); n != nil {
		months := int(*n)
		in.DurationMonths = &months
	}
	for i := range f.rowsOf("party") {
		row := func(field string) string { return components.RowName("party", i, field) }
		in.Parties = append(in.Parties, domain.PartyInput{InstitutionID: int32(f.id(row("institution"))), AmountDH: f.number(row("amount"))})
	}
	for i := range f.rowsOf("milestone") {
		row := func(field string) string { return components.RowName("milestone", i, field) }
		in.Milestones = append(in.Milestones, domain.MilestoneInput{Title: f.bi(row("title")), DueOn: f.date(row("due")), Percent: f.percent(row("percent"))})
	}
	f.check(in.Problems(o.ProvinceRegions()))
	if !f.rowAction() && !f.failed() {
		if rec == nil {
			id, err = s.db.CreateAgreement(r.Context(), f.token, in, currentUser(r).ID)
		} else {
			err = s.db.UpdateAgreement(r.Context(), id, f.version, in, currentUser(r).ID)
		}
		current := func() (url.Values, int, error) {
			now, err := s.db.AgreementForEdit(r.Context(), id)
			return s.agreementValues(r, now), now.Version, err
		}
		if s.saved(w, r, f, "agreement", id, err, cond(rec == nil, "flash_agreement_created", "flash_agreement_saved"),
			func(id int64) string { return staffPath(r, "agreements", id) }, current) {
			return
		}
	}
	s.renderAgreementForm(w, r, f, o, rec)
}

func (s *Server) previewAgreement(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffAgreement(w, r)
	if !ok {
		return
	}
	a, err := s.db.Agreement(r.Context(), rec.ID, false)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	subject, _ := a.Subject.In(string(lang(r)))
	p := staffPage(r, subject, crumb(r, tr(r, "agreement_staff_heading"), "/staff/agreements"),
		crumb(r, subject, "/staff/agreements/"+strconv.FormatInt(rec.ID, 10)), crumb(r, tr(r, "agreement_form_preview"), ""))
	s.render(w, r, http.StatusOK, pages.AgreementPage(p, pages.AgreementDetail{A: a, Preview: true}))
}

func (s *Server) agreementHistory(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffAgreement(w, r)
	if !ok {
		return
	}
	subject, _ := rec.Input.Subject.In(string(lang(r)))
	s.history(w, r, "agreement", rec.ID, subject, staffPath(r, "agreements", rec.ID))
}

func (s *Server) setAgreementState(w http.ResponseWriter, r *http.Request) {
	if rec, ok := s.staffAgreement(w, r); ok {
		s.changeState(w, r, "agreement", rec.ID, rec.State, rec.Input.RegionID)
	}
}

// staffAgreement reads the agreement of the address for a staff page.
func (s *Server) staffAgreement(w http.ResponseWriter, r *http.Request) (store.AgreementRecord, bool) {
	_, rec, ok := record(s, w, r, s.db.AgreementForEdit)
	return rec, ok
}

// renderAgreementForm renders the agreement form, its provinces grouped
// by region.
func (s *Server) renderAgreementForm(w http.ResponseWriter, r *http.Request, f *form, o store.AgreementOptions, rec *store.AgreementRecord) {
	var id int64
	if rec != nil {
		id = rec.ID
	}
	m := pages.AgreementForm{Form: f.view(staffPath(r, "agreements", id)), ID: id}
	l := string(lang(r))
	chosen := m.Form.Value("region")
	for _, rg := range o.Regions {
		value := strconv.Itoa(int(rg.ID))
		name, _ := rg.Name.In(l)
		g := pages.ProvinceGroup{Region: name, Chosen: value == chosen}
		for _, p := range o.Provinces {
			if p.RegionID == rg.ID {
				pname, _ := p.Name.In(l)
				g.Options = append(g.Options, components.Option{Value: strconv.Itoa(int(p.ID)), Label: pname})
				if m.Form.Has("provinces", strconv.Itoa(int(p.ID))) {
					g.Ticked++
				}
			}
		}
		if len(g.Options) > 0 {
			m.Provinces = append(m.Provinces, g)
		}
	}
	title := tr(r, "agreement_form_new_heading")
	if rec != nil {
		m.State, m.Version = rec.State, rec.Version
		m.Heading, _ = rec.Input.Subject.In(l)
		title = m.Heading
	}
	p := staffPage(r, title, crumb(r, tr(r, "agreement_staff_heading"), "/staff/agreements"), crumb(r, title, ""))
	s.render(w, r, f.statusCode(), pages.AgreementFormPage(p, m))
}
