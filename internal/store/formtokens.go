package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/domain"
)

// AlreadyCreated is the error of a create whose form token was used
// already: the same form was posted twice, and ID is the record the first
// post created.
type AlreadyCreated struct {
	Entity string
	ID     int64
}

func (e *AlreadyCreated) Error() string {
	return fmt.Sprintf("%s %d was already created by this form", e.Entity, e.ID)
}

// errTokenEntity refuses a token a form of another kind claimed.
var errTokenEntity = &domain.Error{Code: domain.Invalid, MessageID: "form_error_token"}

// created claims a create form's one-time token for entity inside tx, then
// runs create (which returns the new record's ID) and records the ID
// against the token. Two posts of one form, even at the same moment, create
// one record: the second waits for the first's transaction and then gets
// *AlreadyCreated. An empty token (the command line, tests) claims nothing.
func created(ctx context.Context, tx pgx.Tx, token, entity string, create func() (int64, error)) (int64, error) {
	if token != "" {
		tag, err := tx.Exec(ctx, `INSERT INTO form_tokens (token, entity) VALUES ($1, $2) ON CONFLICT (token) DO NOTHING`, token, entity)
		if err != nil {
			return 0, fmt.Errorf("claiming the form token: %w", err)
		}
		if tag.RowsAffected() == 0 {
			var kind string
			var id *int64
			err := tx.QueryRow(ctx, `SELECT entity, entity_id FROM form_tokens WHERE token = $1`, token).Scan(&kind, &id)
			if err != nil {
				return 0, fmt.Errorf("reading the form token: %w", err)
			}
			if kind != entity || id == nil {
				return 0, errTokenEntity
			}
			return 0, &AlreadyCreated{Entity: entity, ID: *id}
		}
	}
	id, err := create()
	if err != nil || token == "" {
		return id, err
	}
	if _, err := tx.Exec(ctx, `UPDATE form_tokens SET entity_id = $2 WHERE token = $1`, token, id); err != nil {
		return 0, fmt.Errorf("recording the form token: %w", err)
	}
	return id, nil
}

// PurgeFormTokens forgets the tokens of forms older than age: a form left
// open longer than that and posted again creates a second record.
func (db *DB) PurgeFormTokens(ctx context.Context, age time.Duration) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM form_tokens WHERE created_at < now() - make_interval(secs => $1)`, age.Seconds()); err != nil {
		return fmt.Errorf("purging form tokens: %w", err)
	}
	return nil
}

// IsAlreadyCreated reports whether err is an *AlreadyCreated, and which.
func IsAlreadyCreated(err error) (*AlreadyCreated, bool) {
	var ac *AlreadyCreated
	ok := errors.As(err, &ac)
	return ac, ok
}
