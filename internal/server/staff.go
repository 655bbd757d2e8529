package server

import (
	"cmp"
	"net/http"
	"slices"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// currentUser returns the signed-in user; routes behind require always have one.
func currentUser(r *http.Request) *domain.User { return auth.UserFrom(r.Context()) }

// staffHome says what waits for the member of staff reading it, each count
// a link to its list, then the meetings changed last.
func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.StaffMeetings(r.Context(), store.StaffFilter{Per: 10})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	waiting, err := s.db.WaitingFor(r.Context(), currentUser(r).ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := page(r, tr(r, "staff_heading"), "", crumb(r, tr(r, "staff_heading"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.StaffHomePage(p, pages.StaffHome{Drafts: list.Items, Waiting: waiting,
		Capped: store.QueueCountCap}))
}

// staffFilter reads a staff list's filter: its state, region, the reader's
// own records (mine=1) and, for commitments, those overdue (due=overdue).
func staffFilter(r *http.Request, per int) (store.StaffFilter, bool) {
	q := newQuery(r)
	f := store.StaffFilter{State: q.str("state", domain.Draft, domain.Published, domain.Archived), Region: q.slug("region"),
		Overdue: q.str("due", "overdue") != "", Page: q.page(), Per: per}
	if q.str("mine", "1") != "" {
		f.Mine = currentUser(r).ID
	}
	return f, !q.bad
}

// history shows the audit history of a record, each change naming the
// fields it touched as their forms label them.
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
		m.Fields = append(m.Fields, auditLabels(r, e))
	}
	p := staffPage(r, title, crumb(r, title, ""))
	s.render(w, r, http.StatusOK, pages.HistoryPage(p, m))
}

// auditForms are the forms that edit each kind of record: their
// declarations label the fields an audit line names.
var auditForms = map[string][]*formSpec{
	"meeting":     {editMeetingSpec},
	"agreement":   {editAgreementSpec},
	"institution": {editInstitutionSpec},
	"official":    {editOfficialSpec},
	"expectation": {editStaffExpectationSpec, decisionSpec},
	"commitment":  {editCommitmentSpec},
	"user":        {userSpec},
	"invitation":  {inviteSpec},
}

// auditFieldLabels label what audit lines record beyond form fields.
var auditFieldLabels = map[string]string{
	"state": "audit_field_state", "archived": "audit_field_archived", "attachment": "audit_field_attachment",
	"disabled": "audit_field_disabled", "display_name": "user_display_name", "email": "user_email", "role": "user_role",
	"region": "user_region", "expires_at": "admin_invitation_expires", "user_id": "audit_field_account",
	"status": "expectation_status", "action": "audit_field_moderation", "reason": "comment_reject_reason",
}

// auditLabels names, in the reader's language, the fields an audit line
// says changed.
func auditLabels(r *http.Request, e domain.AuditEntry) []string {
	var out []string
	for _, name := range store.ChangedFields(e.Changes) {
		label := ""
		for _, spec := range auditForms[e.Entity] {
			if p, ok := components.Locate(spec.fields, name); ok && p.Field.Label != "" {
				label = p.Field.Label
				break
			}
		}
		if label == "" {
			label = cmp.Or(auditFieldLabels[name], "audit_field_other")
		}
		if l := tr(r, label); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// stateSpec is the publication moves of StateActions: the state to move
// to, from the version the page showed.
var stateSpec = &formSpec{edit: true, fields: []components.Field{{Name: "to", Kind: components.KindChoice, Required: true}}}

var stateChoices = options{"to": {{Value: domain.Draft}, {Value: domain.Published}, {Value: domain.Archived}}}

// changeState handles a publication move of a record of entity (at state
// from, of region), allowed by the policy; the store checks the move and
// the version. Success goes back to the record with a flash; a stale
// version or a move that is not allowed gives its localized error page
// (409 or 400).
func (s *Server) changeState(w http.ResponseWriter, r *http.Request, entity string, id int64, from string, region int16) {
	f, err := readForm(w, r, stateSpec, stateChoices)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if f.failed() {
		err = &domain.Error{Code: domain.Invalid, MessageID: "error_form_invalid"}
	}
	to := f.choice("to")
	if err == nil {
		err = auth.Check(currentUser(r), auth.StateAction(entity, from, to), region)
	}
	if err == nil {
		_, err = s.db.SetState(r.Context(), entity, id, f.version, to, currentUser(r).ID)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_"+entity+"_"+to)
	http.Redirect(w, r, staffPath(r, entity+"s", id), http.StatusSeeOther)
}
