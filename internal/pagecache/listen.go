package pagecache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
		if len(batch) > 0 {
			// The round trip: the server sends the notifications it
			// holds for this connection before its answer, and
			// OnNotification has applied them when Exec returns.
			_, err := conn.Exec(ctx, "").ReadAll()
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
