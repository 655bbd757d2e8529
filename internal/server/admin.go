package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// usersPerPage is the length of a page of the accounts list.
const usersPerPage = 20

// auditPerPage is the length of a page of the audit log.
const auditPerPage = 50

// defaultInvitationDays is the validity an invitation form starts with.
var defaultInvitationDays = int(auth.InvitationTTL / (24 * time.Hour))

// maxInvitationDays is the longest validity an administrator may give.
var maxInvitationDays = int(auth.MaxInvitationTTL / (24 * time.Hour))

// userFields and inviteFields are the fields of the account forms in page
// order, for the error summary.
var (
	userFields   = []string{"email", "display_name", "role", "region", "password"}
	inviteFields = []string{"email", "role", "region", "days"}
)

// auditEntities and auditActions are what the audit log can be searched by.
var (
	auditEntities = []string{"meeting", "agreement", "institution", "official", "user", "invitation", "expectation", "commitment", "comment"}
	auditActions  = []string{domain.AuditCreate, domain.AuditUpdate, domain.AuditPublish, "unpublish",
		domain.AuditArchive, domain.AuditRestore, domain.AuditDisable, domain.AuditEnable,
		domain.AuditInvite, domain.AuditAccept, "upload", "submit", "decide", "approve", "reject", "spam"}
)

// auditRecordPaths gives, by entity, where staff open a record (under the
// language prefix, followed by its ID).
var auditRecordPaths = map[string]string{
	"meeting":     "/staff/meetings/",
	"agreement":   "/staff/agreements/",
	"institution": "/staff/institutions/",
	"official":    "/staff/officials/",
	"expectation": "/staff/expectations/",
	"commitment":  "/staff/commitments/",
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := newQuery(r)
	pg := q.page()
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.ListUsers(ctx, pg, usersPerPage)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	invitations, err := s.db.PendingInvitations(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	regions, err := s.db.Regions(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.AdminUsers{Users: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: listURL(r),
		Invitations: invitations, Regions: regions, Me: currentUser(r).ID}
	p := page(r, tr(r, "admin_users_heading"), "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "admin_users_heading"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.AdminUsersPage(p, m))
}

// renderUserForm shows the new-account form with status.
func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, status int, f components.Form) {
	regions, err := s.db.Regions(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	title := tr(r, "admin_new_user_heading")
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"),
		crumb(r, tr(r, "admin_users_heading"), "/admin/users"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, status, pages.NewUserPage(p, pages.UserForm{Form: f, Regions: regions}))
}

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request) {
	s.renderUserForm(w, r, http.StatusOK, components.Form{})
}

// accountFields reads the fields an account and an invitation share (email,
// role, region) into f and checks them with the domain's rules.
func (s *Server) accountFields(r *http.Request, f *components.Form, name string) (domain.NewUser, error) {
	email := text(f, "email", "user_email", domain.MaxEmailLength, true)
	role := single(f, "role", "user_role")
	slug := single(f, "region", "user_region")
	nu := domain.NewUser{Email: email, DisplayName: name, Role: domain.Role(role)}
	if slug != "" {
		regions, err := s.db.Regions(r.Context())
		if err != nil {
			return nu, err
		}
		i := slices.IndexFunc(regions, func(g domain.Region) bool { return g.Slug == slug })
		if i < 0 {
			fail(f, "region", "user_region", "region_unknown")
		} else {
			nu.RegionID = regions[i].ID
		}
	}
	nu = nu.Normalize()
	problems := nu.Problems()
	for _, field := range []string{"email", "display_name", "role", "region"} {
		if id, ok := problems[field]; ok {
			fail(f, field, accountLabel(field), id)
		}
	}
	return nu, nil
}

// accountLabel is the label message ID of an account field.
func accountLabel(field string) string {
	switch field {
	case "display_name":
		return "user_display_name"
	case "days":
		return "admin_invite_days"
	}
	return "user_" + field
}

// accountRefusal puts a refusal of the store on the field it concerns; false
// if err is not such a refusal.
func accountRefusal(f *components.Form, err error) bool {
	code := domain.ErrorCode(err)
	if code != domain.Invalid && code != domain.Conflict {
		return false
	}
	switch msg := domain.ErrorMessage(err); msg {
	case "email_taken", "email_invalid", "email_required":
		fail(f, "email", "user_email", msg)
	case "region_unknown", "region_required", "region_not_allowed":
		fail(f, "region", "user_region", msg)
	case "display_name_too_long":
		fail(f, "display_name", "user_display_name", msg)
	case "password_too_short", "password_too_long", "password_is_email", "password_common":
		fail(f, "password", "user_password", msg)
	case "invitation_ttl_invalid":
		fail(f, "days", "admin_invite_days", msg)
	default:
		fail(f, "role", "user_role", msg)
	}
	return true
}

// errorsInPageOrder sorts the form's errors in the order of fields on the page.
func errorsInPageOrder(f *components.Form, fields []string) {
	slices.SortStableFunc(f.Order, func(a, b string) int {
		return slices.Index(fields, a) - slices.Index(fields, b)
	})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r)
	name := text(&f, "display_name", "user_display_name", domain.MaxDisplayNameLength, true)
	password := single(&f, "password", "user_password")
	nu, err := s.accountFields(r, &f, name)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if _, bad := f.Errors["password"]; !bad {
		if password == "" {
			fail(&f, "password", "user_password", "error_required")
		} else if err := auth.ValidatePassword(password, nu.Email); err != nil {
			fail(&f, "password", "user_password", domain.ErrorMessage(err))
		}
	}
	if !failed(f) {
		_, err := s.accounts.CreateUser(r.Context(), nu, password, currentUser(r).ID)
		if err == nil {
			s.sessions.Flash(r.Context(), "flash_user_created")
			http.Redirect(w, r, "/"+string(lang(r))+"/admin/users", http.StatusSeeOther)
			return
		}
		if !accountRefusal(&f, err) {
			s.Error(w, r, err)
			return
		}
	}
	errorsInPageOrder(&f, userFields)
	f.Values = withoutFields(f.Values, "password") // the password is never sent back
	s.renderUserForm(w, r, http.StatusUnprocessableEntity, f)
}

// withoutFields returns the submitted values without the fields drop.
func withoutFields(v url.Values, drop ...string) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		if !slices.Contains(drop, k) {
			out[k] = vs
		}
	}
	return out
}

// renderInviteForm shows the invitation form with status; created, when
// set, is the invitation just made, its link shown this once.
func (s *Server) renderInviteForm(w http.ResponseWriter, r *http.Request, status int, f components.Form, created *pages.CreatedInvitation) {
	regions, err := s.db.Regions(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	title := tr(r, "admin_invite_heading")
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"),
		crumb(r, tr(r, "admin_users_heading"), "/admin/users"), crumb(r, title, ""))
	p.NoIndex = true
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, pages.InvitePage(p, pages.InviteForm{Form: f, Regions: regions, Created: created, MaxDays: maxInvitationDays}))
}

// blankInviteForm is the invitation form as it starts.
func blankInviteForm() components.Form {
	return components.Form{Values: url.Values{"days": {strconv.Itoa(defaultInvitationDays)}}}
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) {
	s.renderInviteForm(w, r, http.StatusOK, blankInviteForm(), nil)
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	f := newForm(r)
	nu, err := s.accountFields(r, &f, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var days int
	if raw := strings.TrimSpace(single(&f, "days", "admin_invite_days")); raw == "" {
		fail(&f, "days", "admin_invite_days", "error_required")
	} else if n, err := i18n.ParseNumber(raw); err != nil || n < 1 || n > int64(maxInvitationDays) {
		fail(&f, "days", "admin_invite_days", "admin_invite_days_invalid")
	} else {
		days = int(n)
	}
	if !failed(f) {
		ttl := time.Duration(days) * 24 * time.Hour
		token, inv, err := s.accounts.CreateInvitation(r.Context(), currentUser(r).ID, nu.Email, nu.Role, nu.RegionID, ttl)
		if err == nil {
			created := &pages.CreatedInvitation{
				Link:      s.cfg.BaseURL + "/" + string(lang(r)) + "/invitations/" + token,
				Email:     inv.Email,
				Role:      string(inv.Role),
				ExpiresAt: inv.ExpiresAt,
			}
			s.renderInviteForm(w, r, http.StatusOK, blankInviteForm(), created)
			return
		}
		if !accountRefusal(&f, err) {
			s.Error(w, r, err)
			return
		}
	}
	errorsInPageOrder(&f, inviteFields)
	s.renderInviteForm(w, r, http.StatusUnprocessableEntity, f, nil)
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, true) }

func (s *Server) enableUser(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, false) }

// setDisabled disables or enables the account in the URL, then goes back
// to the list with a flash. The last active administrator cannot be
// disabled: that gives its localized error page (409).
func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := readForm(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	if _, err := s.db.SetDisabled(r.Context(), id, disabled, currentUser(r).ID); err != nil {
		s.Error(w, r, err)
		return
	}
	back := "/" + string(lang(r)) + "/admin/users"
	if pg, err := strconv.Atoi(r.PostForm.Get("page")); err == nil && pg > 1 {
		back += "?page=" + strconv.Itoa(pg)
	}
	if disabled {
		s.sessions.Flash(r.Context(), "flash_user_disabled")
	} else {
		s.sessions.Flash(r.Context(), "flash_user_enabled")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// auditDate reads a date filter (YYYY-MM-DD, as a date input sends it) as
// the start of that day in loc; zero when absent.
func auditDate(q *query, name string, loc *time.Location) time.Time {
	v := q.str(name)
	if v == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation("2006-01-02", v, loc)
	if err != nil || d.Year() < 2000 || d.Year() > 2100 {
		q.bad = true
		return time.Time{}
	}
	return d
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	aq := store.AuditQuery{
		Text:   strings.TrimSpace(q.str("q")),
		Entity: q.str("entity", auditEntities...),
		Action: q.str("action", auditActions...),
		From:   auditDate(q, "from", s.loc),
		To:     auditDate(q, "to", s.loc),
		Page:   q.page(),
		Per:    auditPerPage,
	}
	if q.bad || strings.ContainsRune(aq.Text, 0) || (!aq.From.IsZero() && !aq.To.IsZero() && aq.To.Before(aq.From)) {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	m := pages.AuditLog{Text: aq.Text, Entity: aq.Entity, Action: aq.Action,
		Entities: auditEntities, Actions: auditActions, Base: listURL(r)}
	if !aq.From.IsZero() {
		m.From = aq.From.Format("2006-01-02")
	}
	if !aq.To.IsZero() {
		m.To = aq.To.Format("2006-01-02")
		aq.To = aq.To.AddDate(0, 0, 1) // the whole last day
	}
	res, err := s.db.SearchAudit(r.Context(), aq)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m.Entries, m.Total, m.Page, m.Pages = res.Items, res.Total, res.Page, res.Pages()
	for _, e := range res.Items {
		m.Fields = append(m.Fields, store.ChangedFields(e.Changes))
		link := ""
		if path, ok := auditRecordPaths[e.Entity]; ok && e.EntityID > 0 {
			link = "/" + string(lang(r)) + path + strconv.FormatInt(e.EntityID, 10)
		}
		m.Links = append(m.Links, link)
	}
	title := tr(r, "admin_audit_heading")
	p := page(r, title, "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.AuditLogPage(p, m))
}
