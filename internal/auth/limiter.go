package auth

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"tachawor/internal/store"
)

// Sign-in limits: failed attempts allowed within LimitWindow.
const (
	LimitWindow     = 15 * time.Minute
	LimitPerAccount = 5  // per email address, since its last successful sign-in
	LimitPerAddress = 20 // per client address (an IPv6 /64)
)

// Limiter limits sign-in attempts per account and per client address. It
// counts in PostgreSQL (table login_attempts), so the limits hold across
// every portal process.
type Limiter struct {
	db  *store.DB
	now func() time.Time
}

// NewLimiter counts attempts in db.
func NewLimiter(db *store.DB) *Limiter { return &Limiter{db: db, now: time.Now} }

// Allow reports whether a sign-in for email from ip may be tried: false
// once LimitPerAccount failures for that address, or LimitPerAddress from
// that client, fell within the last LimitWindow.
func (l *Limiter) Allow(ctx context.Context, email, ip string) (bool, error) {
	addr, err := ClientAddress(ip)
	if err != nil {
		return false, err
	}
	return l.allow(ctx, cleanEmail(email), addr)
}

func (l *Limiter) allow(ctx context.Context, email, addr string) (bool, error) {
	byEmail, byIP, err := l.db.CountFailedAttempts(ctx, email, addr, l.now().Add(-LimitWindow))
	if err != nil {
		return false, err
	}
	return byEmail < LimitPerAccount && byIP < LimitPerAddress, nil
}

// Record records an attempt for email from ip, successful or not.
func (l *Limiter) Record(ctx context.Context, email, ip string, ok bool) error {
	addr, err := ClientAddress(ip)
	if err != nil {
		return err
	}
	return l.db.RecordLoginAttempt(ctx, store.LoginAttempt{Email: cleanEmail(email), IP: addr, Succeeded: ok})
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
// up: valid UTF-8, no NUL, no surrounding space, at most 254 bytes. No
// account has such an address, so the attempt simply fails.
func cleanEmail(email string) string {
	email = strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(email, "\uFFFD"), "\x00", ""))
	if len(email) > 254 {
		cut := 254
		for cut > 0 && !utf8.RuneStart(email[cut]) {
			cut--
		}
		email = email[:cut]
	}
	return email
}
