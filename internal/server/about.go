package server

import (
	"net/http"
	"time"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/web/pages"
)

// days writes a retention period in days, in words ("30 يوما", "30 jours").
func days(r *http.Request, d time.Duration) string {
	return i18n.FromContext(r.Context()).N("days_count", int(d/(24*time.Hour)))
}

// privacy is the privacy notice; the periods it states are those the
// portal enforces (Server.RunCleanup, auth's cleanup).
func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	m := pages.Privacy{
		NetworkRetention: days(r, domain.CommentIPRetention),
		EmailRetention:   days(r, domain.CommentEmailRetention),
		AttemptRetention: days(r, auth.AttemptRetention),
	}
	p := page(r, tr(r, "privacy_heading"), "", crumb(r, tr(r, "privacy_heading"), ""))
	s.render(w, r, http.StatusOK, pages.PrivacyPage(p, m))
}

func (s *Server) contact(w http.ResponseWriter, r *http.Request) {
	p := page(r, tr(r, "contact_heading"), "", crumb(r, tr(r, "contact_heading"), ""))
	s.render(w, r, http.StatusOK, pages.ContactPage(p))
}

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) {
	p := page(r, tr(r, "accessibility_heading"), "", crumb(r, tr(r, "accessibility_heading"), ""))
	s.render(w, r, http.StatusOK, pages.AccessibilityPage(p))
}
