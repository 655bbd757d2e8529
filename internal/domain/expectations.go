package domain

import "time"

// Expectation statuses past the draft: decided ones carry a public answer.
const (
	StatusDraft          = "draft"
	StatusReceived       = "received"
	StatusUnderStudy     = "under_study"
	StatusRetained       = "retained"
	StatusPartlyRetained = "partly_retained"
	StatusNotRetained    = "not_retained"
)

// Decided reports whether status is a decision on an expectation.
func Decided(status string) bool {
	return status == StatusRetained || status == StatusPartlyRetained || status == StatusNotRetained
}

// ExpectationTransition reports whether an expectation may move from one
// status to another: a draft is submitted (received); a received one is
// taken under study or decided; one under study is decided; a decision may
// be reopened for study or revised. Nothing goes back to draft.
func ExpectationTransition(from, to string) bool {
	switch from {
	case StatusDraft:
		return to == StatusReceived
	case StatusReceived:
		return to == StatusUnderStudy || Decided(to)
	case StatusUnderStudy:
		return Decided(to)
	case StatusRetained, StatusPartlyRetained, StatusNotRetained:
		return to != from && (to == StatusUnderStudy || Decided(to))
	}
	return false
}

// ExpectationInput is an expectation as its author writes it.
type ExpectationInput struct {
	RegionID    int16   `form:"region"`
	MeetingID   int64   `form:"meeting"` // 0: not voiced at a recorded meeting
	Title       Text    `form:"title"`
	Description Text    `form:"description"`
	AxisIDs     []int32 `form:"axes"`
	FieldID     int32   `form:"field"` // 0: none
	ProvinceIDs []int32 `form:"provinces"`
	Population  Text    `form:"population"`
	Priority    int     `form:"priority"` // 1 high, 2 normal, 3 low
	// SubmittedByID is the institution on whose behalf it is submitted (0: the region's officials).
	SubmittedByID int32 `form:"submitted_by"`
}

// Problems returns, by form field, the message ID of each problem.
func (e ExpectationInput) Problems() map[string]string {
	p := map[string]string{}
	if e.RegionID == 0 {
		p["region"] = "error_required"
	}
	if e.Title.Empty() {
		p["title_ar"] = "expectation_error_title"
	}
	long(p, "title", e.Title, ShortText)
	long(p, "description", e.Description, LongText)
	long(p, "population", e.Population, ShortText)
	if len(e.AxisIDs) == 0 {
		p["axes"] = "expectation_error_axes"
	}
	if e.Priority < 1 || e.Priority > 3 {
		p["priority"] = "error_choose"
	}
	return p
}

// Decision is staff's answer to an expectation.
type Decision struct {
	Status        string
	Answer        Text
	InstitutionID int32 // in charge; required when retained, wholly or partly
}

// Problems checks a decision: a known status, a reasoned public answer for
// every decision, and the institution in charge of what is retained.
func (d Decision) Problems() map[string]string {
	p := map[string]string{}
	if d.Status != StatusUnderStudy && !Decided(d.Status) {
		p["status"] = "error_choose"
	}
	if Decided(d.Status) && d.Answer.Empty() {
		p["answer_ar"] = "expectation_error_answer"
	}
	if (d.Status == StatusRetained || d.Status == StatusPartlyRetained) && d.InstitutionID == 0 {
		p["institution"] = "expectation_error_institution"
	}
	long(p, "answer", d.Answer, LongText)
	return p
}

// Expectation is an expectation with its triage, for the lists that show it.
type Expectation struct {
	ID          int64
	RegionID    int16
	RegionSlug  string
	RegionName  Text
	MeetingID   int64
	Title       Text
	Description Text
	Status      string
	Answer      Text
	Institution Text
	Priority    int
	Axes        []Text
	CreatedAt   time.Time
	SubmittedAt *time.Time
	Version     int
	Commitments []CommitmentSummary
	Demo        bool // demonstration data
}

// CommitmentInput is a commitment of the action plan as staff write it.
type CommitmentInput struct {
	RegionID       int16      `form:"region"`
	AxisID         int32      `form:"axis"`
	Title          Text       `form:"title"`
	Description    Text       `form:"description"`
	InstitutionID  int32      `form:"institution"`
	DueOn          *time.Time `form:"due"`
	Progress       int        `form:"progress"`
	ExpectationIDs []int64    `form:"expectations"`
	AgreementIDs   []int64    `form:"agreements"` // the agreements that carry it out
}

// Problems checks a commitment.
func (c CommitmentInput) Problems() map[string]string {
	p := map[string]string{}
	if c.RegionID == 0 {
		p["region"] = "error_required"
	}
	if c.AxisID == 0 {
		p["axis"] = "error_required"
	}
	if c.Title.AR == "" {
		p["title_ar"] = "error_arabic_required"
	}
	long(p, "title", c.Title, ShortText)
	long(p, "description", c.Description, LongText)
	if c.InstitutionID == 0 {
		p["institution"] = "error_required"
	}
	if c.Progress < 0 || c.Progress > 100 {
		p["progress"] = "error_percent"
	}
	return p
}
