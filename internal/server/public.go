package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"tachawor/internal/i18n"
	"tachawor/internal/store"
	"tachawor/web/components"
	"tachawor/web/pages"
)

// root sends the reader to their language's home page.
func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "Accept-Language, Cookie")
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/"+string(s.readerLang(r))+"/", http.StatusFound)
}

// switchLang records the reader's explicit choice of language and leads to
// the same page in it.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) {
	to, ok := i18n.ParseLang(chi.URLParam(r, "to"))
	if !ok {
		s.withLocale(http.HandlerFunc(s.notFound)).ServeHTTP(w, r)
		return
	}
	// Only a path of this site under the chosen language: never elsewhere.
	next := safeDestination(r.URL.Query().Get("next"), to)
	if next == "" {
		next = "/" + string(to) + "/"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(to), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.Secure()})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, err := s.db.Strategy(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	axes, err := s.db.Axes(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	series, err := s.db.Series(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	recent, err := s.db.Meetings(ctx, store.MeetingFilter{Per: 3})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	agr, err := s.db.Agreements(ctx, store.AgreementFilter{Per: 1})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.Home{Strategy: st, Axes: axes, Recent: recent.Items, Meetings: recent.Total, Agreements: agr.Total}
	for _, st := range series {
		m.Regions = append(m.Regions, st.Region)
	}
	m.Tiles = seriesTiles(series)
	s.render(w, r, http.StatusOK, pages.HomePage(page(r, tr(r, "home_title"), "home"), m))
}

func seriesTiles(series []store.SeriesStop) []components.SeriesTile {
	out := make([]components.SeriesTile, len(series))
	for i, st := range series {
		out[i].Region = st.Region
		if st.Meeting != nil {
			out[i].Position = st.Meeting.SeriesPosition
		}
	}
	return out
}

func (s *Server) strategy(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, err := s.db.Strategy(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	axes, err := s.db.Axes(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	inds, err := s.db.Indicators(ctx, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	title, _ := st.Title.In(string(lang(r)))
	p := page(r, title, "strategy", crumb(r, title, ""))
	s.render(w, r, http.StatusOK, pages.StrategyPage(p, pages.Strategy{S: st, Axes: axes, Indicators: inds}))
}

// linkedLimit bounds the lists of linked records on axis and region pages;
// each links to the full, paginated list.
const linkedLimit = 10

func (s *Server) axis(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := chi.URLParam(r, "slug")
	ax, err := s.db.Axis(ctx, slug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.AxisDetail{Axis: ax}
	if m.Indicators, err = s.db.Indicators(ctx, slug); err != nil {
		s.Error(w, r, err)
		return
	}
	meetings, err := s.db.Meetings(ctx, store.MeetingFilter{Axis: slug, Per: linkedLimit})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m.Meetings = meetings.Items
	if m.Agreements, err = s.db.AxisAgreements(ctx, slug, linkedLimit); err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Expectations, err = s.db.PublicExpectations(ctx, "", slug, linkedLimit); err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Commitments, err = s.db.PublicCommitments(ctx, "", slug, linkedLimit); err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Comments, err = s.axisComments(w, r, ax); err != nil {
		s.Error(w, r, err)
		return
	}
	name, _ := ax.Name.In(string(lang(r)))
	p := page(r, name, "strategy", crumb(r, tr(r, "nav_strategy"), "/strategy"), crumb(r, name, ""))
	s.render(w, r, http.StatusOK, pages.AxisPage(p, m))
}

func (s *Server) regions(w http.ResponseWriter, r *http.Request) {
	series, err := s.db.Series(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.Regions{Tiles: seriesTiles(series)}
	for _, st := range series {
		m.Rows = append(m.Rows, pages.SeriesRow{Region: st.Region, Meeting: st.Meeting})
		if st.Meeting != nil {
			m.Held++
		}
	}
	p := page(r, tr(r, "regions_heading"), "regions", crumb(r, tr(r, "nav_regions"), ""))
	s.render(w, r, http.StatusOK, pages.RegionsPage(p, m))
}

func (s *Server) region(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	reg, err := s.db.Region(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := pages.RegionDetail{Region: reg}
	if m.Provinces, err = s.db.Provinces(ctx, reg.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	meetings, err := s.db.Meetings(ctx, store.MeetingFilter{Region: reg.Slug, Per: linkedLimit})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m.Meetings = meetings.Items
	agreements, err := s.db.Agreements(ctx, store.AgreementFilter{Region: reg.Slug, Per: linkedLimit})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m.Agreements = agreements.Items
	counts, err := s.db.ExpectationCounts(ctx, reg.Slug)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, c := range counts {
		m.Counts = append(m.Counts, pages.StatusCount{Status: c.Status, Count: c.Count})
		m.Expectations += c.Count
	}
	if m.Latest, err = s.db.PublicExpectations(ctx, reg.Slug, "", linkedLimit); err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Commitments, err = s.db.PublicCommitments(ctx, reg.Slug, "", linkedLimit); err != nil {
		s.Error(w, r, err)
		return
	}
	name, _ := reg.Name.In(string(lang(r)))
	p := page(r, name, "regions", crumb(r, tr(r, "nav_regions"), "/regions"), crumb(r, name, ""))
	p.Feeds = append(p.Feeds, s.regionFeed(r, reg.Slug, name))
	s.render(w, r, http.StatusOK, pages.RegionPage(p, m))
}

// healthz answers while the process runs.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 when the database answers, 503 otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	ctx, cancel := contextWithTimeout(r, 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
