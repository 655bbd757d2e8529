package domain

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// AgreementInput is a partnership agreement as staff record it: what the
// form edits, the store saves and the audit log compares.
type AgreementInput struct {
	Subject        Text
	Summary        Text
	Parties        []PartyInput
	SignedOn       *time.Time
	MeetingID      int64 // 0: signed outside a meeting
	RegionID       int16 // 0: national, bound to no region
	ProvinceIDs    []int32
	AxisIDs        []int32
	FieldIDs       []int32
	DurationMonths *int
	Status         string
	Milestones     []MilestoneInput
}

// PartyInput is an institution party to an agreement, with what it brings.
type PartyInput struct {
	InstitutionID int32
	AmountDH      *int64
}

// MilestoneInput is a step of an agreement's follow-up.
type MilestoneInput struct {
	Title   Text
	DueOn   *time.Time
	Percent int
}

// Limits on an agreement's text, in characters.
const (
	AgreementSubjectMax = 1000
	AgreementSummaryMax = 20000
	MilestoneTitleMax   = 500
	// AgreementRowsMax bounds the parties and the milestones of one agreement.
	AgreementRowsMax = 100
)

// AgreementChoices are the records an agreement may point to: what the
// form offers (archived institutions only when the agreement already
// names them).
type AgreementChoices struct {
	Institutions map[int32]bool
	Meetings     map[int64]bool
	Regions      map[int16]bool
	Provinces    map[int32]int16 // each province's region
	Axes         map[int32]bool
	Fields       map[int32]bool
}

// Problems checks an agreement against its rules (those the database also
// enforces, and those it cannot: two distinct parties or more, provinces of
// the chosen region) and returns, by form field name, the message ID of
// each problem. Rows are named by their place in the slices: party-0-…,
// milestone-0-….
func (a AgreementInput) Problems(c AgreementChoices) map[string]string {
	p := map[string]string{}
	set := func(field, msg string) {
		if _, ok := p[field]; !ok {
			p[field] = msg
		}
	}
	text := func(field string, t Text, max int, arabic bool) {
		if arabic && t.AR == "" {
			set(field+"_ar", "error_arabic_required")
		}
		if utf8.RuneCountInString(t.AR) > max {
			set(field+"_ar", "error_too_long")
		}
		if utf8.RuneCountInString(t.FR) > max {
			set(field+"_fr", "error_too_long")
		}
	}
	text("subject", a.Subject, AgreementSubjectMax, true)
	text("summary", a.Summary, AgreementSummaryMax, false)

	if len(a.Parties) > AgreementRowsMax {
		set("parties", "agreement_form_too_many_rows")
	}
	if len(a.Parties) < 2 {
		set("parties", "agreement_form_parties_min")
	}
	seen := map[int32]bool{}
	for i, party := range a.Parties {
		row := "party-" + strconv.Itoa(i) + "-"
		switch {
		case party.InstitutionID == 0:
			set(row+"institution", "agreement_form_party_choose")
		case !c.Institutions[party.InstitutionID]:
			set(row+"institution", "error_choose")
		case seen[party.InstitutionID]:
			set(row+"institution", "agreement_form_party_twice")
		default:
			seen[party.InstitutionID] = true
		}
		if party.AmountDH != nil && *party.AmountDH < 0 {
			set(row+"amount", "agreement_form_amount_negative")
		}
	}

	if a.SignedOn != nil && (a.SignedOn.Year() < 1956 || a.SignedOn.Year() > 2100) {
		set("signed_on", "error_date_range")
	}
	if a.MeetingID != 0 && !c.Meetings[a.MeetingID] {
		set("meeting", "error_choose")
	}
	if a.RegionID != 0 && !c.Regions[a.RegionID] {
		set("region", "error_choose")
	}
	for _, id := range a.ProvinceIDs {
		region, ok := c.Provinces[id]
		switch {
		case !ok:
			set("provinces", "error_choose")
		case a.RegionID == 0:
			set("provinces", "agreement_form_provinces_need_region")
		case region != a.RegionID:
			set("provinces", "agreement_form_province_other_region")
		}
	}
	for _, id := range a.AxisIDs {
		if !c.Axes[id] {
			set("axes", "error_choose")
		}
	}
	for _, id := range a.FieldIDs {
		if !c.Fields[id] {
			set("fields", "error_choose")
		}
	}
	if a.DurationMonths != nil && (*a.DurationMonths < 1 || *a.DurationMonths > 600) {
		set("duration", "agreement_form_duration_range")
	}
	if !Contains(AgreementStatuses, a.Status) {
		set("status", "error_choose")
	}

	if len(a.Milestones) > AgreementRowsMax {
		set("milestones", "agreement_form_too_many_rows")
	}
	for i, m := range a.Milestones {
		row := "milestone-" + strconv.Itoa(i) + "-"
		text(row+"title", m.Title, MilestoneTitleMax, true)
		if m.DueOn != nil && (m.DueOn.Year() < 1956 || m.DueOn.Year() > 2100) {
			set(row+"due", "error_date_range")
		}
		if m.Percent < 0 || m.Percent > 100 {
			set(row+"percent", "agreement_form_percent_range")
		}
	}
	return p
}

// Missing lists the bilingual fields of an agreement that have text in one
// language only: what the completeness indicator shows.
func (a AgreementInput) Missing() []MissingText {
	var out []MissingText
	check := func(field string, t Text) {
		switch {
		case t.AR != "" && t.FR == "":
			out = append(out, MissingText{field, "fr"})
		case t.FR != "" && t.AR == "":
			out = append(out, MissingText{field, "ar"})
		}
	}
	check("subject", a.Subject)
	check("summary", a.Summary)
	for i, m := range a.Milestones {
		check("milestone-"+strconv.Itoa(i)+"-title", m.Title)
	}
	return out
}
