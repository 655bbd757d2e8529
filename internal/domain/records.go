package domain

import "time"

// Region is one of the Kingdom's twelve regions. TileCol and TileRow place
// it on the tile map.
type Region struct {
	ID      int16
	Slug    string
	Name    Text
	TileCol int
	TileRow int
}

// Province is a province or prefecture of a region.
type Province struct {
	ID       int32
	RegionID int16
	Slug     string
	Kind     string // prefecture or province
	Name     Text
}

// Institution is a ministry, agency, council or other party.
type Institution struct {
	ID         int32
	Slug       string
	Name       Text
	Short      string
	SocialPole bool
}

// Strategy is the ministry's strategy for a period.
type Strategy struct {
	ID        int32
	Slug      string
	Title     Text
	Summary   Text
	FirstYear int
	LastYear  int
}

// Axis is one dimension of the strategy.
type Axis struct {
	ID          int32
	Slug        string
	Position    int
	Name        Text
	Description Text
	Objectives  Text
	Demo        bool
}

// Field is a field of cooperation (social emergency assistance, childhood ...).
type Field struct {
	ID   int32
	Slug string
	Name Text
}

// Indicator measures an axis: a baseline, a target per year and the latest value.
type Indicator struct {
	ID       int32
	Slug     string
	AxisSlug string
	AxisName Text
	Name     Text
	Unit     Text
	// UnitKey names the catalogue's plural message of the unit
	// (unit_<key>), "" when there is none.
	UnitKey      string
	Baseline     float64
	BaselineYear int
	Latest       *float64
	LatestYear   *int
	Targets      []Target
	Demo         bool
}

// Target is the value an indicator should reach in a year.
type Target struct {
	Year  int
	Value float64
}

// FinalTarget returns the target of the last year, or the baseline when no
// target is set.
func (i Indicator) FinalTarget() float64 {
	if len(i.Targets) == 0 {
		return i.Baseline
	}
	return i.Targets[len(i.Targets)-1].Value
}

// Progress is how far the latest value has gone from the baseline towards
// the final target, in percent between 0 and 100.
func (i Indicator) Progress() int {
	if i.Latest == nil {
		return 0
	}
	span := i.FinalTarget() - i.Baseline
	if span == 0 {
		return 100
	}
	p := (*i.Latest - i.Baseline) / span * 100
	switch {
	case p < 0:
		return 0
	case p > 100:
		return 100
	}
	return int(p + 0.5)
}

// Official is a person who takes part in meetings, with their position.
type Official struct {
	ID          int32
	Name        Text
	Title       Text
	Institution Text
}

// MeetingSummary is what a list of meetings shows of each.
type MeetingSummary struct {
	ID             int64
	RegionSlug     string
	RegionName     Text
	SeriesPosition int // 0 when not part of the series
	Title          Text
	Venue          Text
	StartsAt       time.Time
	Format         string
	State          string
	UpdatedAt      time.Time
}

// Meeting is a regional consultation meeting with everything recorded of it.
type Meeting struct {
	MeetingSummary
	EndsAt        *time.Time
	Chair         *Official
	Purpose       Text
	AttendeesNote Text
	Outcomes      Text
	Minutes       Text
	Attendees     []Official
	Agenda        []AgendaItem
	Grants        []Grant
	Visits        []Visit
	Agreements    []AgreementSummary
	Axes          []Axis
	Fields        []Field
	Demo          bool
	DemoNote      Text
	Version       int
	Previous      *MeetingSummary // in the series
	Next          *MeetingSummary
}

// AgendaItem is a presentation or item of a meeting's agenda.
type AgendaItem struct {
	ID          int64
	Title       Text
	Presenter   Text
	Summary     Text
	Attachments []Attachment
}

// Attachment is a file attached to an agenda item.
type Attachment struct {
	ID          int64
	Filename    string
	ContentType string
	Size        int
}

// Grant is support handed out at a meeting.
type Grant struct {
	Programme     Text
	Beneficiaries *int
	AmountDH      *int64
}

// Visit is a field visit made on the occasion of a meeting.
type Visit struct {
	Place       Text
	Description Text
}

// AgreementSummary is what a list of agreements shows of each.
type AgreementSummary struct {
	ID         int64
	Subject    Text
	SignedOn   *time.Time
	Status     string
	RegionSlug string
	RegionName Text
	Parties    []Text
	State      string
	UpdatedAt  time.Time
}

// Agreement is a partnership agreement.
type Agreement struct {
	AgreementSummary
	Summary        Text
	MeetingID      *int64
	MeetingTitle   Text
	DurationMonths *int
	Parties        []Party
	Axes           []Axis
	Fields         []Field
	Provinces      []Province
	Milestones     []Milestone
	Demo           bool
	DemoNote       Text
	Version        int
}

// Party is an institution party to an agreement, with its contribution.
type Party struct {
	Institution Institution
	AmountDH    *int64
}

// Milestone is a step in following up an agreement or a commitment.
type Milestone struct {
	Title   Text
	DueOn   *time.Time
	Percent int
	DoneOn  *time.Time // the day it reached 100 % (commitments' milestones)
}

// ExpectationSummary is what public lists show of an expectation.
type ExpectationSummary struct {
	ID         int64
	RegionSlug string
	RegionName Text
	Title      Text
	Status     string
	Answer     Text
}

// CommitmentSummary is what public lists show of a commitment.
type CommitmentSummary struct {
	ID          int64
	RegionSlug  string
	RegionName  Text
	Title       Text
	Institution Text
	DueOn       *time.Time
	Progress    int
	State       string
}
