package localpg

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	osexec "os/exec"
	"os/user"
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
	// limit: the socket then goes to a temporary directory.
	return filepath.Join(dir, strings.Repeat("a-rather-long-directory-name/", 4), "data")
}

// shortClusterDir is a cluster directory shallow enough for its socket
// to live in Dir/run.
func shortClusterDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "lpg-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "data")
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
	if want := "postgres://postgres@/tachawor?host=" + url.QueryEscape(owner.SocketDir()) + "&port=5432&sslmode=disable"; owner.URL(Database) != want {
		t.Fatalf("URL = %s, want %s", owner.URL(Database), want)
	}
	if !strings.HasPrefix(owner.SocketDir(), os.TempDir()) {
		t.Errorf("socket in %s: a deep Dir should put it in a temporary directory", owner.SocketDir())
	}
	if n := queryInt(t, owner, "SELECT 1"); n != 1 {
		t.Fatalf("SELECT 1 = %d", n)
	}

	// Start again from the same process: the running server is reused.
	again, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if again.Owned() || again.SocketDir() != owner.SocketDir() {
		t.Fatalf("second Start: Owned() = %v, socket %s (want false, %s)", again.Owned(), again.SocketDir(), owner.SocketDir())
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
	if _, err := os.Stat(owner.SocketDir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary socket directory left after Stop: %v", err)
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
	stale := strconv.Itoa(os.Getpid()) + "\n" + owner.DataDir() + "\n0\n5432\n" + owner.SocketDir() + "\n\n0 0\nready\n"
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
		fmt.Println("SOCKET", c.SocketDir())
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
	var socket string
	if _, err := fmt.Sscanf(string(out), "SOCKET %s", &socket); err != nil {
		t.Fatalf("child: %s", out)
	}
	c := &Cluster{socketDir: socket}
	for deadline := time.Now().Add(20 * time.Second); ; {
		_, statErr := os.Stat(dir)
		conn, connErr := c.connect(t.Context(), "postgres")
		if connErr == nil {
			conn.Close(context.Background())
		}
		_, sockErr := os.Stat(socket)
		if errors.Is(statErr, os.ErrNotExist) && connErr != nil && errors.Is(sockErr, os.ErrNotExist) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("20s after the child died: dir stat: %v, connect: %v, socket directory: %v", statErr, connErr, sockErr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestTakeOverAfterOwnerKilled: a portal killed with SIGKILL leaves its
// server running; the next Start takes it over, and its Stop stops it.
func TestTakeOverAfterOwnerKilled(t *testing.T) {
	if dir := os.Getenv("LOCALPG_TEST_KILLED_OWNER_DIR"); dir != "" {
		c, err := Start(context.Background(), Options{Dir: dir, Fast: true})
		if err != nil || !c.Owned() {
			fmt.Println("ERROR", err)
			os.Exit(1)
		}
		fmt.Println("STARTED")
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	if _, err := FindBinaries(); err != nil {
		t.Skip(err)
	}
	dir := shortClusterDir(t)
	if err := StopAtExit(dir, false); err != nil { // should this test die
		t.Fatal(err)
	}
	cmd := osexec.Command(os.Args[0], "-test.run=^TestTakeOverAfterOwnerKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(), "LOCALPG_TEST_KILLED_OWNER_DIR="+dir)
	if out, _ := cmd.Output(); !strings.HasPrefix(string(out), "STARTED") {
		t.Fatalf("child: %s", out)
	}
	pid := postmasterPID(t, dir)
	if !processAlive(pid) {
		t.Fatal("the killed owner's server is not running")
	}

	c, err := Start(t.Context(), Options{Dir: dir, Fast: true, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop() })
	if !c.Owned() {
		t.Fatal("the server of a killed owner was not taken over")
	}
	if n := queryInt(t, c, "SELECT 1"); n != 1 {
		t.Fatal("SELECT 1")
	}
	// A third process (a command run meanwhile) uses it without owning it.
	other, err := Start(t.Context(), Options{Dir: dir, Fast: true})
	if err != nil || other.Owned() {
		t.Fatalf("with a living owner: Owned %v, %v", other != nil && other.Owned(), err)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if conn, err := c.connect(t.Context(), "postgres"); err == nil {
		conn.Close(context.Background())
		t.Fatal("the taken-over server still runs after Stop")
	}
	if processAlive(pid) {
		t.Error("the old postmaster still runs")
	}
}

func postmasterPID(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "pgdata", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	return pid
}

// TestClusterIsPrivate: the server listens on no TCP port, only on a
// socket in a directory of mode 0700, its pg_hba.conf admits that socket
// alone, and another local account is refused.
func TestClusterIsPrivate(t *testing.T) {
	if url := os.Getenv("LOCALPG_TEST_CONNECT_URL"); url != "" {
		conn, err := pgx.Connect(context.Background(), url)
		if err == nil {
			var n int
			conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_database").Scan(&n)
			fmt.Println("CONNECTED", n)
			os.Exit(0)
		}
		fmt.Println("REFUSED", err)
		os.Exit(0)
	}
	if _, err := FindBinaries(); err != nil {
		t.Skip(err)
	}
	dir := shortClusterDir(t)
	c, err := Start(t.Context(), Options{Dir: dir, Fast: true, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop() })
	if c.SocketDir() != filepath.Join(dir, "run") {
		t.Errorf("socket in %s, want %s", c.SocketDir(), filepath.Join(dir, "run"))
	}
	fi, err := os.Stat(c.SocketDir())
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("socket directory: %v, %v; want mode 0700", fi, err)
	}
	conn, err := pgx.Connect(t.Context(), c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var listen string
	if err := conn.QueryRow(t.Context(), "SHOW listen_addresses").Scan(&listen); err != nil || listen != "" {
		t.Errorf("listen_addresses = %q, %v; want none", listen, err)
	}
	var hba int
	if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM pg_hba_file_rules WHERE type <> 'local' OR error IS NOT NULL").Scan(&hba); err != nil || hba != 0 {
		t.Errorf("pg_hba.conf has %d rules beyond the local socket (%v)", hba, err)
	}

	if os.Geteuid() != 0 {
		t.Skip("not root: another local account cannot be created to check that it is refused (as root, the test creates one with useradd)")
	}
	const probe = "tachawor-probe"
	if _, err := user.Lookup(probe); err != nil {
		if out, err := osexec.Command("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", probe).CombinedOutput(); err != nil {
			t.Fatalf("useradd: %v: %s", err, out)
		}
		t.Cleanup(func() { osexec.Command("userdel", probe).Run() })
	}
	u, err := user.Lookup(probe)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	// The test binary, where the other account can run it.
	binDir, err := os.MkdirTemp("", "localpg-probe-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(binDir) })
	os.Chmod(binDir, 0o755)
	bin := filepath.Join(binDir, "probe.test")
	if out, err := osexec.Command("cp", os.Args[0], bin).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v: %s", err, out)
	}
	os.Chmod(bin, 0o755)
	for name, target := range map[string]string{
		"the private socket":  c.URL("postgres"),
		"TCP on the loopback": "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=2",
	} {
		cmd := osexec.Command(bin, "-test.run=^TestClusterIsPrivate$", "-test.count=1")
		cmd.Dir = "/"
		cmd.Env = []string{"LOCALPG_TEST_CONNECT_URL=" + target, "HOME=/", "PATH=/usr/bin:/bin"}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}}
		out, err := cmd.CombinedOutput()
		t.Logf("%s as %s: %s", name, probe, strings.TrimSpace(string(out)))
		if err != nil || !strings.HasPrefix(string(out), "REFUSED") {
			t.Errorf("%s: user %s was not refused: %v %s", name, probe, err, out)
		}
	}
	// Root, as the portal runs when root, still connects.
	if n := queryInt(t, c, "SELECT 1"); n != 1 {
		t.Fatal("root cannot connect")
	}
}

// TestStartReportsFailures: a server that never accepts connections, or a
// database that cannot be created, is an error of Start, and the server it
// started is stopped again.
func TestStartReportsFailures(t *testing.T) {
	if _, err := FindBinaries(); err != nil {
		t.Skip(err)
	}
	dir := shortClusterDir(t)
	old := readyTimeout
	readyTimeout = 3 * time.Second
	t.Cleanup(func() { readyTimeout = old })
	for _, c := range []struct {
		setting, want string
	}{
		// Every new session fails: the server never becomes ready.
		{"session_preload_libraries=no_such_library", "waiting for the server to accept connections"},
		// CREATE DATABASE is refused.
		{"default_transaction_read_only=on", "creating database tachawor"},
	} {
		_, err := Start(t.Context(), Options{Dir: dir, Fast: true, Settings: []string{c.setting}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("with %s: Start = %v, want an error about %q", c.setting, err, c.want)
		}
		t.Logf("with %s: %.200s", c.setting, err)
		if _, err := os.Stat(filepath.Join(dir, "pgdata", "postmaster.pid")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("with %s: the server was left running (%v)", c.setting, err)
		}
	}
	// And with neither, it starts.
	c, err := Start(t.Context(), Options{Dir: dir, Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Stop()
}
