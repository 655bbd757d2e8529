package domain

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Role says what an account may do (internal/auth.Can decides).
type Role string

const (
	RoleAdmin    Role = "admin"    // administrator: everything, users and the audit log included
	RoleStaff    Role = "staff"    // ministry staff: records, publication, triage, moderation
	RoleRegional Role = "regional" // regional official: their own region's expectations only
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleStaff, RoleRegional}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Limits of account fields, also enforced by the database.
const (
	MaxEmailLength       = 254 // bytes (RFC 5321 path limit)
	MaxDisplayNameLength = 200 // characters
)

// User is a staff account. The public needs none.
type User struct {
	ID          int64
	Email       string
	DisplayName string
	Role        Role
	RegionID    int16 // the regional official's region; 0 for other roles
	DisabledAt  *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int32
	// SessionEpoch is carried by each session from its sign-in: a session
	// with another epoch was signed in before its sessions were ended.
	SessionEpoch int32
	// Lang is the language the user last signed in with ("ar" or "fr"),
	// the one of the e-mails they receive.
	Lang string
}

// Disabled reports whether the account may no longer sign in.
func (u *User) Disabled() bool { return u.DisabledAt != nil }

// Name is the display name, or the email when there is none.
func (u *User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Email
}

// NewUser is what an account is created from (by the command line, an
// administrator, or an invitation).
type NewUser struct {
	Email       string
	DisplayName string
	Role        Role
	RegionID    int16
}

// Normalize trims the spaces a form or a terminal adds around the email
// and the name, and puts the email in its one stored form
// (NormalizeEmail).
func (n NewUser) Normalize() NewUser {
	n.Email = NormalizeEmail(n.Email)
	n.DisplayName = strings.TrimSpace(n.DisplayName)
	return n
}

// NormalizeEmail gives the one form an address is stored and looked up
// in: without surrounding spaces, NFKC-normalized (fullwidth "ａｄｍｉｎ"
// becomes "admin", as the keyboard that typed it meant) and lower-cased.
func NormalizeEmail(email string) string {
	return strings.ToLower(norm.NFKC.String(strings.TrimSpace(email)))
}

// TruncateBytes cuts s to at most n bytes, never inside a character.
func TruncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Problems reports what is wrong with n, field by field ("email",
// "display_name", "role", "region"), as message IDs. It is empty when n is
// valid. Call it on a normalized value.
func (n NewUser) Problems() map[string]string {
	p := map[string]string{}
	if id := EmailProblem(n.Email); id != "" {
		p["email"] = id
	}
	if !utf8.ValidString(n.DisplayName) || utf8.RuneCountInString(n.DisplayName) > MaxDisplayNameLength {
		p["display_name"] = "display_name_too_long"
	}
	if !n.Role.Valid() {
		p["role"] = "role_invalid"
	}
	switch {
	case n.Role == RoleRegional && n.RegionID == 0:
		p["region"] = "region_required"
	case n.Role != RoleRegional && n.RegionID != 0:
		p["region"] = "region_not_allowed"
	case n.RegionID < 0:
		p["region"] = "region_unknown"
	}
	return p
}

// Validate returns the first of n's problems as an *Error (code Invalid),
// nil when there are none.
func (n NewUser) Validate() error {
	p := n.Problems()
	for _, field := range []string{"email", "display_name", "role", "region"} {
		if id, ok := p[field]; ok {
			return Errorf(Invalid, id)
		}
	}
	return nil
}

// EmailProblem returns the message ID of what is wrong with an email
// address, "" when it is a plain address such as name@example.org:
// "email_required", "email_invalid", "email_invisible" (an invisible,
// bidirectional-control or control character, which would make it look
// like another address) or "email_mixed_scripts" (letters of different
// alphabets in its local part or in one label of its domain, as in a
// Cyrillic "а" among Latin letters). Call it on a normalized address
// (NormalizeEmail).
func EmailProblem(email string) string {
	if email == "" {
		return "email_required"
	}
	if !utf8.ValidString(email) {
		return "email_invalid"
	}
	for _, r := range email {
		if invisible(r) {
			return "email_invisible"
		}
	}
	at := strings.LastIndexByte(email, '@')
	if at >= 0 {
		for _, part := range append([]string{email[:at]}, strings.Split(email[at+1:], ".")...) {
			if mixedScripts(part) {
				return "email_mixed_scripts"
			}
		}
	}
	if len(email) > MaxEmailLength || strings.ContainsAny(email, " <>") {
		return "email_invalid"
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return "email_invalid"
	}
	if at < 1 || at == len(email)-1 {
		return "email_invalid"
	}
	return ""
}

// invisible reports whether r shows nothing, or changes how the text
// around it shows: control and format characters (U+200B zero width
// space, U+202E right-to-left override, U+2066 ...), the other default
// ignorable characters (variation selectors, Hangul fillers ...) and blank
// look-alikes.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || (unicode.IsSpace(r) && r != ' ') ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Variation_Selector, r) ||
		r == '\u2800' || r == utf8.RuneError
}

// Scripts that may be mixed in one part of an address (Unicode Technical
// Standard 39, "highly restrictive"): Japanese, Chinese and Korean writing
// mix their own scripts, and Latin with them.
var scriptSets = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

// mixedScripts reports whether the letters of s belong to more than one
// script (digits and punctuation belong to none), beyond the mixes that
// scriptSets allows.
func mixedScripts(s string) bool {
	var found []string
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			continue
		}
		if name := scriptOf(r); name != "" && !slices.Contains(found, name) {
			found = append(found, name)
		}
	}
	if len(found) <= 1 {
		return false
	}
	for _, set := range scriptSets {
		if !slices.ContainsFunc(found, func(name string) bool { return !slices.Contains(set, name) }) {
			return false
		}
	}
	return true
}

// scriptOf is the Unicode script of r, "" for the Common and Inherited
// ones (punctuation, digits, combining marks shared by several scripts).
func scriptOf(r rune) string {
	if r < utf8.RuneSelf {
		if unicode.IsLetter(r) {
			return "Latin"
		}
		return ""
	}
	for name, table := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(table, r) {
			return name
		}
	}
	return ""
}

// Invitation is a one-time link an administrator hands over to create an
// account with a given role. The token itself is never stored.
type Invitation struct {
	ID        int64
	Email     string
	Role      Role
	RegionID  int16
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	UserID    int64 // the account it created, once used
	RevokedAt *time.Time
	RevokedBy int64
	// The inviting administrator.
	InviterEmail string
	InviterName  string
	// InviterGone: the inviter's account was disabled, or is no longer an
	// administrator's. The invitation then dies with it.
	InviterGone bool
}

// Invitation states, as the accounts page lists them.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationExpired  = "expired"
	InvitationRevoked  = "revoked" // by an administrator, or with its inviter's account
)

// State is where the invitation stands at now.
func (i *Invitation) State(now time.Time) string {
	switch {
	case i.UsedAt != nil:
		return InvitationAccepted
	case i.RevokedAt != nil || i.InviterGone:
		return InvitationRevoked
	case !now.Before(i.ExpiresAt):
		return InvitationExpired
	}
	return InvitationPending
}

// Usable reports whether the invitation can still be accepted at now.
func (i *Invitation) Usable(now time.Time) bool { return i.State(now) == InvitationPending }

// PasswordReset is a one-time link an administrator issues for an account
// to choose a new password. The token itself is never stored.
type PasswordReset struct {
	ID        int64
	UserID    int64
	Email     string // the account's
	CreatedBy int64  // 0: the command line
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time // superseded by a newer link
}

// AuditEntry is one line of the audit log: who did what to which record.
type AuditEntry struct {
	ID        int64
	At        time.Time
	UserID    int64  // 0 for the command line
	UserEmail string // "" for the command line
	UserName  string
	Action    string // create, update, publish, archive, restore, disable ...
	Entity    string // meeting, agreement, user ...
	EntityID  int64
	Changes   []byte // JSON
}

// Audit log actions. Features may add their own (a triage decision ...).
const (
	AuditCreate  = "create"
	AuditUpdate  = "update"
	AuditPublish = "publish"
	AuditArchive = "archive"
	AuditRestore = "restore"
	AuditDisable = "disable"
	AuditEnable  = "enable"
	AuditInvite  = "invite"
	AuditAccept  = "accept_invitation"
	AuditRevoke  = "revoke"
	// Passwords: changed by their user, set from the command line, a reset
	// link issued by an administrator, a reset link used.
	AuditPasswordChange = "password_change"
	AuditPasswordSet    = "password_set"
	AuditResetIssue     = "password_reset_issue"
	AuditReset          = "password_reset"
)
