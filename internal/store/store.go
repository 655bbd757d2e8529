// Package store holds every SQL statement of the portal: one file per
// aggregate, pgx directly, bound arguments only. It knows nothing of HTTP.
package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"tachawor/internal/domain"
)

// DB is the portal's database.
type DB struct {
	pool     pools     // the primary, and the standby a request reads from
	replicas *Replicas // nil: every read goes to the primary
	mail     bool      // EnqueueMail writes mails (SendingMail)
}

// New wraps a pool.
func New(pool *pgxpool.Pool) *DB { return &DB{pool: pools{primary: pool}} }

// Open connects a pool to databaseURL and checks the connection, with
// pgx's default size and no statement timeout: for the command line, the
// tests and make bench's seeding.
func Open(ctx context.Context, databaseURL string) (*pgxpool.Pool, error) {
	return OpenWith(ctx, databaseURL, PoolOptions{})
}

// PoolOptions size the portal's pool.
type PoolOptions struct {
	MaxConns int // 0: pgx's default
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, databaseURL string, o PoolOptions) (*pgxpool.Pool, error) {
	cfg, err := poolConfig(databaseURL, o)
	if err != nil {
		return nil, err
	}
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

// poolConfig is the configuration of a pool of the portal's, on the
// primary or on a standby.
func poolConfig(databaseURL string, o PoolOptions) (*pgxpool.Config, error) {
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
	if o.MaxConns > 0 {
		cfg.MaxConns = int32(o.MaxConns)
	}
	cfg.PrepareConn = applyStatementTimeout
	return cfg, nil
}

type statementTimeoutKey struct{}

// WithStatementTimeout has every query made with ctx run under PostgreSQL's
// statement_timeout d: the server cancels it past d, whatever the client
// does. Queries made with a context without it run under the server's
// default.
func WithStatementTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, statementTimeoutKey{}, d)
}

// applyStatementTimeout sets a connection's statement_timeout to what the
// acquiring context asks for, as it is taken from the pool: one round
// trip, only when the connection was last used with another setting.
func applyStatementTimeout(ctx context.Context, conn *pgx.Conn) (bool, error) {
	want := "DEFAULT"
	if d, ok := ctx.Value(statementTimeoutKey{}).(time.Duration); ok && d > 0 {
		want = strconv.FormatInt(d.Milliseconds(), 10)
	}
	data := conn.PgConn().CustomData()
	if cur, _ := data["statement_timeout"].(string); cur == want || (cur == "" && want == "DEFAULT") {
		return true, nil
	}
	if _, err := conn.Exec(ctx, "SET statement_timeout = "+want); err != nil {
		return false, err
	}
	data["statement_timeout"] = want
	return true, nil
}

// Canceled reports whether err is a query PostgreSQL cancelled: its
// statement_timeout ran out.
func Canceled(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "57014"
}

// Pool returns the pool of the primary.
func (db *DB) Pool() *pgxpool.Pool { return db.pool.primary }

// Ping reports whether the primary answers.
func (db *DB) Ping(ctx context.Context) error { return db.pool.primary.Ping(ctx) }

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
