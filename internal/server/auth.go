package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/web/components"
	"tachawor/web/layout"
	"tachawor/web/pages"
)

// withUser loads the signed-in user (if any) from the session into the
// request context and the page frame. Pages seen by a signed-in user are
// private to them: never stored by a shared cache.
func (s *Server) withUser(next http.Handler) http.Handler {
	return s.accounts.LoadUser(s.sessions, s.Error)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := auth.UserFrom(r.Context())
		if u == nil {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		site := layout.SiteFrom(r.Context())
		site.User = &layout.User{Name: u.Name(), Role: string(u.Role)}
		if r.Method == http.MethodGet {
			site.Flash = s.sessions.PopFlash(r.Context())
		}
		next.ServeHTTP(w, r.WithContext(layout.WithSite(r.Context(), site)))
	}))
}

// require lets through only users the policy allows action a (on no
// particular record: handlers check the record's region themselves). The
// public is sent to sign in; a signed-in user without the right gets 403.
func (s *Server) require(a auth.Action) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := auth.UserFrom(r.Context())
			if u == nil {
				next := r.URL.Path
				if r.Method != http.MethodGet {
					next = ""
				}
				http.Redirect(w, r, "/"+string(lang(r))+"/login?next="+url.QueryEscape(next), http.StatusSeeOther)
				return
			}
			// A regional official enters on their own region's behalf;
			// the record's region is then checked by the handler.
			if !auth.Can(u, a, u.RegionID) {
				s.Error(w, r, auth.ErrForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// workspace is where a user lands after signing in: the staff workspace,
// or a regional official's expectations.
func workspace(r *http.Request, u *domain.User) string {
	if u != nil && u.Role == domain.RoleRegional {
		return "/" + string(lang(r)) + "/staff/expectations"
	}
	return "/" + string(lang(r)) + "/staff"
}

// safeNext keeps a post-sign-in destination only when it is a path of
// this site under the reader's language (safeDestination); otherwise the
// user's workspace.
func safeNext(r *http.Request, user *domain.User, next string) string {
	if to := safeDestination(next, lang(r)); to != "" {
		return to
	}
	return workspace(r, user)
}

// The sign-in form and the form accepting an invitation.
var (
	loginSpec = &formSpec{fields: []components.Field{
		{Name: "email", Label: "login_email", Kind: components.KindEmail, Required: true, Max: domain.MaxEmailLength, Auto: "username"},
		{Name: "password", Label: "login_password", Kind: components.KindPassword, Required: true, Auto: "current-password"},
		{Name: "next", Kind: components.KindHidden, Max: 2000},
	}}
	acceptSpec = &formSpec{fields: []components.Field{
		{Name: "display_name", Label: "user_display_name", Required: true, Max: domain.MaxDisplayNameLength, Auto: "name"},
		{Name: "password", Label: "login_new_password", Hint: "password_hint", Kind: components.KindPassword, Required: true, Auto: "new-password"},
	}}
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if u := auth.UserFrom(r.Context()); u != nil {
		http.Redirect(w, r, safeNext(r, u, r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	v := s.values(r)
	v.text("next", r.URL.Query().Get("next"))
	s.renderLogin(w, r, newForm(r, loginSpec, v.Values, nil))
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, f *form) {
	p := page(r, tr(r, "login_heading"), "", crumb(r, tr(r, "login_heading"), ""))
	p.NoIndex = true
	s.render(w, r, f.statusCode(), pages.LoginPage(p, pages.Login{Form: f.view("/" + string(lang(r)) + "/login")}))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(w, r, loginSpec, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !f.failed() {
		u, err := s.accounts.Authenticate(r.Context(), f.text("email"), f.text("password"), s.clientAddr(r))
		switch {
		case err == nil:
			if err := s.sessions.SignIn(r.Context(), u); err != nil {
				s.Error(w, r, err)
				return
			}
			s.sessions.Flash(r.Context(), "flash_signed_in")
			http.Redirect(w, r, safeNext(r, &u, f.text("next")), http.StatusSeeOther)
			return
		case errors.Is(err, auth.ErrLoginFailed), errors.Is(err, auth.ErrLoginThrottled):
			f.fail("email", domain.ErrorMessage(err))
			if errors.Is(err, auth.ErrLoginThrottled) {
				f.status = http.StatusTooManyRequests
				w.Header().Set("Retry-After", strconv.Itoa(int(auth.RetryAfter(err).Seconds())))
			}
		default:
			s.Error(w, r, err)
			return
		}
	}
	s.renderLogin(w, r, f)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.SignOut(r.Context()); err != nil {
		s.Error(w, r, err)
		return
	}
	home := "/" + string(lang(r)) + "/"
	if to := safeDestination(r.PostFormValue("next"), lang(r)); to != "" {
		home = to
	}
	http.Redirect(w, r, home, http.StatusSeeOther)
}

func (s *Server) invitationForm(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	inv, err := s.accounts.Invitation(r.Context(), token)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderInvitation(w, r, newForm(r, acceptSpec, nil, nil), inv, token)
}

// renderInvitation shows the page accepting an invitation: it carries the
// token, so no cache keeps it.
func (s *Server) renderInvitation(w http.ResponseWriter, r *http.Request, f *form, inv domain.Invitation, token string) {
	p := page(r, tr(r, "invitation_heading"), "")
	p.NoIndex = true
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, f.statusCode(), pages.InvitationPage(p, pages.Invitation{Form: f.view("/" + string(lang(r)) + "/invitations/" + token),
		Email: inv.Email, Role: string(inv.Role)}))
}

func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	inv, err := s.accounts.Invitation(r.Context(), token)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := readForm(w, r, acceptSpec, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if password := f.text("password"); password != "" {
		if err := auth.ValidatePassword(password, inv.Email); err != nil {
			f.fail("password", domain.ErrorMessage(err))
		}
	}
	if !f.failed() {
		u, err := s.accounts.AcceptInvitation(r.Context(), token, f.text("display_name"), f.text("password"))
		if err == nil {
			if err := s.sessions.SignIn(r.Context(), u); err != nil {
				s.Error(w, r, err)
				return
			}
			s.sessions.Flash(r.Context(), "flash_account_created")
			http.Redirect(w, r, workspace(r, &u), http.StatusSeeOther)
			return
		}
		if domain.ErrorCode(err) != domain.Invalid {
			s.Error(w, r, err)
			return
		}
		f.fail("display_name", domain.ErrorMessage(err))
	}
	s.renderInvitation(w, r, f, inv, token)
}
