package localpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// clusterDir returns a fresh directory the server account can reach:
// t.TempDir() cannot serve when root, as its parent is mode 0700.
func clusterDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "localpg-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Deep enough that a Unix socket path in it would exceed the 107-byte
	// limit: the cluster must not need one.
	return filepath.Join(dir, strings.Repeat("a-rather-long-directory-name/", 4), "data")
}

type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func queryInt(t *testing.T, c *Cluster, sql string) int {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), c.URL(Database))
	if err != nil {
		t.Fatalf("connect %s: %v", c.URL(Database), err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(t.Context(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func execSQL(t *testing.T, c *Cluster, sql string) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), c.URL(Database))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func TestFindBinaries(t *testing.T) {
	dir, err := FindBinaries()
	if err != nil {
		if _, statErr := os.Stat("/usr/lib/postgresql/15/bin/pg_ctl"); statErr != nil {
			t.Skipf("no PostgreSQL here: %v", err)
		}
		t.Fatal(err)
	}
	t.Logf("binaries in %s", dir)
	if !hasServerBinaries(dir) {
		t.Fatalf("%s lacks initdb/pg_ctl/postgres", dir)
	}
	if _, err := os.Stat("/usr/lib/postgresql/15/bin/pg_ctl"); err == nil && dir != "/usr/lib/postgresql/15/bin" {
		t.Errorf("FindBinaries = %s, want /usr/lib/postgresql/15/bin", dir)
	}
}

func TestFindBinariesMissing(t *testing.T) {
	if len(debianBinDirs()) > 0 {
		t.Skip("binaries installed under /usr/lib/postgresql")
	}
	t.Setenv("PATH", t.TempDir())
	_, err := FindBinaries()
	if !errors.Is(err, ErrNoBinaries) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %q, want one line wrapping ErrNoBinaries", err)
	}
}

func TestCompareVersions(t *testing.T) {
	dirs := []string{"9.6", "15", "10", "16", "x"}
	for i := range dirs {
		for j := range dirs {
			if got, want := compareVersions(dirs[i], dirs[j]) < 0, i != j && rank(dirs[i]) < rank(dirs[j]); got != want {
				t.Errorf("compareVersions(%s, %s) < 0 = %v", dirs[i], dirs[j], got)
			}
		}
	}
}

func rank(v string) float64 {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return -1
	}
	return f
}

func TestUnreachableDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root switches to the postgres user")
	}
	// t.TempDir's parent is created with mode 0700, so postgres cannot
	// traverse it.
	_, err := Start(t.Context(), Options{Dir: filepath.Join(t.TempDir(), "data"), Fast: true})
	if err == nil || !strings.Contains(err.Error(), "cannot traverse") {
		t.Fatalf("err = %v, want a 'cannot traverse' error", err)
	}
	t.Log(err)
}

func TestStartReuseStop(t *testing.T) {
	if _, err := FindBinaries(); err != nil {
		t.Skip(err)
	}
	dir := clusterDir(t)
	opts := Options{Dir: dir, Fast: true, Log: testLog{t}}

	// Two concurrent starts: the lock lets one initialize and start the
	// server; the other finds it running.
	var (
		wg       sync.WaitGroup
		clusters [2]*Cluster
		errs     [2]error
	)
	for i := range clusters {
		wg.Go(func() { clusters[i], errs[i] = Start(t.Context(), opts) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatal(err)
	}
	owner, other := clusters[0], clusters[1]
	if !owner.Owned() {
		owner, other = other, owner
	}
	t.Cleanup(func() { owner.Stop() })
	if !owner.Owned() || other.Owned() {
		t.Fatalf("Owned() = %v, %v; want exactly one owner", clusters[0].Owned(), clusters[1].Owned())
	}
	if owner.URL(Database) != other.URL(Database) {
		t.Fatalf("URLs differ: %s, %s", owner.URL(Database), other.URL(Database))
	}
	if !strings.HasPrefix(owner.URL(Database), "postgres://postgres@127.0.0.1:") || !strings.HasSuffix(owner.URL(Database), "/tachawor?sslmode=disable") {
		t.Fatalf("URL = %s", owner.URL(Database))
	}
	if n := queryInt(t, owner, "SELECT 1"); n != 1 {
		t.Fatalf("SELECT 1 = %d", n)
	}

	// Start again from the same process: the running server is reused.
	again, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if again.Owned() || again.Port() != owner.Port() {
		t.Fatalf("second Start: Owned() = %v, port %d (want false, %d)", again.Owned(), again.Port(), owner.Port())
	}
	execSQL(t, again, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)")
	if err := again.Stop(); err != nil { // not owned: no-op
		t.Fatal(err)
	}
	if n := queryInt(t, owner, "SELECT 1"); n != 1 {
		t.Fatal("server stopped by a non-owner")
	}

	if os.Geteuid() == 0 {
		fi, err := os.Stat(owner.DataDir())
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("data directory mode %v, want 0700", fi.Mode().Perm())
		}
	}

	if err := owner.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := owner.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(owner.DataDir(), "postmaster.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("postmaster.pid after Stop: %v", err)
	}
	if conn, err := owner.connect(t.Context(), "postgres"); err == nil {
		conn.Close(context.Background())
		t.Fatal("server still answers after Stop")
	}

	// A server that fails to start: the error tells why, from the log.
	bad := opts
	bad.Settings = []string{"no_such_setting=1"}
	if _, err := Start(t.Context(), bad); err == nil || !strings.Contains(err.Error(), `unrecognized configuration parameter "no_such_setting"`) {
		t.Fatalf("Start with a bad setting: err = %v, want the log's complaint", err)
	} else {
		t.Logf("bad start: %v", err)
	}

	// A stale postmaster.pid naming a live process that is not postgres
	// (this test) must not prevent the restart.
	stale := strconv.Itoa(os.Getpid()) + "\n" + owner.DataDir() + "\n0\n" + strconv.Itoa(owner.Port()) + "\n\n127.0.0.1\n0 0\nready\n"
	if err := os.WriteFile(filepath.Join(owner.DataDir(), "postmaster.pid"), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}

	restarted, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restarted.Stop() })
	if !restarted.Owned() {
		t.Fatal("restart: Owned() = false")
	}
	if restarted.Port() != owner.Port() {
		t.Errorf("restart: port %d, want the recorded %d", restarted.Port(), owner.Port())
	}
	if n := queryInt(t, restarted, "SELECT n FROM kept"); n != 42 {
		t.Fatalf("kept = %d, want 42", n)
	}
	if err := restarted.Stop(); err != nil {
		t.Fatal(err)
	}
}

// TestStopAtExit starts a cluster in a child process that then kills
// itself with SIGKILL: the watcher must stop the server and remove Dir.
func TestStopAtExit(t *testing.T) {
	if dir := os.Getenv("LOCALPG_TEST_CHILD_DIR"); dir != "" {
		if err := StopAtExit(dir, true); err != nil {
			fmt.Println("ERROR", err)
			os.Exit(1)
		}
		c, err := Start(context.Background(), Options{Dir: dir, Fast: true})
		if err != nil {
			fmt.Println("ERROR", err)
			os.Exit(1)
		}
		fmt.Println("PORT", c.Port())
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	if _, err := FindBinaries(); err != nil {
		t.Skip(err)
	}
	dir := clusterDir(t)
	cmd := osexec.Command(os.Args[0], "-test.run=^TestStopAtExit$", "-test.count=1")
	cmd.Env = append(os.Environ(), "LOCALPG_TEST_CHILD_DIR="+dir)
	start := time.Now()
	out, _ := cmd.Output()
	t.Logf("child ran %v", time.Since(start))
	defer func() { t.Logf("cleaned up %v after start", time.Since(start)) }()
	var port int
	if _, err := fmt.Sscanf(string(out), "PORT %d", &port); err != nil {
		t.Fatalf("child: %s", out)
	}
	c := &Cluster{port: port}
	for deadline := time.Now().Add(20 * time.Second); ; {
		_, statErr := os.Stat(dir)
		conn, connErr := c.connect(t.Context(), "postgres")
		if connErr == nil {
			conn.Close(context.Background())
		}
		if errors.Is(statErr, os.ErrNotExist) && connErr != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("20s after the child died: dir stat: %v, connect: %v", statErr, connErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
