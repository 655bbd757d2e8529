package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/web/pages"
)

func (s *Server) agreements(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := newQuery(r)
	f := store.AgreementFilter{Region: q.slug("region"), Axis: q.slug("axis"), Party: q.slug("party"),
		Status: q.str("status", domain.AgreementStatuses...), Year: q.intIn("year", 2000, 2100), Page: q.page()}
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	list, err := s.db.Agreements(ctx, f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.Agreements{Items: list.Items, Total: list.Total, Page: list.Page, Pages: list.Pages(), Base: listURL(r),
		Region: f.Region, Axis: f.Axis, Party: f.Party, Status: f.Status, Year: f.Year}
	if m.Regions, err = s.db.Regions(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Axes, err = s.db.Axes(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Institutions, err = s.db.Institutions(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Years, err = s.db.AgreementYears(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	p := page(r, tr(r, "agreements_heading"), "agreements", crumb(r, tr(r, "nav_agreements"), ""))
	s.render(w, r, http.StatusOK, pages.AgreementsPage(p, m))
}

func (s *Server) agreement(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	a, err := s.db.Agreement(r.Context(), id, true)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	subject, _ := a.Subject.In(string(lang(r)))
	p := page(r, subject, "agreements", crumb(r, tr(r, "nav_agreements"), "/agreements"), crumb(r, subject, ""))
	s.render(w, r, http.StatusOK, pages.AgreementPage(p, pages.AgreementDetail{A: a}))
}
