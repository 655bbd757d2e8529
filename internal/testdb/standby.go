package testdb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/localpg"
)

// Standby is a hot standby of the test server: a second private cluster
// streaming from the first (localpg.StartStandby), made on the first call
// of GetStandby and shared by every test of the package. A test that
// pauses, stops or restarts it must not run in parallel with another test
// using it, and leaves it replaying when it ends.
type Standby struct {
	dir     string // its cluster directory
	mu      sync.Mutex
	cluster *localpg.Cluster
}

var (
	standbyOnce sync.Once
	standbyErr  error
	standby     *Standby // stopped by teardown
)

// GetStandby returns the package's standby, started on first use. It
// skips the test on a TEST_DATABASE_URL server, which this process cannot
// copy.
func GetStandby(t testing.TB) *Standby {
	t.Helper()
	s := get(t)
	if s.external {
		t.Skip("testdb: a standby needs the private test server (TEST_DATABASE_URL is set)")
	}
	standbyOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		standbyErr = startStandby(ctx, s.cluster)
	})
	if standbyErr != nil {
		t.Fatalf("testdb: starting the standby: %v", standbyErr)
	}
	return standby
}

func startStandby(ctx context.Context, primary *localpg.Cluster) error {
	dir, err := os.MkdirTemp("", "tachawor-standby-")
	if err != nil {
		return err
	}
	// When root the server runs as postgres, which must reach the directory.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	if err := localpg.StopAtExit(dir, true); err != nil {
		return err
	}
	c, err := localpg.StartStandby(ctx, primary, standbyOptions(dir))
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	standby = &Standby{dir: dir, cluster: c}
	return nil
}

func standbyOptions(dir string) localpg.Options { return localpg.Options{Dir: dir, Fast: true} }

// URL returns the URL of the database of primaryURL (one of URL's) on the
// standby, once the standby has replayed everything the primary wrote
// before the call: the database exists there.
func (s *Standby) URL(t testing.TB, primaryURL string) string {
	t.Helper()
	name, err := databaseName(primaryURL)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	s.CatchUp(t)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cluster.URL(name)
}

// CatchUp waits until the standby has replayed everything the primary had
// written when it was called.
func (s *Standby) CatchUp(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The test server commits asynchronously: what was committed may not
	// be flushed, and a standby only gets what is. A transaction of its
	// own, committed synchronously, flushes everything before it.
	var target string
	err := pgx.BeginFunc(ctx, srv.admin, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "SET LOCAL synchronous_commit = on; SELECT pg_logical_emit_message(true, 'testdb', 'catch up')")
		return err
	})
	if err == nil {
		err = srv.admin.QueryRow(ctx, "SELECT pg_current_wal_flush_lsn()::text").Scan(&target)
	}
	if err != nil {
		t.Fatalf("testdb: the primary's WAL position: %v", err)
	}
	for {
		var done bool
		err := s.admin(ctx, func(conn *pgx.Conn) error {
			return conn.QueryRow(ctx, "SELECT pg_last_wal_replay_lsn() >= $1::text::pg_lsn", target).Scan(&done)
		})
		if err == nil && done {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("testdb: the standby did not replay up to %s in a minute (%v)", target, err)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// PauseReplay stops the standby's replay (pg_wal_replay_pause): it keeps
// receiving WAL, and answering, with what it had replayed. ResumeReplay
// starts it again; a test that pauses resumes before it ends.
func (s *Standby) PauseReplay(t testing.TB) { s.exec(t, "SELECT pg_wal_replay_pause()") }

// ResumeReplay resumes the standby's replay (pg_wal_replay_resume).
func (s *Standby) ResumeReplay(t testing.TB) { s.exec(t, "SELECT pg_wal_replay_resume()") }

// Stop shuts the standby down (pg_ctl stop -m fast); Start starts it again.
func (s *Standby) Stop(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.cluster.Stop(); err != nil {
		t.Fatalf("testdb: stopping the standby: %v", err)
	}
}

// Start starts the standby again after Stop, on the same socket.
func (s *Standby) Start(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := localpg.StartStandby(context.Background(), srv.cluster, standbyOptions(s.dir))
	if err != nil {
		t.Fatalf("testdb: starting the standby again: %v", err)
	}
	if c.SocketDir() != s.cluster.SocketDir() {
		t.Fatalf("testdb: the standby came back on %s, not %s", c.SocketDir(), s.cluster.SocketDir())
	}
	s.cluster = c
}

func (s *Standby) exec(t testing.TB, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.admin(ctx, func(conn *pgx.Conn) error { _, err := conn.Exec(ctx, sql); return err }); err != nil {
		t.Fatalf("testdb: %s on the standby: %v", sql, err)
	}
}

// admin runs fn on a connection to the standby's maintenance database.
func (s *Standby) admin(ctx context.Context, fn func(*pgx.Conn) error) error {
	s.mu.Lock()
	u := s.cluster.URL("postgres")
	s.mu.Unlock()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return fn(conn)
}

// databaseName is the database a URL of URL names.
func databaseName(u string) (string, error) {
	if strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://") {
		p, err := url.Parse(u)
		if err != nil {
			return "", err
		}
		return strings.TrimPrefix(p.Path, "/"), nil
	}
	return "", fmt.Errorf("%q is not a URL of testdb.URL", u)
}
