package server

import (
	"context"
	"errors"
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

// Staff pages of the managed records other records choose from:
// institutions and officials. They are archived, never deleted: archived,
// they are no longer offered, yet still shown where they were chosen.

// referenceQuery reads a list's filter (show=archived) and page.
func referenceQuery(r *http.Request) (store.ReferenceFilter, bool) {
	q := newQuery(r)
	f := store.ReferenceFilter{Archived: q.str("show", "archived") == "archived", Page: q.page(), Per: 50}
	return f, !q.bad
}

// referenceID reads the record ID of the URL.
func referenceID(r *http.Request) (int32, bool) {
	id, ok := parseID(chi.URLParam(r, "id"))
	return int32(id), ok && id <= 1<<31-1
}

// referenceFail records problems on the form in the order of fields (the
// page's), those not listed after them.
func referenceFail(f *components.Form, problems map[string]string, fields []string, labels map[string]string) {
	for _, field := range fields {
		if msg, ok := problems[field]; ok {
			fail(f, field, labels[field], msg)
			delete(problems, field)
		}
	}
	for field, msg := range problems {
		fail(f, field, "", msg)
	}
}

// referenceMissing gives the completeness indicator's items.
func referenceMissing(r *http.Request, missing []domain.MissingText, labels map[string]string) []pages.MissingItem {
	var out []pages.MissingItem
	for _, m := range missing {
		out = append(out, pages.MissingItem{Label: tr(r, labels[m.Field+"_ar"]), Field: m.Field + "_" + m.Lang, Lang: m.Lang})
	}
	return out
}

// Institutions.

var institutionFields = []string{"name_ar", "name_fr", "short_name", "slug"}

var institutionLabels = map[string]string{"name_ar": "institution_name", "name_fr": "institution_name",
	"short_name": "institution_short_name", "slug": "institution_slug"}

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
	p := page(r, tr(r, "institution_list_heading"), "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "institution_list_heading"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.InstitutionsPage(p, m))
}

func (s *Server) newInstitutionForm(w http.ResponseWriter, r *http.Request) {
	s.renderInstitutionForm(w, r, http.StatusOK, pages.InstitutionForm{Form: components.Form{Values: url.Values{}}})
}

func (s *Server) createInstitution(w http.ResponseWriter, r *http.Request) {
	m, in, generated, ok := s.readInstitutionForm(w, r)
	if !ok {
		return
	}
	if failed(m.Form) {
		s.renderInstitutionForm(w, r, http.StatusUnprocessableEntity, m)
		return
	}
	if _, _, err := s.db.CreateInstitution(r.Context(), in, generated, currentUser(r).ID); err != nil {
		s.institutionSaveFailed(w, r, m, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_institution_created")
	http.Redirect(w, r, "/"+string(lang(r))+"/staff/institutions", http.StatusSeeOther)
}

func (s *Server) editInstitutionForm(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffInstitution(w, r)
	if !ok {
		return
	}
	in := rec.Input
	m := institutionFormOf(rec)
	m.Form = components.Form{Values: url.Values{"name_ar": {in.Name.AR}, "name_fr": {in.Name.FR}, "short_name": {in.Short},
		"slug": {in.Slug}, "version": {strconv.Itoa(rec.Version)}}}
	m.Missing = referenceMissing(r, in.Missing(), institutionLabels)
	s.renderInstitutionForm(w, r, http.StatusOK, m)
}

func (s *Server) updateInstitution(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffInstitution(w, r)
	if !ok {
		return
	}
	if handled := s.archiveReference(w, r, rec.ID, "institution", s.db.SetInstitutionArchived); handled {
		return
	}
	m, in, generated, ok := s.readInstitutionForm(w, r)
	if !ok {
		return
	}
	current := institutionFormOf(rec)
	m.ID, m.Heading, m.Archived, m.Version = current.ID, current.Heading, current.Archived, current.Version
	version, err := strconv.Atoi(single(&m.Form, "version", ""))
	if err != nil {
		s.badRequest(w, r, "error_form_invalid")
		return
	}
	if failed(m.Form) {
		s.renderInstitutionForm(w, r, http.StatusUnprocessableEntity, m)
		return
	}
	if err := s.db.UpdateInstitution(r.Context(), rec.ID, version, in, generated, currentUser(r).ID); err != nil {
		s.institutionSaveFailed(w, r, m, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_institution_saved")
	http.Redirect(w, r, "/"+string(lang(r))+"/staff/institutions/"+strconv.Itoa(int(rec.ID)), http.StatusSeeOther)
}

// institutionSaveFailed answers a save the store refused: a slug taken
// (422, beside the slug), a stale version (409), with all that was typed.
func (s *Server) institutionSaveFailed(w http.ResponseWriter, r *http.Request, m pages.InstitutionForm, err error) {
	switch {
	case domain.ErrorMessage(err) == "institution_slug_taken":
		fail(&m.Form, "slug", institutionLabels["slug"], "institution_slug_taken")
		s.renderInstitutionForm(w, r, http.StatusUnprocessableEntity, m)
	case errors.Is(err, domain.ErrVersionConflict):
		m.Notice = domain.ErrorMessage(err)
		if m.ID != 0 {
			if now, err := s.db.InstitutionForEdit(r.Context(), m.ID); err == nil {
				m.Version, m.Archived = now.Version, now.ArchivedAt != nil
			}
		}
		s.renderInstitutionForm(w, r, http.StatusConflict, m)
	case domain.ErrorCode(err) == domain.Invalid:
		m.Notice = domain.ErrorMessage(err)
		s.renderInstitutionForm(w, r, http.StatusUnprocessableEntity, m)
	default:
		s.Error(w, r, err)
	}
}

// readInstitutionForm reads and checks a submitted institution. An empty
// slug is generated (and then numbered by the store if taken).
func (s *Server) readInstitutionForm(w http.ResponseWriter, r *http.Request) (pages.InstitutionForm, domain.InstitutionInput, bool, bool) {
	bad, err := readFormKeepingText(w, r)
	if err != nil {
		s.Error(w, r, err)
		return pages.InstitutionForm{}, domain.InstitutionInput{}, false, false
	}
	if err := auth.Check(currentUser(r), auth.EditReference, 0); err != nil {
		s.Error(w, r, err)
		return pages.InstitutionForm{}, domain.InstitutionInput{}, false, false
	}
	m := pages.InstitutionForm{Form: newForm(r)}
	problems := map[string]string{}
	for _, name := range bad {
		problems[name] = "error_form_encoding"
	}
	one := referenceField(&m.Form, problems)
	in := domain.InstitutionInput{Name: domain.Text{AR: one("name_ar"), FR: one("name_fr")}, Short: one("short_name")}
	typed := one("slug")
	in.Slug = strings.ToLower(typed)
	generated := in.Slug == ""
	if generated {
		in.Slug = in.GenerateSlug()
	}
	for field, msg := range in.Problems() {
		if _, ok := problems[field]; !ok {
			problems[field] = msg
		}
	}
	referenceFail(&m.Form, problems, institutionFields, institutionLabels)
	m.Missing = referenceMissing(r, in.Missing(), institutionLabels)
	return m, in, generated, true
}

// referenceField returns a reader of single, trimmed text fields that
// records a field given twice in problems.
func referenceField(f *components.Form, problems map[string]string) func(string) string {
	return func(field string) string {
		vs := f.Values[field]
		if len(vs) > 1 {
			if _, ok := problems[field]; !ok {
				problems[field] = "error_duplicate_field"
			}
			return ""
		}
		if len(vs) == 0 {
			return ""
		}
		return strings.TrimSpace(vs[0])
	}
}

func institutionFormOf(rec domain.InstitutionRecord) pages.InstitutionForm {
	return pages.InstitutionForm{ID: rec.ID, Heading: rec.Input.Name, Archived: rec.ArchivedAt != nil, Version: rec.Version}
}

func (s *Server) staffInstitution(w http.ResponseWriter, r *http.Request) (domain.InstitutionRecord, bool) {
	id, ok := referenceID(r)
	if !ok {
		s.notFound(w, r)
		return domain.InstitutionRecord{}, false
	}
	rec, err := s.db.InstitutionForEdit(r.Context(), id)
	if err == nil {
		err = auth.Check(currentUser(r), auth.EditReference, 0)
	}
	if err != nil {
		s.Error(w, r, err)
		return rec, false
	}
	return rec, true
}

func (s *Server) renderInstitutionForm(w http.ResponseWriter, r *http.Request, status int, m pages.InstitutionForm) {
	title := tr(r, "institution_new_heading")
	if m.ID != 0 {
		title, _ = m.Heading.In(string(lang(r)))
	}
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"),
		crumb(r, tr(r, "institution_list_heading"), "/staff/institutions"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.InstitutionFormPage(p, m))
}

// archiveReference handles the archive and restore buttons of an
// institution's or official's page (action=archive|restore with the
// version); it reports whether the request was one.
func (s *Server) archiveReference(w http.ResponseWriter, r *http.Request, id int32, entity string,
	set func(ctx context.Context, id int32, version int, archive bool, userID int64) error) bool {
	if err := readForm(w, r); err != nil {
		if domain.ErrorMessage(err) == "error_form_encoding" {
			return false // the form itself says which field
		}
		s.Error(w, r, err)
		return true
	}
	action := r.PostForm["action"]
	if len(action) == 0 {
		return false
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if len(action) != 1 || (action[0] != "archive" && action[0] != "restore") || err != nil || len(r.PostForm["version"]) != 1 {
		s.badRequest(w, r, "error_form_invalid")
		return true
	}
	if err := set(r.Context(), id, version, action[0] == "archive", currentUser(r).ID); err != nil {
		s.Error(w, r, err)
		return true
	}
	flash := "flash_" + entity + "_restored"
	if action[0] == "archive" {
		flash = "flash_" + entity + "_archived"
	}
	s.sessions.Flash(r.Context(), flash)
	http.Redirect(w, r, "/"+string(lang(r))+"/staff/"+entity+"s/"+strconv.Itoa(int(id)), http.StatusSeeOther)
	return true
}

// Officials.

var officialFields = []string{"name_ar", "name_fr", "title_ar", "title_fr", "institution"}

var officialLabels = map[string]string{"name_ar": "official_form_name", "name_fr": "official_form_name",
	"title_ar": "official_form_title", "title_fr": "official_form_title", "institution": "official_form_institution"}

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
	p := page(r, tr(r, "official_list_heading"), "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "official_list_heading"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.OfficialsPage(p, m))
}

func (s *Server) newOfficialForm(w http.ResponseWriter, r *http.Request) {
	s.renderOfficialForm(w, r, http.StatusOK, pages.OfficialForm{Form: components.Form{Values: url.Values{}}}, 0)
}

func (s *Server) createOfficial(w http.ResponseWriter, r *http.Request) {
	m, in, ok := s.readOfficialForm(w, r, 0)
	if !ok {
		return
	}
	if failed(m.Form) {
		s.renderOfficialForm(w, r, http.StatusUnprocessableEntity, m, 0)
		return
	}
	if _, err := s.db.CreateOfficial(r.Context(), in, currentUser(r).ID); err != nil {
		s.officialSaveFailed(w, r, m, 0, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_official_created")
	http.Redirect(w, r, "/"+string(lang(r))+"/staff/officials", http.StatusSeeOther)
}

func (s *Server) editOfficialForm(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffOfficial(w, r)
	if !ok {
		return
	}
	in := rec.Input
	m := officialFormOf(rec)
	m.Form = components.Form{Values: url.Values{"name_ar": {in.Name.AR}, "name_fr": {in.Name.FR}, "title_ar": {in.Title.AR},
		"title_fr": {in.Title.FR}, "version": {strconv.Itoa(rec.Version)}}}
	if in.InstitutionID != 0 {
		url.Values(m.Form.Values).Set("institution", strconv.Itoa(int(in.InstitutionID)))
	}
	m.Missing = referenceMissing(r, in.Missing(), officialLabels)
	s.renderOfficialForm(w, r, http.StatusOK, m, in.InstitutionID)
}

func (s *Server) updateOfficial(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.staffOfficial(w, r)
	if !ok {
		return
	}
	if handled := s.archiveReference(w, r, rec.ID, "official", s.db.SetOfficialArchived); handled {
		return
	}
	m, in, ok := s.readOfficialForm(w, r, rec.Input.InstitutionID)
	if !ok {
		return
	}
	current := officialFormOf(rec)
	m.ID, m.Heading, m.Archived, m.Version = current.ID, current.Heading, current.Archived, current.Version
	version, err := strconv.Atoi(single(&m.Form, "version", ""))
	if err != nil {
		s.badRequest(w, r, "error_form_invalid")
		return
	}
	if failed(m.Form) {
		s.renderOfficialForm(w, r, http.StatusUnprocessableEntity, m, rec.Input.InstitutionID)
		return
	}
	if err := s.db.UpdateOfficial(r.Context(), rec.ID, version, in, currentUser(r).ID); err != nil {
		s.officialSaveFailed(w, r, m, rec.Input.InstitutionID, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_official_saved")
	http.Redirect(w, r, "/"+string(lang(r))+"/staff/officials/"+strconv.Itoa(int(rec.ID)), http.StatusSeeOther)
}

func (s *Server) officialSaveFailed(w http.ResponseWriter, r *http.Request, m pages.OfficialForm, institution int32, err error) {
	switch {
	case errors.Is(err, domain.ErrVersionConflict):
		m.Notice = domain.ErrorMessage(err)
		if m.ID != 0 {
			if now, err := s.db.OfficialForEdit(r.Context(), m.ID); err == nil {
				m.Version, m.Archived = now.Version, now.ArchivedAt != nil
			}
		}
		s.renderOfficialForm(w, r, http.StatusConflict, m, institution)
	case domain.ErrorCode(err) == domain.Invalid:
		m.Notice = domain.ErrorMessage(err)
		s.renderOfficialForm(w, r, http.StatusUnprocessableEntity, m, institution)
	default:
		s.Error(w, r, err)
	}
}

// readOfficialForm reads and checks a submitted official; current is the
// institution the official already has (offered even if archived).
func (s *Server) readOfficialForm(w http.ResponseWriter, r *http.Request, current int32) (pages.OfficialForm, domain.OfficialInput, bool) {
	bad, err := readFormKeepingText(w, r)
	if err != nil {
		s.Error(w, r, err)
		return pages.OfficialForm{}, domain.OfficialInput{}, false
	}
	if err := auth.Check(currentUser(r), auth.EditReference, 0); err != nil {
		s.Error(w, r, err)
		return pages.OfficialForm{}, domain.OfficialInput{}, false
	}
	m := pages.OfficialForm{Form: newForm(r)}
	problems := map[string]string{}
	for _, name := range bad {
		problems[name] = "error_form_encoding"
	}
	one := referenceField(&m.Form, problems)
	in := domain.OfficialInput{Name: domain.Text{AR: one("name_ar"), FR: one("name_fr")},
		Title: domain.Text{AR: one("title_ar"), FR: one("title_fr")}}
	if v := one("institution"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n <= 0 {
			problems["institution"] = "error_choose"
		} else {
			in.InstitutionID = int32(n)
		}
	}
	options, err := s.db.InstitutionOptions(r.Context(), current)
	if err != nil {
		s.Error(w, r, err)
		return m, in, false
	}
	allowed := map[int32]bool{}
	for _, i := range options {
		allowed[i.ID] = true
	}
	for field, msg := range in.Problems(allowed) {
		if _, ok := problems[field]; !ok {
			problems[field] = msg
		}
	}
	referenceFail(&m.Form, problems, officialFields, officialLabels)
	m.Missing = referenceMissing(r, in.Missing(), officialLabels)
	return m, in, true
}

func officialFormOf(rec domain.OfficialRecord) pages.OfficialForm {
	return pages.OfficialForm{ID: rec.ID, Heading: rec.Input.Name, Archived: rec.ArchivedAt != nil, Version: rec.Version}
}

func (s *Server) staffOfficial(w http.ResponseWriter, r *http.Request) (domain.OfficialRecord, bool) {
	id, ok := referenceID(r)
	if !ok {
		s.notFound(w, r)
		return domain.OfficialRecord{}, false
	}
	rec, err := s.db.OfficialForEdit(r.Context(), id)
	if err == nil {
		err = auth.Check(currentUser(r), auth.EditReference, 0)
	}
	if err != nil {
		s.Error(w, r, err)
		return rec, false
	}
	return rec, true
}

func (s *Server) renderOfficialForm(w http.ResponseWriter, r *http.Request, status int, m pages.OfficialForm, current int32) {
	options, err := s.db.InstitutionOptions(r.Context(), current)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	l := string(lang(r))
	for _, i := range options {
		label, _ := i.Input.Name.In(l)
		if i.ArchivedAt != nil {
			label += " — " + tr(r, "state_archived")
		}
		m.Institutions = append(m.Institutions, components.Option{Value: strconv.Itoa(int(i.ID)), Label: label})
	}
	title := tr(r, "official_new_heading")
	if m.ID != 0 {
		title, _ = m.Heading.In(l)
	}
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"),
		crumb(r, tr(r, "official_list_heading"), "/staff/officials"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.OfficialFormPage(p, m))
}
