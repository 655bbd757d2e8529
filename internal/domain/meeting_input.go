package domain

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// MeetingInput is a meeting as staff record it: what the form edits and
// the store saves.
type MeetingInput struct {
	RegionID       int16
	SeriesPosition int // 0: not part of the series
	Title          Text
	Venue          Text
	StartsAt       time.Time
	EndsAt         *time.Time
	Format         string
	ChairID        int32 // 0: none
	Purpose        Text
	AttendeesNote  Text
	Outcomes       Text
	Minutes        Text
	AttendeeIDs    []int32
	AxisIDs        []int32
	FieldIDs       []int32
	Agenda         []AgendaInput
	Grants         []Grant
	Visits         []Visit
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

// Missing lists the bilingual fields of a meeting that have text in one
// language only, by field name and the language that lacks it: what the
// completeness indicator shows.
func (m MeetingInput) Missing() []MissingText {
	var out []MissingText
	check := func(field string, t Text) {
		switch {
		case t.AR != "" && t.FR == "":
			out = append(out, MissingText{field, "fr"})
		case t.FR != "" && t.AR == "":
			out = append(out, MissingText{field, "ar"})
		}
	}
	check("title", m.Title)
	check("venue", m.Venue)
	check("purpose", m.Purpose)
	check("attendees_note", m.AttendeesNote)
	check("outcomes", m.Outcomes)
	check("minutes", m.Minutes)
	for i, a := range m.Agenda {
		check("agenda-"+strconv.Itoa(i)+"-title", a.Title)
		check("agenda-"+strconv.Itoa(i)+"-presenter", a.Presenter)
		check("agenda-"+strconv.Itoa(i)+"-summary", a.Summary)
	}
	for i, g := range m.Grants {
		check("grant-"+strconv.Itoa(i)+"-programme", g.Programme)
	}
	for i, v := range m.Visits {
		check("visit-"+strconv.Itoa(i)+"-place", v.Place)
		check("visit-"+strconv.Itoa(i)+"-description", v.Description)
	}
	return out
}

// MissingText is a bilingual field lacking one language.
type MissingText struct {
	Field string
	Lang  string
}
