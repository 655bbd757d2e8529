package domain

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// MeetingInput is a meeting as staff record it: what the form edits and
// the store saves.
type MeetingInput struct {
	RegionID       int16         `form:"region"`
	SeriesPosition int           `form:"series"` // 0: not part of the series
	Title          Text          `form:"title"`
	Venue          Text          `form:"venue"`
	StartsAt       time.Time     `form:"date"`
	EndsAt         *time.Time    `form:"end_time"`
	Format         string        `form:"format"`
	ChairID        int32         `form:"chair"` // 0: none
	Purpose        Text          `form:"purpose"`
	AttendeesNote  Text          `form:"attendees_note"`
	Outcomes       Text          `form:"outcomes"`
	Minutes        Text          `form:"minutes"`
	AttendeeIDs    []int32       `form:"attendee"`
	AxisIDs        []int32       `form:"axes"`
	FieldIDs       []int32       `form:"fields"`
	Agenda         []AgendaInput `form:"agenda"`
	Grants         []Grant       `form:"grant"`
	Visits         []Visit       `form:"visit"`
}

// AgendaInput is an agenda item; ID is 0 for a new one.
type AgendaInput struct {
	ID        int64
	Title     Text
	Presenter Text
	Summary   Text
}

// Limits on what a meeting's text fields hold, in characters.
const (
	ShortText = 500
	LongText  = 100000
)

// Problems checks a meeting against the rules the database also enforces
// and returns, by form field name, the message ID of each problem.
func (m MeetingInput) Problems() map[string]string {
	p := map[string]string{}
	need := func(field string, t Text, max int) {
		if t.AR == "" {
			p[field+"_ar"] = "error_arabic_required"
		}
		long(p, field, t, max)
	}
	if m.RegionID == 0 {
		p["region"] = "error_required"
	}
	if m.SeriesPosition < 0 || m.SeriesPosition > 12 {
		p["series"] = "meeting_error_series"
	}
	need("title", m.Title, ShortText)
	need("venue", m.Venue, ShortText)
	if m.StartsAt.IsZero() {
		p["date"] = "error_required"
	}
	if m.EndsAt != nil && !m.StartsAt.IsZero() && m.EndsAt.Before(m.StartsAt) {
		p["end_time"] = "meeting_error_end_before_start"
	}
	if !Contains(Formats, m.Format) {
		p["format"] = "error_choose"
	}
	for _, f := range []struct {
		name string
		t    Text
	}{{"purpose", m.Purpose}, {"attendees_note", m.AttendeesNote}, {"outcomes", m.Outcomes}, {"minutes", m.Minutes}} {
		long(p, f.name, f.t, LongText)
	}
	for i, a := range m.Agenda {
		row := "agenda-" + strconv.Itoa(i) + "-"
		need(row+"title", a.Title, ShortText)
		long(p, row+"presenter", a.Presenter, ShortText)
		long(p, row+"summary", a.Summary, LongText)
	}
	for i, g := range m.Grants {
		need("grant-"+strconv.Itoa(i)+"-programme", g.Programme, ShortText)
	}
	for i, v := range m.Visits {
		row := "visit-" + strconv.Itoa(i) + "-"
		need(row+"place", v.Place, ShortText)
		long(p, row+"description", v.Description, LongText)
	}
	return p
}

func long(p map[string]string, field string, t Text, max int) {
	if utf8.RuneCountInString(t.AR) > max {
		p[field+"_ar"] = "error_too_long"
	}
	if utf8.RuneCountInString(t.FR) > max {
		p[field+"_fr"] = "error_too_long"
	}
}
