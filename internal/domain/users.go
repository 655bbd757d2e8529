package domain

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
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
// and the name. Case is kept: addresses are compared case-insensitively.
func (n NewUser) Normalize() NewUser {
	n.Email = strings.TrimSpace(n.Email)
	n.DisplayName = strings.TrimSpace(n.DisplayName)
	return n
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

// EmailProblem returns the message ID of what is wrong with an email address
// ("email_required", "email_invalid"), "" when it is a plain address such as
// name@example.org.
func EmailProblem(email string) string {
	if email == "" {
		return "email_required"
	}
	if len(email) > MaxEmailLength || !utf8.ValidString(email) || strings.ContainsAny(email, " \t\r\n<>") {
		return "email_invalid"
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return "email_invalid"
	}
	at := strings.LastIndexByte(email, '@')
	if at < 1 || at == len(email)-1 {
		return "email_invalid"
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
}

// Usable reports whether the invitation can still be accepted at now.
func (i *Invitation) Usable(now time.Time) bool {
	return i.UsedAt == nil && now.Before(i.ExpiresAt)
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
)
