package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
)

// Invitation lifetimes.
const (
	InvitationTTL    = 7 * 24 * time.Hour // the default
	MaxInvitationTTL = 30 * 24 * time.Hour
)

// ErrInvitationInvalid is the answer for a token that matches no invitation.
var ErrInvitationInvalid = &domain.Error{Code: domain.Invalid, MessageID: "invitation_invalid"}

// newToken returns a fresh one-time token, 32 random bytes in base64url,
// and its SHA-256, what the database keeps.
func newToken() (string, []byte) {
	raw := make([]byte, 32)
	rand.Read(raw) // never fails (crypto/rand)
	h := sha256.Sum256(raw)
	return base64.RawURLEncoding.EncodeToString(raw), h[:]
}

// tokenHash returns the SHA-256 of a token's 32 bytes; false if the token
// is not one newToken makes.
func tokenHash(token string) ([]byte, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(token))
	if err != nil || len(raw) != 32 {
		return nil, false
	}
	h := sha256.Sum256(raw)
	return h[:], true
}

// readerLang is the language of the page the request was made from, for
// the e-mails it sends.
func readerLang(ctx context.Context) string { return string(i18n.FromContext(ctx).Lang) }

// CreateInvitation invites email to create an account with role (and
// regionID for a regional official), valid for ttl (InvitationTTL if 0). by
// is the inviting administrator. It returns the raw token, 32 random bytes
// in base64url, for the link the administrator hands over: only its SHA-256
// is stored, so it cannot be shown again. When the portal sends mail, the
// link is also e-mailed to the address, in the language of the page the
// administrator used.
func (a *Accounts) CreateInvitation(ctx context.Context, formToken string, by int64, email string, role domain.Role, regionID int16, ttl time.Duration) (string, domain.Invitation, error) {
	if ttl == 0 {
		ttl = InvitationTTL
	}
	if ttl < time.Minute || ttl > MaxInvitationTTL {
		return "", domain.Invitation{}, domain.Errorf(domain.Invalid, "invitation_ttl_invalid")
	}
	nu := domain.NewUser{Email: email, Role: role, RegionID: regionID}.Normalize()
	if err := nu.Validate(); err != nil {
		return "", domain.Invitation{}, err
	}
	token, h := newToken()
	mail := &store.Mail{Kind: store.MailInvitation, To: nu.Email, Lang: readerLang(ctx),
		Params: map[string]string{"token": token, "role": string(nu.Role), "expires_at": time.Now().Add(ttl).UTC().Format(time.RFC3339)}}
	inv, err := a.db.CreateInvitation(ctx, formToken, nu, h, by, ttl, mail)
	if err != nil {
		return "", domain.Invitation{}, err
	}
	return token, inv, nil
}

// Invitation returns the invitation of a token, for the page where it is
// accepted: ErrInvitationInvalid if there is none; "invitation_used",
// "invitation_revoked" (by an administrator, or its inviter disabled) or
// "invitation_expired" (code Invalid) if it can no longer be accepted.
func (a *Accounts) Invitation(ctx context.Context, token string) (domain.Invitation, error) {
	h, ok := tokenHash(token)
	if !ok {
		return domain.Invitation{}, ErrInvitationInvalid
	}
	inv, err := a.db.InvitationByToken(ctx, h)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Invitation{}, ErrInvitationInvalid
	}
	if err != nil {
		return domain.Invitation{}, err
	}
	switch inv.State(time.Now()) {
	case domain.InvitationAccepted:
		return inv, domain.Errorf(domain.Invalid, "invitation_used")
	case domain.InvitationRevoked:
		return inv, domain.Errorf(domain.Invalid, "invitation_revoked")
	case domain.InvitationExpired:
		return inv, domain.Errorf(domain.Invalid, "invitation_expired")
	}
	return inv, nil
}

// RevokeInvitation revokes the invitation id on behalf of the
// administrator by (see store.RevokeInvitation).
func (a *Accounts) RevokeInvitation(ctx context.Context, by, id int64) (domain.Invitation, error) {
	return a.db.RevokeInvitation(ctx, id, by)
}

// AcceptInvitation creates the invited account with displayName and
// password, and marks the invitation used, in one transaction: a token
// works once, even when accepted twice at the same moment, and the account
// gets the invitation's role and region, nothing else. Errors: those of
// Invitation, ValidatePassword, "display_name_too_long" and "email_taken".
func (a *Accounts) AcceptInvitation(ctx context.Context, token, displayName, password string) (domain.User, error) {
	inv, err := a.Invitation(ctx, token)
	if err != nil {
		return domain.User{}, err
	}
	displayName = strings.TrimSpace(displayName)
	if !utf8.ValidString(displayName) || utf8.RuneCountInString(displayName) > domain.MaxDisplayNameLength {
		return domain.User{}, domain.Errorf(domain.Invalid, "display_name_too_long")
	}
	if err := ValidatePassword(password, inv.Email); err != nil {
		return domain.User{}, err
	}
	hash, err := a.hash(ctx, password)
	if err != nil {
		return domain.User{}, err
	}
	h, _ := tokenHash(token)
	// The store checks again, under a row lock: the invitation may have
	// been used, revoked or have expired since it was read above, or its
	// inviter been disabled.
	return a.db.AcceptInvitation(ctx, h, displayName, hash)
}
