package server

import (
	"net/http"

	"tachawor/internal/store"
	"tachawor/web/pages"
)

// dashboard shows the published expectations counted by region, axis and
// status, and the progress of the published commitments, each as a chart
// with its table, optionally for one region and/or one axis. Every figure
// is counted in the database (store.Dashboard), in a fixed number of
// queries whatever the number of records.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := newQuery(r)
	region, axis := q.slug("region"), q.slug("axis")
	if q.bad {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	regions, err := s.db.Regions(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	axes, err := s.db.Axes(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// A well-formed slug must also name a region or an axis: the filters
	// offer only those.
	var f store.DashboardFilter
	for _, reg := range regions {
		if reg.Slug == region {
			f.RegionID = reg.ID
		}
	}
	for _, a := range axes {
		if a.Slug == axis {
			f.AxisID = a.ID
		}
	}
	if region != "" && f.RegionID == 0 || axis != "" && f.AxisID == 0 {
		s.badRequest(w, r, "error_bad_filter")
		return
	}
	d, err := s.db.Dashboard(ctx, f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.Dashboard{D: d, Regions: regions, Axes: axes, Region: region, Axis: axis}
	p := page(r, tr(r, "dashboard_heading"), "dashboard", crumb(r, tr(r, "nav_dashboard"), ""))
	s.render(w, r, http.StatusOK, pages.DashboardPage(p, m))
}
