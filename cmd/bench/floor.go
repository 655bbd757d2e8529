package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// startFloor serves the measured pages' SQL bare: plain net/http, no
// router, no middleware, no templates, no cache; text out. Each path runs
// what the portal's handler of the same page runs:
//
//	/meetings             the list, the regions and the years of the filters
//	/meetings/{id}        the detail
//	/strategy/{slug}      the axis page: the axis, its indicators, meetings, agreements, expectations, commitments, comments
//	/agreements?...       the filtered registry, the regions, axes, institutions and years of the filters
//	/search?q=            the ranked search, as the portal runs it
func startFloor(db *store.DB, searchBudget time.Duration) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var b bytes.Buffer
		fail := func(err error) { http.Error(w, err.Error(), http.StatusInternalServerError) }
		switch path := r.URL.Path; {
		case path == "/meetings":
			list, err := db.Meetings(ctx, store.MeetingFilter{Page: 1})
			if err != nil {
				fail(err)
				return
			}
			regions, err := db.Regions(ctx)
			if err != nil {
				fail(err)
				return
			}
			years, err := db.MeetingYears(ctx)
			if err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(&b, "%d meetings, %d regions, years %v\n", list.Total, len(regions), years)
			for _, m := range list.Items {
				fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t%s\n", m.ID, m.StartsAt.Format(time.RFC3339), m.RegionName.AR, m.Title.AR, m.Venue.AR)
			}
		case strings.HasPrefix(path, "/meetings/"):
			id, err := strconv.ParseInt(strings.TrimPrefix(path, "/meetings/"), 10, 64)
			if err != nil {
				http.NotFound(w, r)
				return
			}
			m, err := db.Meeting(ctx, id, true)
			if err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(&b, "%s\n%s\n%s\n%s\n%s\n", m.Title.AR, m.Venue.AR, m.Purpose.AR, m.Outcomes.AR, m.Minutes.AR)
			for _, a := range m.Attendees {
				fmt.Fprintf(&b, "%s, %s\n", a.Name.AR, a.Title.AR)
			}
			for _, g := range m.Agenda {
				fmt.Fprintf(&b, "%s: %s\n", g.Title.AR, g.Summary.AR)
			}
			for _, a := range m.Agreements {
				fmt.Fprintf(&b, "%d %s %s\n", a.ID, a.Subject.AR, a.Status)
			}
			for _, x := range m.Axes {
				fmt.Fprintf(&b, "%s\n", x.Name.AR)
			}
		case strings.HasPrefix(path, "/strategy/"):
			slug := strings.TrimPrefix(path, "/strategy/")
			ax, err := db.Axis(ctx, slug)
			if err != nil {
				fail(err)
				return
			}
			inds, err := db.Indicators(ctx, slug)
			if err != nil {
				fail(err)
				return
			}
			meetings, err := db.Meetings(ctx, store.MeetingFilter{Axis: slug, Per: 10})
			if err != nil {
				fail(err)
				return
			}
			agreements, err := db.AxisAgreements(ctx, slug, 10)
			if err != nil {
				fail(err)
				return
			}
			exps, err := db.PublicExpectations(ctx, "", slug, 10)
			if err != nil {
				fail(err)
				return
			}
			commits, err := db.PublicCommitments(ctx, "", slug, 10)
			if err != nil {
				fail(err)
				return
			}
			comments, err := db.Comments(ctx, domain.CommentTarget{AxisID: ax.ID, AxisSlug: ax.Slug}, 1, 20)
			if err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(&b, "%s\n%s\n%d indicators\n", ax.Name.AR, ax.Description.AR, len(inds))
			for _, m := range meetings.Items {
				fmt.Fprintf(&b, "%d %s\n", m.ID, m.Title.AR)
			}
			for _, a := range agreements {
				fmt.Fprintf(&b, "%d %s\n", a.ID, a.Subject.AR)
			}
			for _, e := range exps {
				fmt.Fprintf(&b, "%d %s\n", e.ID, e.Title.AR)
			}
			for _, c := range commits {
				fmt.Fprintf(&b, "%d %s\n", c.ID, c.Title.AR)
			}
			for _, c := range comments.Items {
				fmt.Fprintf(&b, "%s: %s\n", c.Name, c.Body)
			}
		case path == "/agreements":
			q := r.URL.Query()
			year, _ := strconv.Atoi(q.Get("year"))
			list, err := db.Agreements(ctx, store.AgreementFilter{Region: q.Get("region"), Status: q.Get("status"), Year: year, Page: 1})
			if err != nil {
				fail(err)
				return
			}
			regions, err := db.Regions(ctx)
			if err != nil {
				fail(err)
				return
			}
			axes, err := db.Axes(ctx)
			if err != nil {
				fail(err)
				return
			}
			insts, err := db.Institutions(ctx)
			if err != nil {
				fail(err)
				return
			}
			years, err := db.AgreementYears(ctx)
			if err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(&b, "%d agreements, %d regions, %d axes, %d institutions, years %v\n", list.Total, len(regions), len(axes), len(insts), years)
			for _, a := range list.Items {
				fmt.Fprintf(&b, "%d\t%s\t%s\n", a.ID, a.Subject.AR, a.Status)
			}
		case path == "/search":
			res, err := db.Search(ctx, r.URL.Query().Get("q"), 1, 20, searchBudget)
			if err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(&b, "%d results\n", res.Total)
			for _, h := range res.Items {
				fmt.Fprintf(&b, "%s %d %s %s\n", h.Kind, h.ID, h.Title.AR, h.Title.FR)
			}
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(b.Bytes())
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// startCeiling serves a fixed page of the given size (bytes of HTML-like
// text, and gzip bytes of about the size a page of that size compresses
// to) from a bare net/http handler: what serving from memory could reach
// at most on this machine, measured in the same run.
func startCeiling(identity, gzipped []byte) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := identity
		if r.URL.Path == "/gzip" {
			body = gzipped
			w.Header().Set("Content-Encoding", "gzip")
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}
