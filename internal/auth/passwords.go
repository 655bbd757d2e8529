package auth

import (
	"context"
	"errors"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// Reset link lifetimes.
const (
	ResetTTL    = 24 * time.Hour // the default
	MaxResetTTL = 7 * 24 * time.Hour
)

// ErrCurrentPasswordWrong refuses a password change whose current password
// does not match.
var ErrCurrentPasswordWrong = &domain.Error{Code: domain.Invalid, MessageID: "password_current_wrong"}

// ChangePassword changes the password of the user signed in on the session
// of ctx (s), from the client address ip: the current password is
// required, checked under the sign-in limits (a stolen session cannot
// guess it faster than a sign-in form could), and the new one follows
// ValidatePassword. Every other session of the user ends in the same
// transaction; this one is kept, carrying the user's new session epoch.
// Errors: ErrCurrentPasswordWrong, a *ThrottledError, those of
// ValidatePassword.
func (a *Accounts) ChangePassword(ctx context.Context, s *Sessions, ip, current, next string) error {
	addr, err := ClientAddress(ip)
	if err != nil {
		return err
	}
	u, err := a.SessionUser(ctx, s)
	if err != nil {
		return err
	}
	if u == nil {
		return ErrForbidden
	}
	if _, err := a.checkPassword(ctx, cleanEmail(u.Email), current, addr); err != nil {
		if errors.Is(err, ErrLoginFailed) {
			return ErrCurrentPasswordWrong
		}
		return err
	}
	if err := ValidatePassword(next, u.Email); err != nil {
		return err
	}
	hash, err := a.hash(ctx, next)
	if err != nil {
		return err
	}
	epoch, err := a.db.SetPassword(ctx, u.ID, hash, domain.AuditPasswordChange, u.ID, storedToken(s.Token(ctx)))
	if err != nil {
		return err
	}
	s.setEpoch(ctx, epoch)
	return nil
}

// SetPassword gives userID a new password, chosen by an operator (the
// command line: by 0) under ValidatePassword, and ends every session of
// the user.
func (a *Accounts) SetPassword(ctx context.Context, userID int64, password string, by int64) error {
	u, err := a.db.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := ValidatePassword(password, u.Email); err != nil {
		return err
	}
	hash, err := a.hash(ctx, password)
	if err != nil {
		return err
	}
	_, err = a.db.SetPassword(ctx, userID, hash, domain.AuditPasswordSet, by, "")
	return err
}

// CreatePasswordReset issues a one-time link for userID to choose a new
// password, valid for ttl (ResetTTL if 0, at most MaxResetTTL), on behalf
// of the administrator by. It returns the raw token, for the link shown to
// the administrator once (only its SHA-256 is stored); when the portal
// sends mail, the link is also e-mailed to the account, in its language.
// The account's earlier links stop working.
func (a *Accounts) CreatePasswordReset(ctx context.Context, by, userID int64, ttl time.Duration) (string, domain.PasswordReset, error) {
	if ttl == 0 {
		ttl = ResetTTL
	}
	if ttl < time.Minute || ttl > MaxResetTTL {
		return "", domain.PasswordReset{}, domain.Errorf(domain.Invalid, "password_reset_ttl_invalid")
	}
	u, err := a.db.UserByID(ctx, userID)
	if err != nil {
		return "", domain.PasswordReset{}, err
	}
	token, h := newToken()
	mail := &store.Mail{Kind: store.MailPasswordReset, To: u.Email, Lang: u.Lang,
		Params: map[string]string{"token": token, "expires_at": time.Now().Add(ttl).UTC().Format(time.RFC3339)}}
	r, err := a.db.CreatePasswordReset(ctx, userID, h, by, ttl, mail)
	if err != nil {
		return "", domain.PasswordReset{}, err
	}
	return token, r, nil
}

// PasswordReset returns the reset link of a token, for the page where a
// new password is chosen: "password_reset_invalid" (code Invalid) if there
// is none or it was superseded, "password_reset_used" or
// "password_reset_expired".
func (a *Accounts) PasswordReset(ctx context.Context, token string) (domain.PasswordReset, error) {
	invalid := domain.Errorf(domain.Invalid, "password_reset_invalid")
	h, ok := tokenHash(token)
	if !ok {
		return domain.PasswordReset{}, invalid
	}
	r, err := a.db.PasswordResetByToken(ctx, h)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return domain.PasswordReset{}, invalid
	case err != nil:
		return domain.PasswordReset{}, err
	case r.UsedAt != nil:
		return r, domain.Errorf(domain.Invalid, "password_reset_used")
	case r.RevokedAt != nil:
		return r, invalid
	case !time.Now().Before(r.ExpiresAt):
		return r, domain.Errorf(domain.Invalid, "password_reset_expired")
	}
	return r, nil
}

// ResetPassword uses the reset link of token to give its account password
// (under ValidatePassword): once only, and every session of the account
// ends. It returns the account, for the caller to sign it in. Errors:
// those of PasswordReset and ValidatePassword.
func (a *Accounts) ResetPassword(ctx context.Context, token, password string) (domain.User, error) {
	r, err := a.PasswordReset(ctx, token)
	if err != nil {
		return domain.User{}, err
	}
	if err := ValidatePassword(password, r.Email); err != nil {
		return domain.User{}, err
	}
	hash, err := a.hash(ctx, password)
	if err != nil {
		return domain.User{}, err
	}
	h, _ := tokenHash(token)
	// The store checks again under a lock: the link may have been used
	// meanwhile, or the account disabled.
	return a.db.ResetPassword(ctx, h, hash)
}
