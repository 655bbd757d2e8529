package localpg

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestStandby: a standby made from a running primary is in recovery, on a
// private socket of its own, holds what the primary held, replays what the
// primary writes next, refuses writes, and once stopped and started again
// catches up on what it missed.
func TestStandby(t *testing.T) {
	if _, err := FindBinaries(); err != nil {
		t.Skip(err)
	}
	primary, err := Start(t.Context(), Options{Dir: shortClusterDir(t), Fast: true, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { primary.Stop() })
	execSQL(t, primary, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)")

	opts := Options{Dir: shortClusterDir(t), Fast: true, Log: testLog{t}}
	start := time.Now()
	standby, err := StartStandby(t.Context(), primary, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { standby.Stop() })
	t.Logf("standby made and started in %v", time.Since(start))
	if standby.SocketDir() == primary.SocketDir() || !standby.Owned() {
		t.Fatalf("standby socket %s (primary %s), owned %v", standby.SocketDir(), primary.SocketDir(), standby.Owned())
	}
	if fi, err := os.Stat(standby.SocketDir()); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("standby socket directory: %v, %v", fi, err)
	}
	if n := queryInt(t, standby, "SELECT pg_is_in_recovery()::int"); n != 1 {
		t.Fatal("the standby is not in recovery")
	}
	if n := queryInt(t, standby, "SELECT sum(n)::int FROM kept"); n != 1 {
		t.Fatalf("standby holds %d", n)
	}
	if n := queryInt(t, standby, "SELECT (current_setting('hot_standby_feedback') = 'on' AND current_setting('listen_addresses') = '')::int"); n != 1 {
		t.Fatal("standby settings")
	}

	replicated := func(want int) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); queryInt(t, standby, "SELECT coalesce(sum(n), 0)::int FROM kept") != want; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the standby did not replay the primary's writes (want %d)", want)
			}
		}
	}
	execSQL(t, primary, "INSERT INTO kept VALUES (2)")
	replicated(3)

	conn, err := pgx.Connect(t.Context(), standby.URL(Database))
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(t.Context(), "INSERT INTO kept VALUES (100)")
	conn.Close(context.Background())
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("a write on the standby: %v", err)
	}

	if err := standby.Stop(); err != nil {
		t.Fatal(err)
	}
	execSQL(t, primary, "INSERT INTO kept VALUES (4)")
	if standby, err = StartStandby(t.Context(), primary, opts); err != nil {
		t.Fatal(err)
	}
	replicated(7)
	if err := standby.Stop(); err != nil {
		t.Fatal(err)
	}
}
