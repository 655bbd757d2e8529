// Package domain holds the nouns of the portal (regions, axes, meetings,
// agreements, expectations ...), their validation and the errors that carry
// a code and a message ID. It imports nothing of the project's own.
package domain

import (
	"errors"
	"fmt"
)

// Text is a field written in both languages. Arabic is the reference
// language; French may be missing.
type Text struct {
	AR string
	FR string
}

// In returns the value in lang ("ar" or "fr") and the language it is actually
// in: the other language when lang's value is empty.
func (t Text) In(lang string) (value, in string) {
	if lang == "fr" {
		if t.FR != "" {
			return t.FR, "fr"
		}
		return t.AR, "ar"
	}
	if t.AR != "" {
		return t.AR, "ar"
	}
	return t.FR, "fr"
}

// Empty reports whether neither language has a value.
func (t Text) Empty() bool { return t.AR == "" && t.FR == "" }

// Code classifies an error for the reader and for the HTTP status.
type Code string

const (
	Invalid   Code = "invalid"
	NotFound  Code = "not_found"
	Conflict  Code = "conflict"
	Forbidden Code = "forbidden"
	TooLarge  Code = "too_large"
	Throttled Code = "throttled"
	Internal  Code = "internal"
)

// Error is an error the reader is told about: Code picks the status, and
// MessageID the localized text.
type Error struct {
	Code      Code
	MessageID string
	Err       error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.MessageID, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.MessageID)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error.
func Errorf(code Code, messageID string) *Error { return &Error{Code: code, MessageID: messageID} }

// ErrNotFound is returned when a record does not exist or is not visible to
// the reader.
var ErrNotFound = &Error{Code: NotFound, MessageID: "error_not_found"}

// ErrorCode returns the code of err: "" for no error, Internal when it
// carries none.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the message ID of err, a generic one when it carries none.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.MessageID != "" {
		return e.MessageID
	}
	return "error_internal"
}

// Publication states of meetings, agreements and commitments.
const (
	Draft     = "draft"
	Published = "published"
	Archived  = "archived"
)

// Meeting formats.
var Formats = []string{"in_person", "remote", "hybrid"}

// Agreement statuses.
var AgreementStatuses = []string{"signed", "in_progress", "completed", "suspended"}

// Expectation statuses, in the order of triage.
var ExpectationStatuses = []string{"received", "under_study", "retained", "partly_retained", "not_retained"}

// Contains reports whether list holds s.
func Contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ErrVersionConflict is returned when a record changed since the form that
// edits it was opened: the second save is refused, never merged silently.
var ErrVersionConflict = &Error{Code: Conflict, MessageID: "error_version_conflict"}

// Transition returns the audit action that moves a record from one
// publication state to another, and whether the move is allowed: drafts
// are published or archived, published records unpublished (back to
// draft) or archived, archived records restored as drafts.
func Transition(from, to string) (string, bool) {
	switch {
	case from == Draft && to == Published:
		return "publish", true
	case from == Published && to == Draft:
		return "unpublish", true
	case (from == Draft || from == Published) && to == Archived:
		return "archive", true
	case from == Archived && to == Draft:
		return "restore", true
	}
	return "", false
}
