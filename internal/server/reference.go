package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// Staff pages of the managed records other records choose from:
// institutions and officials. They are archived, never deleted: archived,
// they are no longer offered, yet still shown where they were chosen.

// referenceQuery reads a list's filter (show=archived) and page.
func referenceQuery(r *http.Request) (store.ReferenceFilter, bool) {
	q := newQuery(r)
	f := store.ReferenceFilter{Archived: q.str("show", "archived") == "archived", Page: q.page(), Per: 50}
	return f, !q.bad
}

// Institutions.

var newInstitutionSpec, editInstitutionSpec = recordSpecs(map[string]string{"institution_slug_taken": "slug"},
	components.Field{Name: "name", Label: "institution_name", Bilingual: true, Required: true, Max: domain.ReferenceNameMax},
	components.Field{Name: "short_name", Label: "institution_short_name", Hint: "institution_short_name_hint", Max: domain.ShortNameMax},
	components.Field{Name: "slug", Label: "institution_slug", Hint: "institution_slug_hint", Max: 80},
)

func institutionPath(r *http.Request, id int64) string { return staffPath(r, "institutions", id) }

func (s *Server) staffInstitutions(w http.ResponseWriter, r *http.Request) {
	f, ok := referenceQuery(r)
	if !ok {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffInstitutions(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.Institutions{Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: listURL(r), Archived: f.Archived}
	p := staffPage(r, tr(r, "institution_list_heading"), crumb(r, tr(r, "institution_list_heading"), ""))
	s.render(w, r, http.StatusOK, pages.InstitutionsPage(p, m))
}

func (s *Server) newInstitutionForm(w http.ResponseWriter, r *http.Request) {
	s.renderInstitutionForm(w, r, newForm(r, newInstitutionSpec, nil, nil), nil)
}

func (s *Server) editInstitutionForm(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffInstitution(w, r)
	if !ok {
		return
	}
	s.renderInstitutionForm(w, r, newForm(r, editInstitutionSpec, s.institutionValues(r, rec), nil), &rec)
}

func (s *Server) institutionValues(r *http.Request, rec domain.InstitutionRecord) url.Values {
	v := s.values(r)
	v.bi("name", rec.Input.Name)
	v.text("short_name", rec.Input.Short)
	v.text("slug", rec.Input.Slug)
	v.version(rec.Version)
	return v.Values
}

func (s *Server) createInstitution(w http.ResponseWriter, r *http.Request) {
	s.saveInstitution(w, r, nil)
}

func (s *Server) updateInstitution(w http.ResponseWriter, r *http.Request) {
	if rec, ok := s.staffInstitution(w, r); ok {
		s.saveInstitution(w, r, &rec)
	}
}

// saveInstitution creates (rec nil) or updates an institution. An empty
// slug is generated (and then numbered by the store if taken).
func (s *Server) saveInstitution(w http.ResponseWriter, r *http.Request, rec *domain.InstitutionRecord) {
	spec := newInstitutionSpec
	if rec != nil {
		spec = editInstitutionSpec
	}
	f, err := readForm(w, r, spec, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	in := domain.InstitutionInput{Name: f.bi("name"), Short: f.text("short_name"), Slug: strings.ToLower(f.text("slug"))}
	generated := in.Slug == ""
	if generated {
		in.Slug = in.GenerateSlug()
	}
	f.check(in.Problems())
	if !f.failed() {
		var id int64
		if rec == nil {
			var id32 int32
			id32, _, err = s.db.CreateInstitution(r.Context(), f.token, in, generated, currentUser(r).ID)
			id = int64(id32)
		} else {
			id = int64(rec.ID)
			err = s.db.UpdateInstitution(r.Context(), rec.ID, f.version, in, generated, currentUser(r).ID)
		}
		current := func() (url.Values, int, error) {
			now, err := s.db.InstitutionForEdit(r.Context(), int32(id))
			return s.institutionValues(r, now), now.Version, err
		}
		if s.saved(w, r, f, "institution", id, err, cond(rec == nil, "flash_institution_created", "flash_institution_saved"),
			func(id int64) string { return institutionPath(r, id) }, current) {
			return
		}
	}
	s.renderInstitutionForm(w, r, f, rec)
}

func (s *Server) staffInstitution(w http.ResponseWriter, r *http.Request) (domain.InstitutionRecord, bool) {
	_, rec, ok := record(s, w, r, by32(s.db.InstitutionForEdit))
	return rec, ok
}

func (s *Server) renderInstitutionForm(w http.ResponseWriter, r *http.Request, f *form, rec *domain.InstitutionRecord) {
	m := pages.ReferenceForm{Kind: "institution"}
	if rec != nil {
		m.ID, m.Heading, m.Archived, m.Version = rec.ID, rec.Input.Name, rec.ArchivedAt != nil, rec.Version
	}
	s.renderReferenceForm(w, r, f, m)
}

// renderReferenceForm renders the form of an institution or an official.
func (s *Server) renderReferenceForm(w http.ResponseWriter, r *http.Request, f *form, m pages.ReferenceForm) {
	m.Form = f.view(staffPath(r, m.Kind+"s", int64(m.ID)))
	title := tr(r, m.Kind+"_new_heading")
	if m.ID != 0 {
		title, _ = m.Heading.In(string(lang(r)))
	}
	p := staffPage(r, title, crumb(r, tr(r, m.Kind+"_list_heading"), "/staff/"+m.Kind+"s"), crumb(r, title, ""))
	s.render(w, r, f.statusCode(), pages.ReferenceFormPage(p, m))
}

func (s *Server) archiveInstitution(w http.ResponseWriter, r *http.Request) {
	if rec, ok := s.staffInstitution(w, r); ok {
		s.archiveReference(w, r, int64(rec.ID), "institution", s.db.SetInstitutionArchived)
	}
}

// archiveSpec is the archive and restore buttons of an institution's or
// official's page.
var archiveSpec = &formSpec{edit: true, fields: []components.Field{
	{Name: "action", Kind: components.KindChoice, Required: true},
}}

var archiveChoices = options{"action": {{Value: "archive"}, {Value: "restore"}}}

// archiveReference archives or restores a record (action=archive|restore,
// with the version its page was built from).
func (s *Server) archiveReference(w http.ResponseWriter, r *http.Request, id int64, entity string,
	set func(ctx context.Context, id int32, version int, archive bool, userID int64) error) {
	f, err := readForm(w, r, archiveSpec, archiveChoices)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if f.failed() {
		err = &domain.Error{Code: domain.Invalid, MessageID: "error_form_invalid"}
	}
	if err == nil {
		err = set(r.Context(), int32(id), f.version, f.choice("action") == "archive", currentUser(r).ID)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_"+entity+cond(f.choice("action") == "archive", "_archived", "_restored"))
	http.Redirect(w, r, staffPath(r, entity+"s", id), http.StatusSeeOther)
}

// Officials.

var newOfficialSpec, editOfficialSpec = recordSpecs(nil,
	components.Field{Name: "name", Label: "official_form_name", Bilingual: true, Required: true, Max: domain.ReferenceNameMax},
	components.Field{Name: "title", Label: "official_form_title", Bilingual: true, Max: domain.ReferenceNameMax},
	components.Field{Name: "institution", Label: "official_form_institution", Kind: components.KindChoice, Empty: "form_none"},
)

func (s *Server) staffOfficials(w http.ResponseWriter, r *http.Request) {
	f, ok := referenceQuery(r)
	if !ok {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.StaffOfficials(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.Officials{Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: listURL(r), Archived: f.Archived}
	p := staffPage(r, tr(r, "official_list_heading"), crumb(r, tr(r, "official_list_heading"), ""))
	s.render(w, r, http.StatusOK, pages.OfficialsPage(p, m))
}

// officialChoices are the institutions an official may belong to: those in
// use, and the one they already have, even archived.
func (s *Server) officialChoices(r *http.Request, rec *domain.OfficialRecord) (options, error) {
	var current []int32
	if rec != nil && rec.Input.InstitutionID != 0 {
		current = []int32{rec.Input.InstitutionID}
	}
	opts, err := s.institutionChoices(r, current...)
	return options{"institution": opts}, err
}

func (s *Server) newOfficialForm(w http.ResponseWriter, r *http.Request) {
	opts, err := s.officialChoices(r, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderOfficialForm(w, r, newForm(r, newOfficialSpec, nil, opts), nil)
}

func (s *Server) editOfficialForm(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffOfficial(w, r)
	if !ok {
		return
	}
	opts, err := s.officialChoices(r, &rec)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderOfficialForm(w, r, newForm(r, editOfficialSpec, s.officialValues(r, rec), opts), &rec)
}

func (s *Server) officialValues(r *http.Request, rec domain.OfficialRecord) url.Values {
	v := s.values(r)
	v.bi("name", rec.Input.Name)
	v.bi("title", rec.Input.Title)
	v.id("institution", int64(rec.Input.InstitutionID))
	v.version(rec.Version)
	return v.Values
}

func (s *Server) createOfficial(w http.ResponseWriter, r *http.Request) { s.saveOfficial(w, r, nil) }

func (s *Server) updateOfficial(w http.ResponseWriter, r *http.Request) {
	if rec, ok := s.staffOfficial(w, r); ok {
		s.saveOfficial(w, r, &rec)
	}
}

func (s *Server) saveOfficial(w http.ResponseWriter, r *http.Request, rec *domain.OfficialRecord) {
	opts, err := s.officialChoices(r, rec)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	spec := newOfficialSpec
	if rec != nil {
		spec = editOfficialSpec
	}
	f, err := readForm(w, r, spec, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	in := domain.OfficialInput{Name: f.bi("name"), Title: f.bi("title"), InstitutionID: int32(f.id("institution"))}
	f.check(in.Problems())
	if !f.failed() {
		var id int64
		if rec == nil {
			var id32 int32
			id32, err = s.db.CreateOfficial(r.Context(), f.token, in, currentUser(r).ID)
			id = int64(id32)
		} else {
			id = int64(rec.ID)
			err = s.db.UpdateOfficial(r.Context(), rec.ID, f.version, in, currentUser(r).ID)
		}
		current := func() (url.Values, int, error) {
			now, err := s.db.OfficialForEdit(r.Context(), int32(id))
			return s.officialValues(r, now), now.Version, err
		}
		if s.saved(w, r, f, "official", id, err, cond(rec == nil, "flash_official_created", "flash_official_saved"),
			func(id int64) string { return staffPath(r, "officials", id) }, current) {
			return
		}
	}
	s.renderOfficialForm(w, r, f, rec)
}

func (s *Server) staffOfficial(w http.ResponseWriter, r *http.Request) (domain.OfficialRecord, bool) {
	_, rec, ok := record(s, w, r, by32(s.db.OfficialForEdit))
	return rec, ok
}

func (s *Server) renderOfficialForm(w http.ResponseWriter, r *http.Request, f *form, rec *domain.OfficialRecord) {
	m := pages.ReferenceForm{Kind: "official"}
	if rec != nil {
		m.ID, m.Heading, m.Archived, m.Version = rec.ID, rec.Input.Name, rec.ArchivedAt != nil, rec.Version
	}
	s.renderReferenceForm(w, r, f, m)
}

func (s *Server) archiveOfficial(w http.ResponseWriter, r *http.Request) {
	if rec, ok := s.staffOfficial(w, r); ok {
		s.archiveReference(w, r, int64(rec.ID), "official", s.db.SetOfficialArchived)
	}
}

// institutionChoices are the institutions to choose from, named in the
// reader's language with their short name, and include (what a record
// already names) even archived, marked so.
func (s *Server) institutionChoices(r *http.Request, include ...int32) ([]components.Option, error) {
	list, err := s.db.InstitutionOptions(r.Context(), include...)
	if err != nil {
		return nil, err
	}
	l := string(lang(r))
	out := make([]components.Option, len(list))
	for i, in := range list {
		label, _ := in.Input.Name.In(l)
		if in.Input.Short != "" && in.Input.Short != label {
			label += " (" + in.Input.Short + ")"
		}
		if in.ArchivedAt != nil {
			label += " — " + tr(r, "state_archived")
		}
		out[i] = components.Option{Value: strconv.Itoa(int(in.ID)), Label: label}
	}
	return out, nil
}
