package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/store"
	"tachawor/web/pages"
)

// The public side of the loop from what a region said to what the
// ministry did: "you said, we did", a page per expectation and one per
// commitment of the action plan.

// expectations is the public "you said, we did" page.
func (s *Server) expectations(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := newQuery(r)
	region, axis, pg := q.slug("region"), q.slug("axis"), q.page()
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.YouSaidWeDid(ctx, region, axis, pg, 20)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.YouSaidWeDid{Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: listURL(r), Region: region, Axis: axis,
		Capped: list.Total >= store.QueueCountCap}
	if m.Regions, err = s.db.Regions(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Axes, err = s.db.Axes(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	p := page(r, tr(r, "yswd_heading"), "expectations", crumb(r, tr(r, "yswd_heading"), ""))
	s.render(w, r, http.StatusOK, pages.YouSaidWeDidPage(p, m))
}

// expectation is an expectation's public page, once it has left its draft;
// a draft, an unknown or a malformed id is not found.
func (s *Server) expectation(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	e, err := s.db.PublicExpectation(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	l := string(lang(r))
	title, _ := e.Title.In(l)
	region, _ := e.RegionName.In(l)
	p := page(r, title+" · "+region, "expectations", crumb(r, tr(r, "yswd_heading"), "/expectations"), crumb(r, title, ""))
	p.Feeds = append(p.Feeds, s.regionFeed(r, e.RegionSlug, region))
	s.render(w, r, http.StatusOK, pages.ExpectationPage(p, e))
}

// commitment is a published commitment's public page; any other, an
// unknown or a malformed id is not found.
func (s *Server) commitment(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	c, err := s.db.PublicCommitment(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	l := string(lang(r))
	title, _ := c.Title.In(l)
	region, _ := c.RegionName.In(l)
	p := page(r, title+" · "+region, "expectations", crumb(r, tr(r, "yswd_heading"), "/expectations"), crumb(r, title, ""))
	p.Feeds = append(p.Feeds, s.regionFeed(r, c.RegionSlug, region))
	s.render(w, r, http.StatusOK, pages.CommitmentPage(p, c))
}
