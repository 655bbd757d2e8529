package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Replicas are the PostgreSQL hot standbys a request's reads may go to
// (DB.ReadFromStandby). Each is checked every Interval: it is in use while
// it answers, is in recovery, and has replayed what the primary had
// flushed MaxLag ago; otherwise it is skipped until it is healthy again,
// and a status line in the log says which are in use whenever that
// changes. A read that fails on a standby skips it at once.
//
// The lag is measured in time without clocks across machines and without
// writing anything: each check reads where the primary's flushed WAL ends
// and keeps these positions for a while; a standby's lag is the age of the
// newest position it has replayed. An idle primary writes nothing, and a
// standby that replayed all it wrote lags by nothing.
type Replicas struct {
	primary  *pgxpool.Pool
	standbys []*standby
	maxLag   time.Duration
	interval time.Duration
	log      *slog.Logger
	next     atomic.Uint64 // round robin

	mu      sync.Mutex
	samples []walSample // the primary's flushed WAL end, oldest first
	logged  string      // the last status line
}

// walSample is where the primary's flushed WAL ended at a time.
type walSample struct {
	at  time.Time
	lsn uint64
}

type standby struct {
	r     *Replicas
	name  string // host, port and database: never the password
	pool  *pgxpool.Pool
	inUse atomic.Bool
	reads atomic.Int64

	// guarded by r.mu
	lag      time.Duration
	why      string    // why it is skipped ("" in use)
	failedAt time.Time // a read failed: checks that began before do not bring it back
}

// ReplicaOptions configure the standbys.
type ReplicaOptions struct {
	MaxConns int           // of each standby's pool (0: pgx's default)
	MaxLag   time.Duration // a standby further behind the primary is skipped
	Interval time.Duration // between health checks (0: DefaultCheckInterval)
	Log      *slog.Logger
}

// DefaultCheckInterval is how often the standbys are checked.
const DefaultCheckInterval = 250 * time.Millisecond

// standbyConnectTimeout bounds a connection attempt to a standby whose URL
// sets none: a standby gone from the network is skipped, not waited for.
const standbyConnectTimeout = 2 * time.Second

// OpenReplicas prepares the standbys of primary at urls; Run checks them.
// It connects to none yet: until a check finds a standby healthy, every
// read goes to the primary.
func OpenReplicas(ctx context.Context, primary *pgxpool.Pool, urls []string, o ReplicaOptions) (*Replicas, error) {
	r := &Replicas{primary: primary, maxLag: o.MaxLag, interval: o.Interval, log: o.Log}
	if r.interval <= 0 {
		r.interval = DefaultCheckInterval
	}
	for i, u := range urls {
		cfg, err := poolConfig(u, PoolOptions{MaxConns: o.MaxConns})
		if err != nil {
			r.Close()
			return nil, fmt.Errorf("standby %d of DATABASE_REPLICA_URLS: %w", i+1, err)
		}
		if cfg.ConnConfig.ConnectTimeout == 0 {
			cfg.ConnConfig.ConnectTimeout = standbyConnectTimeout
		}
		s := &standby{r: r, why: "not checked yet"}
		s.name = fmt.Sprintf("%s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
		cfg.ConnConfig.Tracer = standbyTracer{s}
		if s.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
			r.Close()
			return nil, fmt.Errorf("standby %s: %w", s.name, err)
		}
		r.standbys = append(r.standbys, s)
	}
	return r, nil
}

// Close closes the standbys' pools.
func (r *Replicas) Close() {
	for _, s := range r.standbys {
		s.pool.Close()
	}
}

// Run checks the standbys every interval until ctx ends, the first time at
// once.
func (r *Replicas) Run(ctx context.Context) {
	tick := time.NewTicker(r.interval)
	defer tick.Stop()
	for {
		r.check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// StandbyStatus is what the last check found of a standby.
type StandbyStatus struct {
	Name  string
	InUse bool
	Lag   time.Duration // when it was last measured
	Why   string        // why it is skipped
	Reads int64         // requests that read from it
}

// Status returns the state of each standby.
func (r *Replicas) Status() []StandbyStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]StandbyStatus, len(r.standbys))
	for i, s := range r.standbys {
		out[i] = StandbyStatus{Name: s.name, InUse: s.inUse.Load(), Lag: s.lag, Why: s.why, Reads: s.reads.Load()}
	}
	return out
}

// check measures every standby once.
func (r *Replicas) check(ctx context.Context) {
	now := time.Now()
	cctx, cancel := context.WithTimeout(ctx, max(r.interval, time.Second))
	defer cancel()
	var flushed int64
	primaryErr := r.primary.QueryRow(cctx, `SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint`).Scan(&flushed)
	type answer struct {
		inRecovery bool
		replayed   *int64
		err        error
	}
	answers := make([]answer, len(r.standbys))
	var wg sync.WaitGroup
	for i, s := range r.standbys {
		wg.Go(func() {
			a := &answers[i]
			a.err = s.pool.QueryRow(cctx, `SELECT pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0')::bigint`).Scan(&a.inRecovery, &a.replayed)
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return // the process is stopping
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	if primaryErr == nil {
		r.samples = append(r.samples, walSample{at: now, lsn: uint64(flushed)})
	}
	// Positions older than the longest lag worth telling apart are of no use.
	horizon := now.Add(-(r.maxLag + 2*r.interval))
	keep := 0
	for keep < len(r.samples) && r.samples[keep].at.Before(horizon) {
		keep++
	}
	r.samples = r.samples[keep:]
	for i, s := range r.standbys {
		a := answers[i]
		why := ""
		switch {
		case s.failedAt.After(now):
			continue // a read failed since this check began: it stays skipped
		case a.err != nil:
			why = "does not answer: " + oneLine(a.err)
		case !a.inRecovery || a.replayed == nil:
			why = "not a standby: it is not in recovery (promoted?)"
		default:
			lag, known := lagOf(r.samples, uint64(*a.replayed), now)
			s.lag = lag
			switch {
			case known && lag <= r.maxLag:
			case primaryErr != nil:
				why = "its lag is unknown: the primary does not answer: " + oneLine(primaryErr)
			case known:
				why = fmt.Sprintf("replay %s behind the primary (REPLICA_MAX_LAG %s)", lag.Round(time.Millisecond), r.maxLag)
			default:
				why = fmt.Sprintf("replay more than %s behind the primary (REPLICA_MAX_LAG %s)", lag.Round(time.Millisecond), r.maxLag)
			}
		}
		s.why = why
		s.inUse.Store(why == "")
	}
	r.logStatusLocked()
}

// lagOf is how far behind the primary a standby that has replayed up to
// replayed is, at now: the age of the newest of the primary's positions it
// has reached. known is false when it has reached none of them: it lags
// by more than the oldest's age.
func lagOf(samples []walSample, replayed uint64, now time.Time) (lag time.Duration, known bool) {
	for i := len(samples) - 1; i >= 0; i-- {
		if samples[i].lsn <= replayed {
			return max(0, now.Sub(samples[i].at)), true
		}
	}
	if len(samples) == 0 {
		return 0, false
	}
	return now.Sub(samples[0].at), false
}

// logStatusLocked logs which standbys are in use, when that changed since
// the last line (lags that change within the limits do not count).
func (r *Replicas) logStatusLocked() {
	var inUse, skipped, key []string
	for _, s := range r.standbys {
		if s.why == "" {
			inUse = append(inUse, s.name)
		} else {
			skipped = append(skipped, s.name+" ("+s.why+")")
		}
		kind, _, _ := strings.Cut(s.why, " ")
		key = append(key, s.name+"="+kind)
	}
	line := strings.Join(key, " ")
	if line == r.logged {
		return
	}
	r.logged = line
	if len(inUse) == 0 {
		r.log.Warn("standbys in use: none; the primary serves every read", "skipped", strings.Join(skipped, "; "))
		return
	}
	r.log.Info(fmt.Sprintf("standbys in use: %d of %d", len(inUse), len(r.standbys)),
		"in_use", strings.Join(inUse, ", "), "skipped", strings.Join(skipped, "; "))
}

// fail skips s after a read failed on it, until a check that begins
// afterwards finds it healthy.
func (s *standby) fail(err error) {
	r := s.r
	r.mu.Lock()
	s.failedAt = time.Now()
	s.why = "a read failed: " + oneLine(err)
	was := s.inUse.Swap(false)
	if was {
		r.logStatusLocked()
	}
	r.mu.Unlock()
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

type readKey struct{}

// Read is a request's reads from one hot standby: every query and
// read-only transaction made with its context goes there (DB
// ReadFromStandby).
type Read struct {
	standby *standby
	lsn     uint64
	failed  atomic.Bool
}

// LSN is the WAL position the standby had replayed when the request's
// reads began (pagecache.ReadAt).
func (r *Read) LSN() uint64 { return r.lsn }

// Standby names the standby, for the log.
func (r *Read) Standby() string { return r.standby.name }

// Failed reports whether a read failed because of the standby (it went
// away, it cancelled a query that conflicted with its replay): the
// request's answer is then not to be trusted, and is to be read again
// from the primary.
func (r *Read) Failed() bool { return r.failed.Load() }

// Abandon skips the standby: it did not answer in time.
func (r *Read) Abandon(err error) {
	r.failed.Store(true)
	r.standby.fail(err)
}

// ReadFromStandby returns ctx with the request's reads sent to a healthy
// standby, taken in turn, and the Read that tells how they went; with no
// standby healthy (or none configured) it returns ctx unchanged and nil,
// and the primary serves. It reads the standby's replay position first,
// which tells that it answers.
//
// Only reads follow the context: Exec, Begin and read-write transactions
// go to the primary whatever it says.
func (db *DB) ReadFromStandby(ctx context.Context) (context.Context, *Read) {
	r := db.replicas
	if r == nil || len(r.standbys) == 0 {
		return ctx, nil
	}
	n := uint64(len(r.standbys))
	first := r.next.Add(1)
	for i := range n {
		s := r.standbys[(first+i)%n]
		if !s.inUse.Load() {
			continue
		}
		read := &Read{standby: s}
		rctx := context.WithValue(ctx, readKey{}, read)
		var replayed *int64
		err := s.pool.QueryRow(rctx, `SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint`).Scan(&replayed)
		if ctx.Err() != nil {
			return ctx, nil
		}
		if err == nil && replayed == nil {
			err = errors.New("not in recovery")
		}
		if err != nil {
			s.fail(err)
			continue
		}
		read.lsn = uint64(*replayed)
		s.reads.Add(1)
		return rctx, read
	}
	return ctx, nil
}

// WithReplicas returns a DB whose requests may read from r's standbys.
func (db *DB) WithReplicas(r *Replicas) *DB {
	c := *db
	c.replicas = r
	return &c
}

// Replicated reports whether the DB has standbys to read from.
func (db *DB) Replicated() bool { return db.replicas != nil && len(db.replicas.standbys) > 0 }

// pools sends each statement to the primary, or, for a read made with the
// context ReadFromStandby returned, to that standby. Writes go to the
// primary whatever the context: Exec, Begin, and transactions not read-only.
type pools struct{ primary *pgxpool.Pool }

func (p pools) reader(ctx context.Context) *pgxpool.Pool {
	if r, ok := ctx.Value(readKey{}).(*Read); ok {
		return r.standby.pool
	}
	return p.primary
}

func (p pools) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return p.reader(ctx).Query(ctx, sql, args...)
}

func (p pools) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return p.reader(ctx).QueryRow(ctx, sql, args...)
}

func (p pools) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return p.reader(ctx).SendBatch(ctx, b)
}

func (p pools) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return p.primary.Exec(ctx, sql, args...)
}

func (p pools) Begin(ctx context.Context) (pgx.Tx, error) { return p.primary.Begin(ctx) }

func (p pools) BeginTx(ctx context.Context, o pgx.TxOptions) (pgx.Tx, error) {
	if o.AccessMode == pgx.ReadOnly {
		return p.reader(ctx).BeginTx(ctx, o)
	}
	return p.primary.BeginTx(ctx, o)
}

// standbyTracer watches the statements sent to a standby: one failing
// because of the standby marks the request's Read failed, and one failing
// because the standby is gone or refusing sessions skips it.
type standbyTracer struct{ s *standby }

func (t standbyTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return ctx
}

func (t standbyTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryEndData) {
	t.s.note(ctx, d.Err)
}

func (t standbyTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (t standbyTracer) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	t.s.note(ctx, d.Err)
}

func (t standbyTracer) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchEndData) {
	t.s.note(ctx, d.Err)
}

func (t standbyTracer) TraceAcquireStart(ctx context.Context, _ *pgxpool.Pool, _ pgxpool.TraceAcquireStartData) context.Context {
	return ctx
}

func (t standbyTracer) TraceAcquireEnd(ctx context.Context, _ *pgxpool.Pool, d pgxpool.TraceAcquireEndData) {
	t.s.note(ctx, d.Err)
}

// note looks at the outcome of a statement of a request's Read. A request
// that gave up (its context ended) is no sign of the standby's health.
func (s *standby) note(ctx context.Context, err error) {
	if err == nil || ctx.Err() != nil {
		return
	}
	read, ok := ctx.Value(readKey{}).(*Read)
	if !ok || read.standby != s {
		return // a health check
	}
	retry, down := standbyFault(err)
	if retry {
		read.failed.Store(true)
	}
	if down {
		s.fail(err)
	}
}

// standbyFault sorts the error of a statement sent to a standby: retry,
// it is the standby's doing, and the primary would answer; down, the
// standby is gone or refuses sessions. Other errors (a statement timeout,
// bad input) the primary would give as well.
func standbyFault(err error) (retry, down bool) {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return true, true // no answer: connection refused, reset, closed
	}
	class := pe.Code
	if len(class) > 2 {
		class = class[:2]
	}
	switch {
	case pe.Code == "40001": // canceled on conflict with recovery
		return true, false
	case pe.Code == "25006": // read-only transaction: a write sent to a standby
		return true, false
	case class == "08", class == "53", class == "58", strings.HasPrefix(pe.Code, "57P"):
		// connection exception, out of resources (too many
		// connections), system error, shutting down or starting up
		return true, true
	}
	return false, false
}
