package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Sessions are kept in table sessions, under the SHA-256 of their token
// (as internal/auth's session manager hashes it); user_id says whose they
// are, so that all of a user's sessions end in one statement.

// FindSession returns the data of the unexpired session tokenHash; false
// if there is none.
func (db *DB) FindSession(ctx context.Context, tokenHash string) ([]byte, bool, error) {
	var b []byte
	err := db.pool.QueryRow(ctx, `SELECT data FROM sessions WHERE token = $1 AND now() < expiry`, tokenHash).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading session: %w", err)
	}
	return b, true, nil
}

// CommitSession writes the session tokenHash, of userID (0: none).
func (db *DB) CommitSession(ctx context.Context, tokenHash string, data []byte, expiry time.Time, userID int64) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO sessions (token, data, expiry, user_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, user_id = EXCLUDED.user_id`,
		tokenHash, data, expiry, nullUserID(userID))
	if err != nil {
		return fmt.Errorf("saving session: %w", err)
	}
	return nil
}

// DeleteSession removes the session tokenHash.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE token = $1`, tokenHash); err != nil {
		return fmt.Errorf("deleting session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions past their expiry (the
// session store already ignores them).
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < now()`)
	if err != nil {
		return 0, fmt.Errorf("deleting expired sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}

// endSessions ends, inside tx, every session of userID but the one whose
// token hashes to keep ("" for none): their rows are deleted and the
// user's session epoch raised, so that a session signed in before is
// refused even if a request in flight writes its row back. It returns the
// new epoch, which the kept session must carry, and how many sessions
// ended.
func endSessions(ctx context.Context, tx pgx.Tx, userID int64, keep string) (epoch int32, ended int64, err error) {
	if err := tx.QueryRow(ctx, `UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch`, userID).Scan(&epoch); err != nil {
		return 0, 0, notFound(err, "ending sessions")
	}
	tag, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token <> $2`, userID, keep)
	if err != nil {
		return 0, 0, fmt.Errorf("ending sessions: %w", err)
	}
	return epoch, tag.RowsAffected(), nil
}
