package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"tachawor/internal/auth"
)

// Handler returns the portal: what every response goes through (request
// id, log line, security headers, the reader's language, recovery from a
// panic), then the refusal of malformed paths and of cross-origin
// requests, each answered with a localized page, then the routes.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOrigin))
	var h http.Handler = cop.Handler(s.Router())
	for _, m := range []func(http.Handler) http.Handler{
		s.refuseBadPaths, s.recoverPanics, s.withLocale, securityHeaders, s.logRequests, middleware.RequestID, s.closeWhenDraining,
	} {
		h = m(h)
	}
	return h
}

// Router returns the portal's routes, every one of them, grouped by who
// may enter.
func (s *Server) Router() chi.Router {
	r := chi.NewRouter()
	// Compression comes after the page cache, which keeps the gzip bytes
	// of what it stores and serves them itself.
	compress := middleware.Compress(5, "text/html", "text/css", "text/plain", "text/csv", "text/calendar",
		"application/json", "application/xml", "application/atom+xml", "image/svg+xml")
	r.Use(limitBody, s.readYourWrites)
	r.NotFound(compress(s.withLocale(http.HandlerFunc(s.notFound))).ServeHTTP)
	r.MethodNotAllowed(compress(s.withLocale(http.HandlerFunc(s.methodNotAllowed))).ServeHTTP)

	// Machines: never behind the page cache, a gate or a queue.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.With(compress).Handle("/static/*", s.assets)

	// Public: readable without signing in. Anonymous readers' pages are
	// served from memory (internal/pagecache); searches and open data
	// files do their work behind gates (limits.go).
	r.Group(func(r chi.Router) {
		r.Use(s.pages.Middleware(s.cacheKey), compress, s.publicQueries, conditional)
		r.Get("/", s.root)
		r.Get("/lang/{to}", s.switchLang)
		r.With(s.standbyReads).Get("/sitemap.xml", s.sitemap)
		r.With(s.standbyReads).Get("/sitemap-{id}.xml", s.sitemapPart)
		r.Get("/robots.txt", s.robots)
		r.With(s.withLocale, s.limited(s.exportGate), s.exportQueries).Get("/data/{file}", s.dataFile)
		r.Route("/{lang:ar|fr}", func(r chi.Router) {
			r.Use(s.withLocale, s.sessions.LoadAndSave, s.withUser)
			// An anonymous reader's public page may be read from a hot
			// standby (replicas.go).
			r.Group(func(r chi.Router) {
				r.Use(s.standbyReads)
				r.Get("/", s.home)
				r.Get("/strategy", s.strategy)
				r.Get("/strategy/{slug}", s.axis)
				r.Get("/regions", s.regions)
				r.Get("/regions/{slug}", s.region)
				r.Get("/regions/{slug}/feed.atom", s.regionAtom)
				r.Get("/meetings", s.meetings)
				r.Get("/meetings.ics", s.meetingsFeed)
				r.Get("/meetings/{id}", s.meeting) // also {id}.ics
				r.Get("/meetings/{id}/attachments/{file}", s.attachment)
				r.Get("/agreements", s.agreements)
				r.Get("/agreements/{id}", s.agreement)
				r.Get("/search", s.search)
				r.Get("/data", s.data)
				r.Get("/expectations", s.expectations)
				r.Get("/expectations/{id}", s.expectation)
				r.Get("/commitments/{id}", s.commitment)
				r.Get("/feed.atom", s.atom)
				r.Get("/dashboard", s.dashboard)
				r.Get("/privacy", s.privacy)
				r.Get("/contact", s.contact)
				r.Get("/accessibility", s.accessibility)
			})
			r.Post("/meetings/{id}/comments", s.commentOnMeeting)
			r.Post("/strategy/{slug}/comments", s.commentOnAxis)

			// Signing in and out, accepting an invitation: anyone.
			r.Get("/login", s.loginForm)
			r.Post("/login", s.login)
			r.Post("/logout", s.logout)
			r.With(tokenPage).Get("/reset/{token}", s.resetPasswordForm)
			r.With(tokenPage).Post("/reset/{token}", s.resetPassword)
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.ManageOwnAccount))
				r.Get("/account/password", s.passwordForm)
				r.Post("/account/password", s.changePassword)
			})
			r.With(tokenPage).Get("/invitations/{token}", s.invitationForm)
			r.With(tokenPage).Post("/invitations/{token}", s.acceptInvitation)

			// Ministry staff and administrators.
			r.Route("/staff", func(r chi.Router) {
				// Regional officials: their region's expectations (the
				// handlers check each record's region).
				r.Group(func(r chi.Router) {
					r.Use(s.require(auth.ViewOwnExpectations))
					r.Get("/expectations", s.staffExpectations)
					r.Get("/expectations/new", s.newExpectationForm)
					r.Post("/expectations/new", s.createExpectation)
					r.Get("/expectations/{id}", s.editExpectationForm)
					r.Post("/expectations/{id}", s.updateExpectation)
					r.Post("/expectations/{id}/submit", s.submitExpectation)
				})
				// Ministry staff and administrators.
				r.Group(func(r chi.Router) {
					r.Use(s.require(auth.ViewStaff))
					r.Get("/", s.staffHome)
					r.With(s.require(auth.TriageExpectation)).Post("/expectations/{id}/decision", s.decideExpectation)
					r.With(s.require(auth.TriageExpectation)).Post("/expectations/bulk", s.bulkExpectations)
					r.Group(func(r chi.Router) {
						r.Use(s.require(auth.EditCommitment))
						r.Get("/commitments", s.staffCommitments)
						r.Get("/commitments/new", s.newCommitmentForm)
						r.Post("/commitments/new", s.createCommitment)
						r.Get("/commitments/{id}", s.editCommitmentForm)
						r.Post("/commitments/{id}", s.updateCommitment)
						r.Post("/commitments/{id}/state", s.setCommitmentState)
					})
					r.Group(func(r chi.Router) {
						r.Use(s.require(auth.ModerateComments))
						r.Get("/comments", s.staffComments)
						r.Post("/comments/{id}", s.moderateComment)
					})
					r.Group(func(r chi.Router) {
						r.Use(s.require(auth.EditMeeting))
						r.Get("/meetings", s.staffMeetings)
						r.Get("/meetings/new", s.newMeetingForm)
						r.Post("/meetings/new", s.createMeeting)
						r.Get("/meetings/{id}", s.editMeetingForm)
						r.Post("/meetings/{id}", s.updateMeeting)
						r.Get("/meetings/{id}/preview", s.previewMeeting)
						r.Get("/meetings/{id}/history", s.meetingHistory)
						r.Post("/meetings/{id}/state", s.setMeetingState)
						r.With(allowUpload).Post("/meetings/{id}/agenda/{item}/attachments", s.uploadAttachment)
						r.Get("/meetings/{id}/attachments/{file}", s.staffAttachment)
					})
					r.Group(func(r chi.Router) {
						r.Use(s.require(auth.EditAgreement))
						r.Get("/agreements", s.staffAgreements)
						r.Get("/agreements/new", s.newAgreementForm)
						r.Post("/agreements/new", s.createAgreement)
						r.Get("/agreements/{id}", s.editAgreementForm)
						r.Post("/agreements/{id}", s.updateAgreement)
						r.Get("/agreements/{id}/preview", s.previewAgreement)
						r.Get("/agreements/{id}/history", s.agreementHistory)
						r.Post("/agreements/{id}/state", s.setAgreementState)
					})
					r.Group(func(r chi.Router) {
						r.Use(s.require(auth.EditReference))
						r.Get("/institutions", s.staffInstitutions)
						r.Get("/institutions/new", s.newInstitutionForm)
						r.Post("/institutions/new", s.createInstitution)
						r.Get("/institutions/{id}", s.editInstitutionForm)
						r.Post("/institutions/{id}", s.updateInstitution)
						r.Post("/institutions/{id}/archive", s.archiveInstitution)
						r.Get("/officials", s.staffOfficials)
						r.Get("/officials/new", s.newOfficialForm)
						r.Post("/officials/new", s.createOfficial)
						r.Get("/officials/{id}", s.editOfficialForm)
						r.Post("/officials/{id}", s.updateOfficial)
						r.Post("/officials/{id}/archive", s.archiveOfficial)
					})
				})
			})

			// Administrators only.
			r.Route("/admin", func(r chi.Router) {
				r.Use(s.require(auth.ManageUsers))
				r.Get("/users", s.adminUsers)
				r.Get("/users/new", s.newUserForm)
				r.Post("/users/new", s.createUser)
				r.Get("/users/invite", s.inviteForm)
				r.With(tokenPage).Post("/users/invite", s.invite)
				r.Post("/users/{id}/disable", s.disableUser)
				r.Post("/users/{id}/enable", s.enableUser)
				r.Get("/users/{id}/reset", s.resetForm)
				r.With(tokenPage).Post("/users/{id}/reset", s.issueReset)
				r.Post("/invitations/{id}/revoke", s.revokeInvitation)
				r.With(s.require(auth.ViewAudit)).Get("/audit", s.auditLog)
			})
		})
	})
	return r
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusMethodNotAllowed, "error_method")
}

// crossOrigin answers a request another site made the browser send.
func (s *Server) crossOrigin(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusForbidden, "error_cross_origin")
}
