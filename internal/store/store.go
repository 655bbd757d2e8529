// Package store holds every SQL statement of the portal: one file per
// aggregate, pgx directly, bound arguments only. It knows nothing of HTTP.
package store

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"tachawor/internal/domain"
)

// DB is the portal's database.
type DB struct {
	pool *pgxpool.Pool
	mail bool // EnqueueMail writes mails (SendingMail)
}

// New wraps a pool.
func New(pool *pgxpool.Pool) *DB { return &DB{pool: pool} }

// Open connects a pool to databaseURL and checks the connection.
func Open(ctx context.Context, databaseURL string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parsing database URL: %w", err)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "tachawor"
	cfg.ConnConfig.RuntimeParams["timezone"] = "Africa/Casablanca"
	// The list queries take optional filters as "$1 = '' OR column = $1";
	// a plan made for the values at hand folds the unused ones away and
	// uses the matching index, where a cached generic plan would not.
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("opening database pool: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connecting to the database: %w", err)
	}
	return pool, nil
}

// Pool returns the underlying pool.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.pool.Ping(ctx) }

// tx runs fn in a transaction, committed when fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.pool, fn)
}

// notFound turns pgx.ErrNoRows into domain.ErrNotFound and wraps other
// errors with what was being done.
func notFound(err error, doing string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.ErrNotFound
	}
	return fmt.Errorf("%s: %w", doing, err)
}

func sortStrings(s []string) { sort.Strings(s) }

// checkViolation turns the violation of a constraint the form should have
// caught (a foreign key to a record archived meanwhile, a unique position)
// into an invalid-input error rather than an internal one.
func checkViolation(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23503": // foreign_key_violation
			return &domain.Error{Code: domain.Invalid, MessageID: "error_reference_gone", Err: err}
		case "23505": // unique_violation
			return &domain.Error{Code: domain.Conflict, MessageID: "error_duplicate", Err: err}
		case "23514", "22001", "22003", "22007", "22008": // check, too long, out of range, bad date/time
			return &domain.Error{Code: domain.Invalid, MessageID: "error_form_invalid", Err: err}
		}
	}
	return err
}
