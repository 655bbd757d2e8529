package server

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
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
		s.writeICS(w, r, fmt.Sprintf("meeting-%d.ics", m.ID), []domain.MeetingSummary{m.MeetingSummary})
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
	s.render(w, r, http.StatusOK, pages.MeetingPage(p, pages.MeetingDetail{M: m, Comments: comments}))
}

// feedSize bounds the calendar feed to the most recent meetings.
const feedSize = 500

func (s *Server) meetingsFeed(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.MeetingsForFeed(r.Context(), feedSize)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeICS(w, r, "meetings.ics", list)
}

// writeICS answers with an iCalendar file of meetings, in the reader's language.
func (s *Server) writeICS(w http.ResponseWriter, r *http.Request, filename string, meetings []domain.MeetingSummary) {
	l := string(lang(r))
	cal := ics.NewCalendarFor("Tachawor")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(tr(r, "calendar_name"))
	for _, m := range meetings {
		ev := cal.AddEvent(fmt.Sprintf("meeting-%d@tachawor", m.ID))
		ev.SetDtStampTime(m.UpdatedAt)
		ev.SetStartAt(m.StartsAt)
		ev.SetEndAt(m.StartsAt.Add(3 * time.Hour))
		title, _ := m.Title.In(l)
		region, _ := m.RegionName.In(l)
		venue, _ := m.Venue.In(l)
		ev.SetSummary(title + " — " + region)
		ev.SetLocation(venue)
		ev.SetURL(fmt.Sprintf("%s/%s/meetings/%d", s.cfg.BaseURL, l, m.ID))
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	w.Write([]byte(cal.Serialize()))
}

// attachment serves a file of a published meeting's agenda, always as a
// download with the type it was checked to be.
