package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// A signed-in user's own account: changing their password; and the page a
// password reset link leads to.

var (
	passwordSpec = &formSpec{refusals: passwordFails, fields: []components.Field{
		{Name: "current", Label: "account_current_password", Kind: components.KindPassword, Required: true, Auto: "current-password"},
		{Name: "password", Label: "login_new_password", Hint: "password_hint", Kind: components.KindPassword, Required: true, Auto: "new-password"},
	}}
	resetPasswordSpec = &formSpec{refusals: passwordFails, fields: []components.Field{
		{Name: "password", Label: "login_new_password", Hint: "password_hint", Kind: components.KindPassword, Required: true, Auto: "new-password"},
	}}
	passwordFails = map[string]string{"password_current_wrong": "current", "login_throttled": "current", "login_slowed": "current",
		"password_too_short": "password", "password_too_long": "password", "password_is_email": "password", "password_common": "password"}
)

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.renderPassword(w, r, newForm(r, passwordSpec, nil, nil))
}

func (s *Server) renderPassword(w http.ResponseWriter, r *http.Request, f *form) {
	title := tr(r, "account_password_heading")
	p := page(r, title, "", crumb(r, title, ""))
	p.NoIndex = true
	s.render(w, r, f.statusCode(), pages.PasswordPage(p, pages.Password{Form: f.view("/" + string(lang(r)) + "/account/password")}))
}

// changePassword changes the signed-in user's password: the current one is
// required (checked under the sign-in limits), and their other sessions end.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(w, r, passwordSpec, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !f.failed() {
		err := s.accounts.ChangePassword(r.Context(), s.sessions, s.clientAddr(r), f.text("current"), f.text("password"))
		if err == nil {
			s.sessions.Flash(r.Context(), "flash_password_changed")
			http.Redirect(w, r, workspace(r, currentUser(r)), http.StatusSeeOther)
			return
		}
		if errors.Is(err, auth.ErrLoginThrottled) {
			f.status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(int(auth.RetryAfter(err).Seconds())))
		}
		if !f.refused(err) {
			s.Error(w, r, err)
			return
		}
	}
	s.renderPassword(w, r, f)
}

// resetForm shows the page of a password reset link (a token page: never
// stored by a cache).
func (s *Server) resetPasswordForm(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	reset, err := s.accounts.PasswordReset(r.Context(), token)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderResetPassword(w, r, newForm(r, resetPasswordSpec, nil, nil), reset, token)
}

func (s *Server) renderResetPassword(w http.ResponseWriter, r *http.Request, f *form, reset domain.PasswordReset, token string) {
	title := tr(r, "reset_heading")
	p := page(r, title, "")
	p.NoIndex = true
	s.render(w, r, f.statusCode(), pages.ResetPasswordPage(p, pages.ResetPassword{Form: f.view("/" + string(lang(r)) + "/reset/" + token),
		Email: reset.Email}))
}

// resetPassword sets the new password a reset link was for, ends every
// session of the account, and signs its owner in.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	reset, err := s.accounts.PasswordReset(r.Context(), token)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := readForm(w, r, resetPasswordSpec, nil)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !f.failed() {
		u, err := s.accounts.ResetPassword(r.Context(), token, f.text("password"))
		if err == nil {
			if err := s.sessions.SignIn(r.Context(), u); err != nil {
				s.Error(w, r, err)
				return
			}
			s.sessions.Flash(r.Context(), "flash_password_reset")
			http.Redirect(w, r, workspace(r, &u), http.StatusSeeOther)
			return
		}
		if !f.refused(err) {
			s.Error(w, r, err)
			return
		}
	}
	s.renderResetPassword(w, r, f, reset, token)
}
