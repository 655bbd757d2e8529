package server

import (
	"net/http"
	"strconv"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/pages"
)

// currentUser returns the signed-in user; routes behind require always have one.
func currentUser(r *http.Request) *domain.User { return auth.UserFrom(r.Context()) }

func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.StaffMeetings(r.Context(), store.StaffFilter{Per: 10})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := page(r, tr(r, "staff_heading"), "", crumb(r, tr(r, "staff_heading"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.StaffHomePage(p, pages.StaffHome{Drafts: list.Items}))
}

// history shows the audit history of a record.
func (s *Server) history(w http.ResponseWriter, r *http.Request, entity string, id int64, title, back string) {
	if !auth.Can(currentUser(r), auth.ViewHistory, 0) {
		s.Error(w, r, auth.ErrForbidden)
		return
	}
	entries, err := s.db.AuditLog(r.Context(), entity, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.History{Title: title, Back: back, Entries: entries}
	for _, e := range entries {
		m.Fields = append(m.Fields, store.ChangedFields(e.Changes))
	}
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.HistoryPage(p, m))
}

// changeState handles a publication move posted from StateActions: the
// record's version and the target state, checked by the store. Success
// goes back to back with a flash; a stale version or a move that is not
// allowed gives its localized error page (409 or 400).
func (s *Server) changeState(w http.ResponseWriter, r *http.Request, entity string, id int64, back string) {
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	to := r.PostForm.Get("to")
	if err != nil || len(r.PostForm["to"]) != 1 || len(r.PostForm["version"]) != 1 {
		s.badRequest(w, r, "error_form_invalid")
		return
	}
	if _, err := s.db.SetState(r.Context(), entity, id, version, to, currentUser(r).ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_"+entity+"_"+to)
	http.Redirect(w, r, back, http.StatusSeeOther)
}
