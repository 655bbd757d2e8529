package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// usersPerPage is the length of a page of the accounts list;
// invitationsShown, how many of the latest invitations it lists.
const (
	usersPerPage     = 20
	invitationsShown = 50
)

// auditPerPage is the length of a page of the audit log.
const auditPerPage = 50

// defaultInvitationDays is the validity an invitation form starts with.
var defaultInvitationDays = int(auth.InvitationTTL / (24 * time.Hour))

// maxInvitationDays is the longest validity an administrator may give.
var maxInvitationDays = int(auth.MaxInvitationTTL / (24 * time.Hour))

// The account forms: a new account, an invitation, and the disable and
// enable buttons of the accounts list.
var (
	emailField   = components.Field{Name: "email", Label: "user_email", Kind: components.KindEmail, Required: true, Max: domain.MaxEmailLength, Auto: "off"}
	roleField    = components.Field{Name: "role", Label: "user_role", Kind: components.KindChoice, Required: true, Empty: "admin_choose_role", Invalid: "role_invalid"}
	userRegion   = components.Field{Name: "region", Label: "user_region", Hint: "admin_region_hint", Kind: components.KindChoice, Empty: "admin_region_none", Invalid: "region_unknown"}
	accountFails = map[string]string{"email_taken": "email", "email_invalid": "email", "email_required": "email",
		"region_unknown": "region", "region_required": "region", "region_not_allowed": "region",
		"display_name_too_long": "display_name", "password_too_short": "password", "password_too_long": "password",
		"password_is_email": "password", "password_common": "password", "invitation_ttl_invalid": "days", "role_invalid": "role",
		"email_invisible": "email", "email_mixed_scripts": "email"}
	userSpec = &formSpec{create: true, refusals: accountFails, fields: []components.Field{emailField,
		{Name: "display_name", Label: "user_display_name", Required: true, Max: domain.MaxDisplayNameLength, Auto: "off"},
		roleField, userRegion,
		{Name: "password", Label: "user_password", Hint: "admin_password_hint", Kind: components.KindPassword, Required: true, Auto: "new-password"},
	}}
	inviteSpec = &formSpec{create: true, refusals: accountFails, fields: []components.Field{emailField, roleField, userRegion,
		{Name: "days", Label: "admin_invite_days", Hint: "admin_invite_days_hint", Kind: components.KindInteger, Required: true, Min: 1, Max: maxInvitationDays, Invalid: "admin_invite_days_invalid"},
	}}
	disableSpec = &formSpec{fields: []components.Field{{Name: "page", Kind: components.KindHidden}}}
	resetSpec   = &formSpec{fields: []components.Field{
		{Name: "days", Label: "admin_reset_days", Hint: "admin_reset_days_hint", Kind: components.KindInteger, Required: true, Min: 1, Max: maxResetDays},
	}}
)

// auditEntities and auditActions are what the audit log can be searched by.
var (
	auditEntities = []string{"meeting", "agreement", "institution", "official", "user", "invitation", "expectation", "commitment", "comment"}
	auditActions  = []string{domain.AuditCreate, domain.AuditUpdate, domain.AuditPublish, "unpublish",
		domain.AuditArchive, domain.AuditRestore, domain.AuditDisable, domain.AuditEnable,
		domain.AuditInvite, domain.AuditAccept, domain.AuditRevoke, domain.AuditPasswordChange, domain.AuditPasswordSet,
		domain.AuditResetIssue, domain.AuditReset, "upload", "submit", "decide", "approve", "reject", "spam", "demo_remove"}
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
	invitations, err := s.db.Invitations(ctx, 1, invitationsShown)
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
		Invitations: invitations.Items, MoreInvitations: invitations.Total - len(invitations.Items), Regions: regions, Me: currentUser(r).ID,
		Now: time.Now()}
	p := page(r, tr(r, "admin_users_heading"), "", crumb(r, tr(r, "staff_heading"), "/staff"), crumb(r, tr(r, "admin_users_heading"), ""))
	p.NoIndex = true
	s.render(w, r, http.StatusOK, pages.AdminUsersPage(p, m))
}

// accountChoices are the roles and regions (by slug) an account or an
// invitation may have.
func (s *Server) accountChoices(r *http.Request) (options, []domain.Region, error) {
	regions, err := s.db.Regions(r.Context())
	if err != nil {
		return nil, nil, err
	}
	opts := options{}
	for _, role := range domain.Roles {
		opts["role"] = append(opts["role"], components.Option{Value: string(role), Label: tr(r, "role_"+string(role))})
	}
	for _, g := range regions {
		name, _ := g.Name.In(string(lang(r)))
		opts["region"] = append(opts["region"], components.Option{Value: g.Slug, Label: name})
	}
	return opts, regions, nil
}

// newAccount reads what an account and an invitation share: email, role,
// region (by slug), and checks them with the domain's rules.
func newAccount(f *form, regions []domain.Region, name string) domain.NewUser {
	nu := domain.NewUser{Email: f.text("email"), DisplayName: name, Role: domain.Role(f.choice("role"))}
	if i := slices.IndexFunc(regions, func(g domain.Region) bool { return g.Slug == f.choice("region") }); i >= 0 {
		nu.RegionID = regions[i].ID
	}
	nu = nu.Normalize()
	f.check(nu.Problems())
	return nu
}

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request) {
	opts, _, err := s.accountChoices(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderUserForm(w, r, newForm(r, userSpec, nil, opts))
}

func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, f *form) {
	title := tr(r, "admin_new_user_heading")
	p := staffPage(r, title, crumb(r, tr(r, "admin_users_heading"), "/admin/users"), crumb(r, title, ""))
	s.render(w, r, f.statusCode(), pages.NewUserPage(p, pages.UserForm{Form: f.view("/" + string(lang(r)) + "/admin/users/new")}))
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	opts, regions, err := s.accountChoices(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := readForm(w, r, userSpec, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	nu := newAccount(f, regions, f.text("display_name"))
	if password := f.text("password"); password != "" {
		if err := auth.ValidatePassword(password, nu.Email); err != nil {
			f.fail("password", domain.ErrorMessage(err))
		}
	}
	if !f.failed() {
		_, err := s.accounts.CreateUser(r.Context(), f.token, nu, f.text("password"), currentUser(r).ID)
		if s.saved(w, r, f, "user", 0, err, "flash_user_created", func(int64) string { return "/" + string(lang(r)) + "/admin/users" }, nil) {
			return
		}
	}
	s.renderUserForm(w, r, f)
}

// renderInviteForm shows the invitation form; created, when set, is the
// invitation just made, its link shown this once (never stored by a cache).
func (s *Server) renderInviteForm(w http.ResponseWriter, r *http.Request, f *form, created *pages.CreatedInvitation) {
	title := tr(r, "admin_invite_heading")
	p := staffPage(r, title, crumb(r, tr(r, "admin_users_heading"), "/admin/users"), crumb(r, title, ""))
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, f.statusCode(), pages.InvitePage(p, pages.InviteForm{Form: f.view("/" + string(lang(r)) + "/admin/users/invite"),
		Created: created, MaxDays: maxInvitationDays}))
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) {
	opts, _, err := s.accountChoices(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := s.values(r)
	v.integer("days", defaultInvitationDays)
	s.renderInviteForm(w, r, newForm(r, inviteSpec, v.Values, opts), nil)
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request) {
	opts, regions, err := s.accountChoices(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := readForm(w, r, inviteSpec, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	nu := newAccount(f, regions, "")
	if !f.failed() {
		ttl := time.Duration(*f.number("days")) * 24 * time.Hour
		token, inv, err := s.accounts.CreateInvitation(r.Context(), f.token, currentUser(r).ID, nu.Email, nu.Role, nu.RegionID, ttl)
		if err == nil {
			created := &pages.CreatedInvitation{
				Link:      s.cfg.BaseURL + "/" + string(lang(r)) + "/invitations/" + token,
				Email:     inv.Email,
				Role:      string(inv.Role),
				ExpiresAt: inv.ExpiresAt,
			}
			v := s.values(r)
			v.integer("days", defaultInvitationDays)
			s.renderInviteForm(w, r, newForm(r, inviteSpec, v.Values, opts), created)
			return
		}
		if s.saved(w, r, f, "invitation", 0, err, "", func(int64) string { return "/" + string(lang(r)) + "/admin/users#invitations" }, nil) {
			return
		}
	}
	s.renderInviteForm(w, r, f, nil)
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, true) }

func (s *Server) enableUser(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, false) }

// setDisabled disables or enables the account in the URL, then goes back
// to the list with a flash. The last active administrator cannot be
// disabled: that gives its localized error page (409).
func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	f, err := readForm(w, r, disableSpec, nil)
	if err == nil {
		_, err = s.db.SetDisabled(r.Context(), id, disabled, currentUser(r).ID)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	back := "/" + string(lang(r)) + "/admin/users"
	if pg := positive(f.values["page"]); pg > 1 {
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

// revokeInvitation revokes a pending invitation: its link no longer works.
func (s *Server) revokeInvitation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	_, err := readForm(w, r, disableSpec, nil)
	if err == nil {
		_, err = s.accounts.RevokeInvitation(r.Context(), currentUser(r).ID, id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.sessions.Flash(r.Context(), "flash_invitation_revoked")
	http.Redirect(w, r, "/"+string(lang(r))+"/admin/users#invitations", http.StatusSeeOther)
}

// maxResetDays is the longest a password reset link may last.
var maxResetDays = int(auth.MaxResetTTL / (24 * time.Hour))

// resetForm shows the form issuing a password reset link for an account.
func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) {
	_, u, ok := record(s, w, r, s.db.UserByID)
	if !ok {
		return
	}
	v := s.values(r)
	v.integer("days", 1)
	s.renderReset(w, r, newForm(r, resetSpec, v.Values, nil), u, nil)
}

// issueReset makes a one-time password reset link for an account, shown
// to the administrator this once (and e-mailed when the portal sends mail).
func (s *Server) issueReset(w http.ResponseWriter, r *http.Request) {
	_, u, ok := record(s, w, r, s.db.UserByID)
	if !ok {
		return
	}
	f, err := readForm(w, r, resetSpec, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !f.failed() {
		ttl := time.Duration(*f.number("days")) * 24 * time.Hour
		token, reset, err := s.accounts.CreatePasswordReset(r.Context(), currentUser(r).ID, u.ID, ttl)
		if err == nil {
			link := &pages.CreatedLink{Link: s.cfg.BaseURL + "/" + string(lang(r)) + "/reset/" + token, Email: reset.Email, ExpiresAt: reset.ExpiresAt}
			s.renderReset(w, r, newForm(r, resetSpec, nil, nil), u, link)
			return
		}
		if !f.refused(err) {
			s.Error(w, r, err)
			return
		}
	}
	s.renderReset(w, r, f, u, nil)
}

func (s *Server) renderReset(w http.ResponseWriter, r *http.Request, f *form, u domain.User, created *pages.CreatedLink) {
	title := tr(r, "admin_reset_heading")
	p := staffPage(r, title, crumb(r, tr(r, "admin_users_heading"), "/admin/users"), crumb(r, title, ""))
	s.render(w, r, f.statusCode(), pages.ResetIssuePage(p, pages.ResetIssue{Form: f.view(fmt.Sprintf("/%s/admin/users/%d/reset", lang(r), u.ID)),
		User: u, Created: created}))
}
