package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/pages"
)

func (s *Server) meetings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := newQuery(r)
	f := store.MeetingFilter{Region: q.slug("region"), Year: q.intIn("year", 2000, 2100),
		Format: q.str("format", domain.Formats...), Page: q.page()}
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.Meetings(ctx, f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	regions, err := s.db.Regions(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	years, err := s.db.MeetingYears(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.Meetings{Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: listURL(r),
		Regions: regions, Years: years, Region: f.Region, Year: f.Year, Format: f.Format}
	p := page(r, tr(r, "meetings_heading"), "meetings", crumb(r, tr(r, "nav_meetings"), ""))
	s.render(w, r, http.StatusOK, pages.MeetingsPage(p, m))
}

// parseID reads a record ID from the URL; anything else is not found.
// meetingExpectations bounds the expectations a meeting page lists.
const meetingExpectations = 200

func (s *Server) meeting(w http.ResponseWriter, r *http.Request) {
	raw := chi.URLParam(r, "id")
	asICS := strings.HasSuffix(raw, ".ics")
	id, ok := parseID(strings.TrimSuffix(raw, ".ics"))
	if !ok {
		s.notFound(w, r)
		return
	}
	m, err := s.db.Meeting(r.Context(), id, true)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if asICS {
		s.writeICS(w, r, fmt.Sprintf("meeting-%d.ics", m.ID), []domain.Meeting{m})
		return
	}
	comments, err := s.meetingComments(w, r, m.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	title, _ := m.Title.In(string(lang(r)))
	region, _ := m.RegionName.In(string(lang(r)))
	p := page(r, title+" · "+region, "meetings", crumb(r, tr(r, "nav_meetings"), "/meetings"), crumb(r, region, ""))
	raised, err := s.db.MeetingExpectations(r.Context(), m.ID, meetingExpectations)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p.Feeds = append(p.Feeds, s.regionFeed(r, m.RegionSlug, region))
	s.render(w, r, http.StatusOK, pages.MeetingPage(p, pages.MeetingDetail{M: m, Comments: comments, Expectations: raised}))
}

// attachment serves a file of a published meeting's agenda, always as a
// download with the type it was checked to be.
