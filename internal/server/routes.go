package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// Handler returns the portal's routes, every one of them, grouped by who
// may enter.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, s.logRequests, s.recoverPanics, securityHeaders, limitBody,
		middleware.Compress(5, "text/html", "text/css", "text/plain", "text/csv", "text/calendar",
			"application/json", "application/xml", "image/svg+xml"))
	r.NotFound(s.withLocale(http.HandlerFunc(s.notFound)).ServeHTTP)
	r.MethodNotAllowed(s.withLocale(http.HandlerFunc(s.methodNotAllowed)).ServeHTTP)

	// Machines.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Handle("/static/*", s.assets)

	// Public: readable without signing in.
	r.Group(func(r chi.Router) {
		r.Use(conditional)
		r.Get("/", s.root)
		r.Get("/lang/{to}", s.switchLang)
		r.Get("/sitemap.xml", s.sitemap)
		r.Get("/robots.txt", s.robots)
		r.With(s.withLocale).Get("/data/{file}", s.dataFile)
		r.Route("/{lang:ar|fr}", func(r chi.Router) {
			r.Use(s.withLocale, s.sessions.LoadAndSave, s.withUser)
			r.Get("/", s.home)
			r.Get("/strategy", s.strategy)
			r.Get("/strategy/{slug}", s.axis)
			r.Get("/regions", s.regions)
			r.Get("/regions/{slug}", s.region)
			r.Get("/meetings", s.meetings)
			r.Get("/meetings.ics", s.meetingsFeed)
			r.Get("/meetings/{id}", s.meeting) // also {id}.ics
			r.Get("/meetings/{id}/attachments/{file}", s.attachment)
			r.Get("/agreements", s.agreements)
			r.Get("/agreements/{id}", s.agreement)
			r.Get("/search", s.search)
			r.Get("/data", s.data)

			// Signing in and out, accepting an invitation: anyone.
			r.Get("/login", s.loginForm)
			r.Post("/login", s.login)
			r.Post("/logout", s.logout)
			r.Get("/invitations/{token}", s.invitationForm)
			r.Post("/invitations/{token}", s.acceptInvitation)
		})
	})
	return http.NewCrossOriginProtection().Handler(r)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusMethodNotAllowed, "error_method")
}
