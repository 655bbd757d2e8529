package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Comment moderation statuses. Only approved comments reach the public.
const (
	CommentPending  = "pending"
	CommentApproved = "approved"
	CommentRejected = "rejected"
	CommentSpam     = "spam"
)

// CommentStatuses lists the statuses in the order the moderation page offers them.
var CommentStatuses = []string{CommentPending, CommentApproved, CommentRejected, CommentSpam}

// Limits of a comment, in characters.
const (
	CommentNameMax   = 100
	CommentBodyMax   = 2000
	CommentReasonMax = 500
)

// Comment limits per client address: at most CommentLimit comments within
// CommentWindow.
const (
	CommentLimit  = 5
	CommentWindow = 10 * time.Minute
)

// How long a commenter's addresses are kept after the comment is posted,
// as the privacy notice states; the portal then erases them. The network
// address serves the per-address limit and abuse reports, so it goes
// first; the e-mail address lets the ministry answer about the comment.
const (
	CommentIPRetention    = 30 * 24 * time.Hour
	CommentEmailRetention = 180 * 24 * time.Hour
)

// ErrCommentThrottled refuses a comment from an address that has posted
// CommentLimit comments within CommentWindow.
var ErrCommentThrottled = &Error{Code: Throttled, MessageID: "comment_error_rate_limit"}

// CommentTarget is what a comment is on: a meeting (MeetingID) or an axis
// (AxisID), exactly one of them. Slug and Title are filled when read back.
type CommentTarget struct {
	MeetingID int64
	AxisID    int32
	AxisSlug  string
	Title     Text
}

// Comment is a public comment as pages show it. It deliberately has no
// email: the address is stored but never read back into a view.
type Comment struct {
	ID           int64
	Target       CommentTarget
	Name         string
	Body         string
	Status       string
	RejectReason string
	CreatedAt    time.Time
	ModeratedAt  *time.Time
}

// CommentInput is a comment as a visitor submits it.
type CommentInput struct {
	Target CommentTarget
	Name   string
	Email  string
	Body   string
	IP     string // the client address as counted by the limit (see auth.ClientAddress)
}

// Normalize trims the spaces around the name and the email. The body is
// kept exactly as typed.
func (c CommentInput) Normalize() CommentInput {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	return c
}

// CommentLength is the length of a comment's body as the reader's browser
// counts it: a line break sent as CRLF is one character.
func CommentLength(body string) int {
	return utf8.RuneCountInString(strings.ReplaceAll(body, "\r\n", "\n"))
}

// Problems reports, by form field ("name", "email", "body"), the message
// ID of each problem; empty when c may be stored. Call it on a normalized
// value.
func (c CommentInput) Problems() map[string]string {
	p := map[string]string{}
	switch {
	case c.Name == "":
		p["name"] = "comment_error_name_required"
	case utf8.RuneCountInString(c.Name) > CommentNameMax:
		p["name"] = "comment_error_name_too_long"
	}
	switch EmailProblem(c.Email) {
	case "":
	case "email_required":
		p["email"] = "comment_error_email_required"
	default:
		p["email"] = "comment_error_email_invalid"
	}
	switch {
	case strings.TrimSpace(c.Body) == "":
		p["body"] = "comment_error_body_required"
	case CommentLength(c.Body) > CommentBodyMax:
		p["body"] = "comment_error_body_too_long"
	}
	return p
}

// Moderation is a moderator's decision on a comment. From is the status
// the moderator saw: a comment that changed meanwhile is not overwritten.
type Moderation struct {
	Action string // "approve", "reject" or "spam"
	From   string
	Reason string // required to reject
}

// moderationStatus maps a moderation action to the status it gives.
var moderationStatus = map[string]string{"approve": CommentApproved, "reject": CommentRejected, "spam": CommentSpam}

// Status is the status m gives a comment ("" for an unknown action).
func (m Moderation) Status() string { return moderationStatus[m.Action] }

// Problems reports, by form field ("action", "reason"), what is wrong with
// m: an unknown action, a move that is not allowed, a rejection without
// its reason or a reason too long.
func (m Moderation) Problems() map[string]string {
	p := map[string]string{}
	to := m.Status()
	switch {
	case to == "":
		p["action"] = "error_choose"
	case !CommentTransition(m.From, to):
		p["action"] = "error_transition"
	}
	if to == CommentRejected && strings.TrimSpace(m.Reason) == "" {
		p["reason"] = "comment_error_reason_required"
	}
	if utf8.RuneCountInString(m.Reason) > CommentReasonMax {
		p["reason"] = "comment_error_reason_too_long"
	}
	return p
}

// CommentTransition reports whether a comment may move from one status to
// another: any moderation may be revised (an approved comment withdrawn, a
// rejected one approved after all), but nothing goes back to pending and
// a move must change something.
func CommentTransition(from, to string) bool {
	return Contains(CommentStatuses, from) && Contains(CommentStatuses, to) && to != CommentPending && to != from
}
