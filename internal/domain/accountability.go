package domain

import "time"

// StatusChange is a step of an expectation's public history.
type StatusChange struct {
	Status string
	At     time.Time
}

// ExpectationDetail is an expectation as its public page shows it: what
// was said, where, on whose behalf, what became of it and what it led to.
type ExpectationDetail struct {
	ID           int64
	RegionSlug   string
	RegionName   Text
	Title        Text
	Description  Text
	Population   Text
	Provinces    []Text
	Axes         []Axis
	Field        Text
	Meeting      *MeetingSummary // where it was raised, when that meeting is published
	SubmittedBy  Text            // the institution it was submitted for, if recorded
	Status       string
	Answer       Text
	Institution  Text // in charge of what was retained
	History      []StatusChange
	Commitments  []CommitmentSummary
	SubmittedAt  *time.Time
	Demo         bool
	LastModified time.Time
}

// ProgressPoint is a commitment's progress as it was recorded at a moment.
type ProgressPoint struct {
	At       time.Time
	Progress int
}

// CommitmentDetail is a commitment of the action plan as its public page
// shows it.
type CommitmentDetail struct {
	CommitmentSummary
	Description  Text
	AxisSlug     string
	AxisName     Text
	Expectations []ExpectationSummary // the published ones it answers
	Milestones   []Milestone
	Progression  []ProgressPoint // oldest first
	Agreements   []AgreementSummary
	Demo         bool
	LastModified time.Time
}

// FeedEntry is something new the public may follow: a meeting published,
// an agreement signed, an answer given, a commitment's progress.
type FeedEntry struct {
	Kind       string // meeting, agreement, answer, progress
	ID         int64  // of the meeting, agreement, expectation or commitment
	Event      int64  // of the history line, for answers and progress; 0 otherwise
	At         time.Time
	Title      Text
	RegionName Text // empty for a national agreement
	Status     string
	Answer     Text
	Progress   int
	SignedOn   *time.Time
}
