package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// SetPassword gives userID the argon2id hash passwordHash and ends every
// session of the user but the one whose token hashes to keep ("" for
// none), in one transaction with its audit line (action, by userID or by,
// 0 for the command line). Pending reset links of the user die with the
// old password. It returns the user's new session epoch, which the kept
// session must carry.
func (db *DB) SetPassword(ctx context.Context, userID int64, passwordHash, action string, by int64, keep string) (int32, error) {
	var epoch int32
	err := db.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, updated_at = now(), updated_by = $3 WHERE id = $1`,
			userID, passwordHash, nullUserID(by))
		if err != nil {
			return accountError(err, "setting password")
		}
		if tag.RowsAffected() != 1 {
			return domain.ErrNotFound
		}
		e, ended, err := endSessions(ctx, tx, userID, keep)
		if err != nil {
			return err
		}
		epoch = e
		revoked, err := revokeResets(ctx, tx, userID)
		if err != nil {
			return err
		}
		return Audit(ctx, tx, by, action, "user", userID, map[string]any{"sessions_ended": ended, "reset_links_revoked": revoked})
	})
	return epoch, err
}

// revokeResets revokes the pending reset links of userID.
func revokeResets(ctx context.Context, tx pgx.Tx, userID int64) (int64, error) {
	tag, err := tx.Exec(ctx, `UPDATE password_resets SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, userID)
	if err != nil {
		return 0, fmt.Errorf("revoking reset links: %w", err)
	}
	return tag.RowsAffected(), nil
}

const resetColumns = `r.id, r.user_id, u.email, coalesce(r.created_by, 0), r.created_at, r.expires_at, r.used_at, r.revoked_at`

func scanReset(row pgx.CollectableRow) (domain.PasswordReset, error) {
	var r domain.PasswordReset
	err := row.Scan(&r.ID, &r.UserID, &r.Email, &r.CreatedBy, &r.CreatedAt, &r.ExpiresAt, &r.UsedAt, &r.RevokedAt)
	return r, err
}

// CreatePasswordReset stores a one-time reset link for userID, valid for
// ttl, issued by by (0: the command line), with, when mail is sent and
// mail is not nil, the e-mail that carries it. Only the SHA-256 of its
// token is given. The user's earlier links are revoked. A disabled
// account gets none (Conflict "user_disabled").
func (db *DB) CreatePasswordReset(ctx context.Context, userID int64, tokenHash []byte, by int64, ttl time.Duration, mail *Mail) (domain.PasswordReset, error) {
	var reset domain.PasswordReset
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var disabled bool
		err := tx.QueryRow(ctx, `SELECT disabled_at IS NOT NULL FROM users WHERE id = $1 FOR UPDATE`, userID).Scan(&disabled)
		if err != nil {
			return notFound(err, "reading user")
		}
		if disabled {
			return domain.Errorf(domain.Conflict, "user_disabled")
		}
		if _, err := revokeResets(ctx, tx, userID); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO password_resets (token_hash, user_id, created_by, expires_at)
			VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id`,
			tokenHash, userID, nullUserID(by), ttl.Seconds()).Scan(&id); err != nil {
			return fmt.Errorf("creating reset link: %w", err)
		}
		rows, _ := tx.Query(ctx, `SELECT `+resetColumns+` FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.id = $1`, id)
		if reset, err = pgx.CollectExactlyOneRow(rows, scanReset); err != nil {
			return fmt.Errorf("reading the new reset link: %w", err)
		}
		if err := Audit(ctx, tx, by, domain.AuditResetIssue, "user", userID, map[string]any{"reset_id": id, "expires_at": reset.ExpiresAt}); err != nil {
			return err
		}
		if mail != nil {
			return db.EnqueueMail(ctx, tx, *mail)
		}
		return nil
	})
	return reset, err
}

// PasswordResetByToken returns the reset link whose token has that
// SHA-256, used, revoked or expired ones included (domain.ErrNotFound if
// there is none).
func (db *DB) PasswordResetByToken(ctx context.Context, tokenHash []byte) (domain.PasswordReset, error) {
	rows, _ := db.pool.Query(ctx, `SELECT `+resetColumns+` FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1`, tokenHash)
	r, err := pgx.CollectExactlyOneRow(rows, scanReset)
	if err != nil {
		return r, notFound(err, "reading reset link")
	}
	return r, nil
}

// ResetPassword uses the reset link whose token has that SHA-256: in one
// transaction, under a lock of the link, it gives its account the hash
// passwordHash, ends every session of the account, and marks the link
// used, audited as done by the account itself. Errors (code Invalid):
// "password_reset_invalid" (no such link, a revoked one, or a disabled
// account), "password_reset_used", "password_reset_expired".
func (db *DB) ResetPassword(ctx context.Context, tokenHash []byte, passwordHash string) (domain.User, error) {
	var user domain.User
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var r domain.PasswordReset
		var expired, disabled bool
		err := tx.QueryRow(ctx, `
			SELECT r.id, r.user_id, r.used_at, r.revoked_at, r.expires_at <= now(), u.disabled_at IS NOT NULL
			FROM password_resets r JOIN users u ON u.id = r.user_id
			WHERE r.token_hash = $1 FOR UPDATE OF r, u`, tokenHash).Scan(&r.ID, &r.UserID, &r.UsedAt, &r.RevokedAt, &expired, &disabled)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return domain.Errorf(domain.Invalid, "password_reset_invalid")
		case err != nil:
			return fmt.Errorf("reading reset link: %w", err)
		case r.UsedAt != nil:
			return domain.Errorf(domain.Invalid, "password_reset_used")
		case r.RevokedAt != nil || disabled:
			return domain.Errorf(domain.Invalid, "password_reset_invalid")
		case expired:
			return domain.Errorf(domain.Invalid, "password_reset_expired")
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, updated_at = now(), updated_by = $1 WHERE id = $1`, r.UserID, passwordHash); err != nil {
			return accountError(err, "resetting password")
		}
		_, ended, err := endSessions(ctx, tx, r.UserID, "")
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = now() WHERE id = $1`, r.ID); err != nil {
			return fmt.Errorf("marking reset link used: %w", err)
		}
		rows, _ := tx.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, r.UserID)
		if user, err = pgx.CollectExactlyOneRow(rows, scanUser); err != nil {
			return fmt.Errorf("reading user: %w", err)
		}
		return Audit(ctx, tx, r.UserID, domain.AuditReset, "user", r.UserID, map[string]any{"reset_id": r.ID, "sessions_ended": ended})
	})
	return user, err
}
