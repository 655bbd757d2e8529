package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Mail is an e-mail to send: its kind (what the mail package composes it
// from: "invitation", "password_reset", "expectation_answered"), its
// recipient, the language it is written in ("ar" or "fr") and the values
// it shows (a link, a title ...).
type Mail struct {
	Kind   string
	To     string
	Lang   string
	Params map[string]string
}

// Kinds of mail, with the params each carries (internal/mail composes
// them).
const (
	MailInvitation          = "invitation"           // token, role, expires_at (RFC 3339)
	MailPasswordReset       = "password_reset"       // token, expires_at
	MailExpectationAnswered = "expectation_answered" // id, title, status
)

// OutboxMail is a mail waiting in the outbox.
type OutboxMail struct {
	ID int64
	Mail
	Attempts int // including the one under way
}

// SendingMail returns db with e-mail on: from then on EnqueueMail writes
// the mails it is given (without SMTP_URL the portal never calls it, and
// nothing is written).
func (db *DB) SendingMail() *DB {
	c := *db
	c.mail = true
	return &c
}

// EnqueueMail writes m into the outbox inside tx, the transaction of the
// change the mail tells about: it is sent if and only if the change is
// committed. It does nothing unless db is SendingMail.
func (db *DB) EnqueueMail(ctx context.Context, tx pgx.Tx, m Mail) error {
	if !db.mail {
		return nil
	}
	params, err := json.Marshal(m.Params)
	if err != nil {
		return fmt.Errorf("encoding mail: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO mail_outbox (kind, recipient, lang, params) VALUES ($1, $2, $3, $4::jsonb)`,
		m.Kind, m.To, m.Lang, string(params)); err != nil {
		return fmt.Errorf("queueing %s mail: %w", m.Kind, err)
	}
	return nil
}

// ClaimMail takes up to limit mails due for an attempt, oldest first, and
// leases them for lease: another worker (another portal process) skips
// them meanwhile, and should this one die, they are due again when the
// lease ends. Each claim counts as an attempt.
func (db *DB) ClaimMail(ctx context.Context, limit int, lease time.Duration) ([]OutboxMail, error) {
	rows, err := db.pool.Query(ctx, `
		UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
		WHERE id IN (SELECT id FROM mail_outbox
		             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
		             ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
		RETURNING id, kind, recipient, lang, params::text, attempts`, limit, lease.Seconds())
	if err != nil {
		return nil, fmt.Errorf("claiming mail: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (OutboxMail, error) {
		var m OutboxMail
		var params string
		if err := row.Scan(&m.ID, &m.Kind, &m.To, &m.Lang, &params, &m.Attempts); err != nil {
			return m, err
		}
		return m, json.Unmarshal([]byte(params), &m.Params)
	})
	if err != nil {
		return nil, fmt.Errorf("claiming mail: %w", err)
	}
	return out, nil
}

// MailSent marks a mail sent and forgets its values (a one-time link).
func (db *DB) MailSent(ctx context.Context, id int64) error {
	if _, err := db.pool.Exec(ctx, `UPDATE mail_outbox SET sent_at = now(), params = '{}', last_error = '' WHERE id = $1`, id); err != nil {
		return fmt.Errorf("marking mail %d sent: %w", id, err)
	}
	return nil
}

// MailFailed records a failed attempt: the mail is tried again at next,
// or, with giveUp, never again (and its values are forgotten).
func (db *DB) MailFailed(ctx context.Context, id int64, reason string, next time.Time, giveUp bool) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE mail_outbox SET last_error = left($2, 500), next_attempt_at = $3,
		       failed_at = CASE WHEN $4 THEN now() END, params = CASE WHEN $4 THEN '{}'::jsonb ELSE params END
		WHERE id = $1`, id, reason, next, giveUp)
	if err != nil {
		return fmt.Errorf("recording a failed mail %d: %w", id, err)
	}
	return nil
}

// DeleteOldMail removes the mails sent or given up before before.
func (db *DB) DeleteOldMail(ctx context.Context, before time.Time) (int64, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM mail_outbox WHERE coalesce(sent_at, failed_at) < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("deleting old mail: %w", err)
	}
	return tag.RowsAffected(), nil
}
