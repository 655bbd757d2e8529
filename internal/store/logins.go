package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// LoginAttempt is one sign-in attempt.
type LoginAttempt struct {
	At        time.Time
	Email     string // as typed; stored lower-cased
	IP        string // an address or an IPv6 /64 prefix, as PostgreSQL's inet reads it
	Succeeded bool
	Throttled bool  // refused by the rate limit before any password check
	UserID    int64 // the account signed in, when Succeeded
}

// LoginCounts are the failed sign-in attempts the limits weigh for one
// account from one client address. Throttled attempts never count.
type LoginCounts struct {
	// Pair: failures for the account from the address since
	// LoginWindows.Short, after that address last signed the account in.
	Pair int
	// Address: failures from the address since LoginWindows.Short,
	// whatever the account.
	Address int
	// Account: failures for the account from any address since
	// LoginWindows.Account, after its last successful sign-in.
	Account int
	// LastFailure is the latest of Account's failures (zero if none).
	LastFailure time.Time
	// Known: the address signed the account in since LoginWindows.Known.
	Known bool
}

// LoginWindows are the start times of the periods LoginCounts covers.
type LoginWindows struct {
	Short, Account, Known time.Time
}

// Keys of the transaction-scoped advisory locks of BeginLoginAttempt
// (the two-integer key space, which never meets the one-integer keys that
// golang-migrate takes).
const (
	lockLoginAccount = 0x54434831 // "TCH1"
	lockLoginAddress = 0x54434832 // "TCH2"
)

// BeginLoginAttempt records a sign-in attempt for email from ip before its
// password is checked, in one step with the check of the limits, so that
// concurrent attempts always see each other: under transaction-scoped
// advisory locks on the account and on the address (taken in that order,
// so that two attempts never wait for each other in a cycle), it counts
// the failures (LoginCounts) and asks decide whether the attempt may go on.
// decide returns 0 to go on: the attempt is then recorded as a failure, to
// be marked successful by SucceedLoginAttempt once the password matched,
// and its id is returned. Otherwise decide returns how long to wait; the
// attempt is recorded as throttled and that wait returned.
//
// The locks are held only for these few statements, never while the
// password is hashed.
func (db *DB) BeginLoginAttempt(ctx context.Context, email, ip string, w LoginWindows, decide func(LoginCounts) time.Duration) (id int64, wait time.Duration, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	err = db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2)), pg_advisory_xact_lock($3, hashtext(network($4::inet)::text))`,
			lockLoginAccount, email, lockLoginAddress, ip); err != nil {
			return fmt.Errorf("locking sign-in attempts: %w", err)
		}
		var c LoginCounts
		var last *time.Time
		err := tx.QueryRow(ctx, `
			WITH pair_success AS (
			  SELECT coalesce(max(id), 0) AS id FROM login_attempts
			  WHERE email_lower = $1 AND ip = $2::inet AND succeeded AND at >= $3),
			account_success AS (
			  SELECT coalesce(max(id), 0) AS id FROM login_attempts
			  WHERE email_lower = $1 AND succeeded AND at >= $4),
			account_failures AS (
			  SELECT a.at FROM login_attempts a, account_success s
			  WHERE a.email_lower = $1 AND a.at >= $4 AND NOT a.succeeded AND NOT a.throttled AND a.id > s.id)
			SELECT
			  (SELECT count(*) FROM login_attempts a, pair_success s
			   WHERE a.email_lower = $1 AND a.ip = $2::inet AND a.at >= $3 AND NOT a.succeeded AND NOT a.throttled AND a.id > s.id),
			  (SELECT count(*) FROM login_attempts
			   WHERE ip = $2::inet AND at >= $3 AND NOT succeeded AND NOT throttled),
			  (SELECT count(*) FROM account_failures),
			  (SELECT max(at) FROM account_failures),
			  EXISTS (SELECT 1 FROM login_attempts WHERE email_lower = $1 AND ip = $2::inet AND succeeded AND at >= $5)`,
			email, ip, w.Short, w.Account, w.Known).Scan(&c.Pair, &c.Address, &c.Account, &last, &c.Known)
		if err != nil {
			return fmt.Errorf("counting failed sign-in attempts: %w", err)
		}
		if last != nil {
			c.LastFailure = *last
		}
		wait = decide(c)
		err = tx.QueryRow(ctx, `
			INSERT INTO login_attempts (email_lower, ip, succeeded, throttled)
			VALUES ($1, $2::inet, false, $3) RETURNING id`, email, ip, wait > 0).Scan(&id)
		if err != nil {
			return fmt.Errorf("recording sign-in attempt: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	if wait > 0 {
		return 0, wait, nil
	}
	return id, 0, nil
}

// SucceedLoginAttempt marks the attempt id, begun by BeginLoginAttempt, as
// the successful sign-in of userID, who signed in reading lang ("ar" or
// "fr"; "" keeps the user's language).
func (db *DB) SucceedLoginAttempt(ctx context.Context, id, userID int64, lang string) error {
	tag, err := db.pool.Exec(ctx, `
		WITH attempt AS (UPDATE login_attempts SET succeeded = true, user_id = $2 WHERE id = $1 AND NOT throttled RETURNING id),
		     reader AS (UPDATE users SET lang = $3 WHERE id = $2 AND $3 IN ('ar', 'fr') AND lang <> $3)
		SELECT 1 FROM attempt`, id, userID, lang)
	if err != nil {
		return fmt.Errorf("recording a successful sign-in: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("recording a successful sign-in: attempt %d not found", id)
	}
	return nil
}

// LoginAttempts returns the latest sign-in attempts for an address, newest
// first.
func (db *DB) LoginAttempts(ctx context.Context, email string, limit int) ([]LoginAttempt, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT at, email_lower, abbrev(ip), succeeded, throttled, coalesce(user_id, 0)
		FROM login_attempts WHERE email_lower = lower($1)
		ORDER BY at DESC, id DESC LIMIT $2`, strings.TrimSpace(email), limit)
	if err != nil {
		return nil, fmt.Errorf("listing sign-in attempts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (LoginAttempt, error) {
		var a LoginAttempt
		err := row.Scan(&a.At, &a.Email, &a.IP, &a.Succeeded, &a.Throttled, &a.UserID)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing sign-in attempts: %w", err)
	}
	return out, nil
}

// DeleteLoginAttempts removes the attempts older than before (they only
// matter to the rate limit for hours, and to an investigation for months).
func (db *DB) DeleteLoginAttempts(ctx context.Context, before time.Time) (int64, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM login_attempts WHERE at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("deleting old sign-in attempts: %w", err)
	}
	return tag.RowsAffected(), nil
}
