package pagecache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Channel is the PostgreSQL notification channel of public changes.
const Channel = "tachawor_public"

// Listener holds the connection listening to Channel: each notification
// invalidates the cache; Fence waits for a round trip on it.
type Listener struct {
	cache *Cache
	cfg   *pgconn.Config
	log   *slog.Logger

	mu      sync.Mutex
	conn    *pgconn.PgConn // nil while down
	waiting []chan error   // Fence calls waiting for the next round trip
	wake    chan struct{}  // a Fence call arrived
}

// NewListener prepares the listener of databaseURL for cache; Run starts it.
func NewListener(cache *Cache, databaseURL string, log *slog.Logger) (*Listener, error) {
	cfg, err := pgconn.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parsing database URL: %w", err)
	}
	cfg.RuntimeParams["application_name"] = "tachawor-listen"
	if cfg.ConnectTimeout == 0 {
		// A connection attempt that hangs is given up and tried again,
		// rather than leaving the cache off for good.
		cfg.ConnectTimeout = 10 * time.Second
	}
	l := &Listener{cache: cache, cfg: cfg, log: log, wake: make(chan struct{}, 1)}
	cfg.OnNotification = func(*pgconn.PgConn, *pgconn.Notification) { cache.Invalidate() }
	cache.SetFence(l.Fence)
	return l, nil
}

var errDown = errors.New("pagecache: the listening connection is down")

// Fence returns once every notification of the transactions committed
// before it was called has been applied, or an error when the listening
// connection is down (the caller then serves uncached).
func (l *Listener) Fence(ctx context.Context) error {
	ch := make(chan error, 1)
	l.mu.Lock()
	if l.conn == nil {
		l.mu.Unlock()
		return errDown
	}
	l.waiting = append(l.waiting, ch)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run listens until ctx ends, reconnecting after a loss. While it is not
// listening the cache serves nothing and stores nothing, and the log says
// so; once it listens again the cache starts empty.
func (l *Listener) Run(ctx context.Context) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		start := time.Now()
		err := l.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		l.log.Warn("page cache off: the listening connection is down; serving uncached until it is back", "err", err)
		if time.Since(start) > time.Minute {
			backoff = 100 * time.Millisecond
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listen runs one connection until it fails.
func (l *Listener) listen(ctx context.Context) error {
	conn, err := pgconn.ConnectConfig(ctx, l.cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+Channel).ReadAll(); err != nil {
		return err
	}
	// Notifications sent while no one listened are lost: start afresh.
	l.mu.Lock()
	l.conn = conn
	l.mu.Unlock()
	l.cache.setLive(true)
	l.log.Info("page cache on: listening for public changes")
	defer func() {
		l.cache.setLive(false)
		l.mu.Lock()
		l.conn = nil
		waiting := l.waiting
		l.waiting = nil
		l.mu.Unlock()
		for _, ch := range waiting {
			ch <- errDown
		}
	}()
	for {
		l.mu.Lock()
		batch := l.waiting
		l.waiting = nil
		l.mu.Unlock()
		// After a notification (and once connected), the round trip also
		// reads where the primary's WAL ends (cover).
		if covered := l.cache.covered(); len(batch) > 0 || !covered {
			err := l.roundTrip(ctx, conn, !covered)
			for _, ch := range batch {
				ch <- err
			}
			if err != nil {
				return err
			}
			continue
		}
		wctx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-l.wake:
				cancel()
			case <-wctx.Done():
			}
		}()
		err := conn.WaitForNotification(wctx)
		woken := wctx.Err() != nil
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && (!woken || conn.IsClosed()) {
			return err
		}
	}
}

// walEnd is where the primary's WAL ends: past the commit record of every
// transaction committed before the statement ran, asynchronous commits
// included (the insert position counts what is not yet written). At the
// very start of a page it points past the page's header, where nothing
// lies; what it returns is then the page's start, which is what a
// standby's replay position reads once it has replayed all before it.
const walEnd = `SELECT l - CASE WHEN l % seg = 40 THEN 40 WHEN l % blk = 24 THEN 24 ELSE 0 END
	FROM (SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint AS l, current_setting('wal_block_size')::bigint AS blk,
		pg_size_bytes(current_setting('wal_segment_size')) AS seg) p`

// roundTrip sends one statement on the listening connection and reads the
// answer: the server sends the notifications it holds for this connection
// before it, and OnNotification has applied them when it returns. With
// cover, the statement reads walEnd, and the cache learns that every
// notification applied before its row came covers changes committed at
// or before it: the server sends notifications only while it waits for a
// statement, or after one has run, so those before the row are of
// transactions that committed before walEnd was read.
func (l *Listener) roundTrip(ctx context.Context, conn *pgconn.PgConn, cover bool) error {
	if !cover {
		_, err := conn.Exec(ctx, "").ReadAll()
		return err
	}
	mrr := conn.Exec(ctx, walEnd)
	var gen uint64
	var value string
	for mrr.NextResult() {
		rr := mrr.ResultReader()
		if rr.NextRow() {
			gen = l.cache.gen.Load()
			value = string(rr.Values()[0])
		}
		if _, err := rr.Close(); err != nil {
			mrr.Close()
			return err
		}
	}
	if err := mrr.Close(); err != nil {
		return err
	}
	lsn, err := strconv.ParseUint(value, 10, 64)
	if err != nil {
		return fmt.Errorf("reading the primary's WAL position: %q: %w", value, err)
	}
	l.cache.cover(gen, lsn)
	return nil
}
