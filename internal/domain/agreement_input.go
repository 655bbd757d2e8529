package domain

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// AgreementInput is a partnership agreement as staff record it: what the
// form edits, the store saves and the audit log compares.
type AgreementInput struct {
	Subject        Text             `form:"subject"`
	Summary        Text             `form:"summary"`
	Parties        []PartyInput     `form:"party"`
	SignedOn       *time.Time       `form:"signed_on"`
	MeetingID      int64            `form:"meeting"` // 0: signed outside a meeting
	RegionID       int16            `form:"region"`  // 0: national, bound to no region
	ProvinceIDs    []int32          `form:"provinces"`
	AxisIDs        []int32          `form:"axes"`
	FieldIDs       []int32          `form:"fields"`
	DurationMonths *int             `form:"duration"`
	Status         string           `form:"status"`
	Milestones     []MilestoneInput `form:"milestone"`
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

// Problems checks an agreement against its rules (those the database also
// enforces, and those it cannot: two distinct parties or more, provinces of
// the chosen region) and returns, by form field name, the message ID of
// each problem. Rows are named by their place in the slices: party-0-…,
// milestone-0-….
func (a AgreementInput) Problems(provinceRegion map[int32]int16) map[string]string {
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

	if len(a.Parties) < 2 {
		set("party", "agreement_form_parties_min")
	}
	seen := map[int32]bool{}
	for i, party := range a.Parties {
		row := "party-" + strconv.Itoa(i) + "-"
		switch {
		case party.InstitutionID == 0:
			set(row+"institution", "agreement_form_party_choose")
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
	for _, id := range a.ProvinceIDs {
		region, ok := provinceRegion[id]
		switch {
		case !ok:
			set("provinces", "error_choose")
		case a.RegionID == 0:
			set("provinces", "agreement_form_provinces_need_region")
		case region != a.RegionID:
			set("provinces", "agreement_form_province_other_region")
		}
	}
	if a.DurationMonths != nil && (*a.DurationMonths < 1 || *a.DurationMonths > 600) {
		set("duration", "agreement_form_duration_range")
	}
	if !Contains(AgreementStatuses, a.Status) {
		set("status", "error_choose")
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
