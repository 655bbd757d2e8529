package server

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode"

	ics "github.com/arran4/golang-ical"

	"tachawor/internal/domain"
)

// iCalendar files (RFC 5545) of published meetings, written with
// golang-ical: lines end in CRLF and are folded at 75 octets, times are in
// UTC, each event keeps the same UID whatever changes (the meeting's id),
// and every text value is escaped by the library once calText has made it
// plain text (no carriage return nor other control character, so that
// nothing typed into a meeting can start a property of its own).

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

// writeICS answers with an iCalendar file of meetings, in the reader's
// language. A meeting whose end is not recorded has no DTEND: it then ends
// when it starts (RFC 5545, 3.6.1), rather than at an invented time.
func (s *Server) writeICS(w http.ResponseWriter, r *http.Request, filename string, meetings []domain.Meeting) {
	l := string(lang(r))
	cal := ics.NewCalendarFor("Tachawor")
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	cal.SetName(calText(tr(r, "calendar_name")))
	for _, m := range meetings {
		ev := cal.AddEvent(fmt.Sprintf("meeting-%d@tachawor", m.ID))
		ev.SetDtStampTime(m.UpdatedAt)
		ev.SetModifiedAt(m.UpdatedAt)
		ev.SetSequence(m.Version)
		ev.SetStartAt(m.StartsAt)
		if m.EndsAt != nil {
			ev.SetEndAt(*m.EndsAt)
		}
		title, _ := m.Title.In(l)
		region, _ := m.RegionName.In(l)
		venue, _ := m.Venue.In(l)
		ev.SetSummary(calText(title + " — " + region))
		ev.SetLocation(calText(venue))
		ev.SetURL(fmt.Sprintf("%s/%s/meetings/%d", s.cfg.BaseURL, l, m.ID))
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	cal.SerializeTo(w, ics.WithNewLineWindows)
}

// calText makes s a plain text value: carriage returns and the other
// control characters are dropped, line feeds kept (the library escapes
// them as \n, with backslashes, commas and semicolons).
func calText(s string) string {
	return strings.Map(func(c rune) rune {
		if c == '\n' || c == '\t' {
			return c
		}
		if unicode.IsControl(c) {
			return -1
		}
		return c
	}, s)
}
