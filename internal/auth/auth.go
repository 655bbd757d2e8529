// Package auth holds passwords, sessions, roles and the one policy function
// that says who may do what.
//
//   - Passwords are hashed with argon2id (HashPassword, CheckPassword) and
//     chosen under NIST rules: 8 to 128 characters, no composition rules,
//     not a common password, not the email (ValidatePassword).
//   - Sessions (Sessions) live in PostgreSQL through alexedwards/scs, with a
//     new token at sign-in, idle and absolute timeouts and a server-side
//     sign-out.
//   - Accounts signs users in (rate-limited per account and per address in
//     PostgreSQL, every attempt recorded, the same answer for an unknown
//     account, a wrong password and a disabled account), creates accounts
//     and handles one-time invitations.
//   - Can decides, for a user, an Action and a record's region, whether it
//     is allowed.
package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// Sign-in errors. ErrLoginFailed is the one answer for an unknown account,
// a wrong password and a disabled account.
var (
	ErrLoginFailed    = &domain.Error{Code: domain.Invalid, MessageID: "login_failed"}
	ErrLoginThrottled = &domain.Error{Code: domain.Throttled, MessageID: "login_throttled"}
)

// AttemptRetention is how long sign-in attempts are kept for investigation.
const AttemptRetention = 90 * 24 * time.Hour

// Accounts signs users in and creates their accounts.
type Accounts struct {
	db      *store.DB
	limiter *Limiter
	// hashing bounds concurrent argon2id computations (19 MiB each), so a
	// burst of sign-ins queues instead of exhausting memory.
	hashing chan struct{}
	// onVerify, if set, is called at each password verification (tests
	// count them).
	onVerify func()
}

// NewAccounts works on db. Create one per process: it bounds the
// concurrent password hashing of that process.
func NewAccounts(db *store.DB) *Accounts {
	dummyHash() // computed now, so the first unknown account is not refused faster
	return &Accounts{
		db:      db,
		limiter: NewLimiter(db),
		hashing: make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
	}
}

func (a *Accounts) acquire(ctx context.Context) error {
	select {
	case a.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *Accounts) release() { <-a.hashing }

// Authenticate signs in email with password from the client address ip
// (see ClientAddress). It returns a *ThrottledError (errors.Is
// ErrLoginThrottled) when the limits refuse the attempt, before any
// password check; ErrLoginFailed for an unknown account, a wrong password
// or a disabled account, all three taking the same time. Every attempt is
// recorded.
func (a *Accounts) Authenticate(ctx context.Context, email, password, ip string) (domain.User, error) {
	addr, err := ClientAddress(ip)
	if err != nil {
		return domain.User{}, err
	}
	return a.checkPassword(ctx, cleanEmail(email), password, addr)
}

// checkPassword is a sign-in attempt under the limits: email (cleaned)
// with password from addr (a ClientAddress).
func (a *Accounts) checkPassword(ctx context.Context, email, password, addr string) (domain.User, error) {
	attempt, err := a.limiter.begin(ctx, email, addr)
	if err != nil {
		return domain.User{}, err
	}
	// No account has a longer password; bound the hashing work.
	password = truncateRunes(password, MaxPasswordLength+1)
	u, hash, err := a.db.UserCredentials(ctx, email)
	known := err == nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return domain.User{}, err
	}
	if !known {
		hash = dummyHash()
	}
	match, err := a.verify(ctx, password, hash)
	if err != nil {
		return domain.User{}, err
	}
	if !known || !match || u.Disabled() {
		return domain.User{}, ErrLoginFailed
	}
	if err := a.db.SucceedLoginAttempt(ctx, attempt, u.ID, readerLang(ctx)); err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// verify compares a password with a hash, within the bound on concurrent
// hashing.
func (a *Accounts) verify(ctx context.Context, password, hash string) (bool, error) {
	if err := a.acquire(ctx); err != nil {
		return false, err
	}
	defer a.release()
	if a.onVerify != nil {
		a.onVerify()
	}
	return CheckPassword(password, hash)
}

// CreateUser creates an account after checking it and its password; by is
// the administrator creating it (0 for the command line).
func (a *Accounts) CreateUser(ctx context.Context, token string, nu domain.NewUser, password string, by int64) (domain.User, error) {
	nu = nu.Normalize()
	if err := nu.Validate(); err != nil {
		return domain.User{}, err
	}
	if err := ValidatePassword(password, nu.Email); err != nil {
		return domain.User{}, err
	}
	hash, err := a.hash(ctx, password)
	if err != nil {
		return domain.User{}, err
	}
	return a.db.CreateUser(ctx, token, nu, hash, by)
}

func (a *Accounts) hash(ctx context.Context, password string) (string, error) {
	if err := a.acquire(ctx); err != nil {
		return "", err
	}
	defer a.release()
	return HashPassword(password)
}

// SessionUser returns the user of the request's session, nil for the
// public. A session whose account was disabled or removed, or that signed
// in before the account's sessions were ended (a password changed or
// reset), is ended here.
func (a *Accounts) SessionUser(ctx context.Context, s *Sessions) (*domain.User, error) {
	id := s.UserID(ctx)
	if id == 0 {
		return nil, nil
	}
	u, err := a.db.UserByID(ctx, id)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && (u.Disabled() || u.SessionEpoch != s.epoch(ctx))) {
		if err := s.SignOut(ctx); err != nil {
			return nil, fmt.Errorf("ending the session of a disabled account: %w", err)
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

type userKey struct{}

// WithUser returns ctx carrying the signed-in user (nil for the public).
func WithUser(ctx context.Context, u *domain.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the user WithUser put in ctx, nil for the public.
func UserFrom(ctx context.Context) *domain.User {
	u, _ := ctx.Value(userKey{}).(*domain.User)
	return u
}

// LoadUser is the middleware, placed after s.LoadAndSave, that reads the
// session's user once per request (SessionUser) and puts it in the request
// context (UserFrom). onError answers when the user cannot be read.
func (a *Accounts) LoadUser(s *Sessions, onError func(http.ResponseWriter, *http.Request, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, err := a.SessionUser(r.Context(), s)
			if err != nil {
				onError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(WithUser(r.Context(), u)))
		})
	}
}

// Cleanup deletes expired sessions and sign-in attempts older than
// AttemptRetention.
func (a *Accounts) Cleanup(ctx context.Context) error {
	if _, err := a.db.DeleteExpiredSessions(ctx); err != nil {
		return err
	}
	_, err := a.db.DeleteLoginAttempts(ctx, time.Now().Add(-AttemptRetention))
	return err
}

// RunCleanup calls Cleanup every interval until ctx is done, reporting
// errors to onError (which may be nil).
func (a *Accounts) RunCleanup(ctx context.Context, every time.Duration, onError func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.Cleanup(ctx); err != nil && onError != nil && ctx.Err() == nil {
				onError(err)
			}
		}
	}
}

// truncateRunes returns s cut after n runes.
func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
