package auth

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// Sign-in limits. Failures are counted in PostgreSQL (table
// login_attempts), so the limits hold across every portal process, and an
// attempt is recorded in the same step as the check (store.BeginLoginAttempt),
// so concurrent guesses cost no more password checks than the limits allow.
//
//   - One client address may fail LimitPerAccountAddress times for one
//     account within LimitWindow (counted since that address last signed
//     the account in), and LimitPerAddress times whatever the accounts.
//   - Across addresses an account is slowed, never locked, so that a
//     stranger cannot keep its owner out: past AccountSlowAfter failures
//     since its last successful sign-in (within AccountWindow), each
//     attempt waits for a delay after the latest failure that starts at one
//     second and doubles with every further failure, up to MaxAccountDelay.
//     An address that signed the account in within AttemptRetention is not
//     slowed at all.
const (
	LimitWindow            = 15 * time.Minute
	LimitPerAccountAddress = 5
	LimitPerAddress        = 20 // an IPv4 address, or an IPv6 /64
	AccountSlowAfter       = 10
	AccountWindow          = 24 * time.Hour
	MaxAccountDelay        = 5 * time.Minute
)

// ThrottledError is the refusal of an attempt by the limits: it is
// ErrLoginThrottled (errors.Is), with the time to wait before trying
// again. Its message says which limit refused: "login_throttled" (the
// address's, 15 minutes) or "login_slowed" (the account's, seconds to
// minutes).
type ThrottledError struct {
	RetryAfter time.Duration
	Slowed     bool // the account is slowed down, not the address limited
}

var errLoginSlowed = &domain.Error{Code: domain.Throttled, MessageID: "login_slowed"}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v (retry after %v)", e.Unwrap(), e.RetryAfter.Round(time.Second))
}

// Is makes every refusal by the limits ErrLoginThrottled.
func (e *ThrottledError) Is(target error) bool { return target == ErrLoginThrottled }

// Unwrap gives the refusal's message.
func (e *ThrottledError) Unwrap() error {
	if e.Slowed {
		return errLoginSlowed
	}
	return ErrLoginThrottled
}

// RetryAfter is how long err (a refusal by the sign-in limits) asks to
// wait, rounded up to the second; 0 for any other error.
func RetryAfter(err error) time.Duration {
	var te *ThrottledError
	if !errors.As(err, &te) {
		return 0
	}
	return te.RetryAfter.Truncate(time.Second) + time.Second
}

// Limiter applies the sign-in limits.
type Limiter struct {
	db  *store.DB
	now func() time.Time
}

// NewLimiter counts attempts in db.
func NewLimiter(db *store.DB) *Limiter { return &Limiter{db: db, now: time.Now} }

// begin records an attempt for email (cleaned) from addr (a ClientAddress)
// and says whether its password may be checked: it returns the attempt's
// id to mark successful, or a *ThrottledError.
func (l *Limiter) begin(ctx context.Context, email, addr string) (int64, error) {
	now := l.now()
	w := store.LoginWindows{Short: now.Add(-LimitWindow), Account: now.Add(-AccountWindow), Known: now.Add(-AttemptRetention)}
	slowed := false
	id, wait, err := l.db.BeginLoginAttempt(ctx, email, addr, w, func(c store.LoginCounts) time.Duration {
		wait, s := l.wait(c, now)
		slowed = s
		return wait
	})
	if err != nil {
		return 0, err
	}
	if wait > 0 {
		return 0, &ThrottledError{RetryAfter: wait, Slowed: slowed}
	}
	return id, nil
}

// wait is how long an attempt with the counts c must wait at now (0: it
// may go on), and whether that is the account's slowing down.
func (l *Limiter) wait(c store.LoginCounts, now time.Time) (time.Duration, bool) {
	if c.Pair >= LimitPerAccountAddress || c.Address >= LimitPerAddress {
		return LimitWindow, false
	}
	if c.Known || c.Account < AccountSlowAfter {
		return 0, false
	}
	return c.LastFailure.Add(AccountDelay(c.Account)).Sub(now), true
}

// AccountDelay is the wait after the latest failure once an account has
// failed failures times across addresses: 0 below AccountSlowAfter, then
// one second doubling with each failure, up to MaxAccountDelay.
func AccountDelay(failures int) time.Duration {
	n := failures - AccountSlowAfter
	switch {
	case n < 0:
		return 0
	case n >= 20:
		return MaxAccountDelay
	}
	return min(time.Second<<n, MaxAccountDelay)
}

// ClientAddress reduces a client address ("192.0.2.1", "[2001:db8::1]:443",
// r.RemoteAddr ...) to what the limits count by: the IPv4 address, or the
// /64 network of an IPv6 address (one subscriber usually has a whole /64).
func ClientAddress(ip string) (string, error) {
	s := strings.TrimSpace(ip)
	var a netip.Addr
	if ap, err := netip.ParseAddrPort(s); err == nil {
		a = ap.Addr()
	} else if a, err = netip.ParseAddr(strings.Trim(s, "[]")); err != nil {
		return "", fmt.Errorf("client address %q is not an IP address", ip)
	}
	a = a.WithZone("").Unmap()
	if a.Is4() {
		return a.String(), nil
	}
	return netip.PrefixFrom(a, 64).Masked().String(), nil
}

// cleanEmail makes whatever was typed as an email safe to store and look
// up, in the form accounts are stored in (domain.NormalizeEmail): valid
// UTF-8, no NUL, at most 254 bytes. No account has an address that
// needed cleaning, so such an attempt simply fails.
func cleanEmail(email string) string {
	email = strings.ReplaceAll(strings.ToValidUTF8(email, "\uFFFD"), "\x00", "")
	return domain.TruncateBytes(domain.NormalizeEmail(email), domain.MaxEmailLength)
}
