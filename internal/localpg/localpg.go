// Package localpg runs a private PostgreSQL cluster from the installed server
// binaries, for `make run` and for tests.
//
// The cluster lives in a directory of its own (Options.Dir): the data
// directory in Dir/pgdata, the server log in Dir/postgres.log, the TCP port
// in Dir/port and a lock file Dir/.lock that serializes processes starting
// the cluster at the same time. The server listens on 127.0.0.1 only, with
// trust authentication for the superuser "postgres", and with Unix-domain
// sockets disabled (socket paths are limited to 107 bytes, which a deep Dir
// easily exceeds; pg_ctl -w in PostgreSQL 10 and later waits for the
// postmaster.pid status line, not for a socket, so it does not need one).
//
// When the process runs as root, initdb, pg_ctl and postgres run as the
// "postgres" system user (PostgreSQL refuses to run as root), Dir and the
// data directory are given to that user, and every parent directory of Dir
// must be traversable by it.
package localpg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Database is the database Start creates if it does not exist, so that
// URL(Database) is usable.
const Database = "tachawor"

// Superuser is the role that owns the cluster; it authenticates by trust.
const Superuser = "postgres"

// Options configures Start.
type Options struct {
	// Dir is the root directory of the cluster, e.g. "./.data"; the cluster
	// data lives in Dir/pgdata. It is made absolute internally and created if
	// missing.
	Dir string
	// Fast trades durability for speed, for tests: initdb --no-sync and
	// -c fsync=off -c synchronous_commit=off -c full_page_writes=off.
	// Never for make run.
	Fast bool
	// Log receives the output of initdb and pg_ctl (nil = discard). The
	// server's own log always goes to Dir/postgres.log.
	Log io.Writer
	// Settings are extra server settings "name=value", each passed as -c.
	Settings []string
}

// Cluster is a running PostgreSQL server, started by this process (Owned)
// or found already running on the same data directory.
type Cluster struct {
	dir     string // absolute Options.Dir
	dataDir string // dir/pgdata
	binDir  string // "" when the server was found running
	port    int
	owned   bool
	as      *runAs
	log     io.Writer

	mu      sync.Mutex
	stopped bool
}

const (
	startTimeout   = 60 * time.Second // pg_ctl -t
	connectTimeout = 2 * time.Second  // one connection attempt
	readyTimeout   = 30 * time.Second // waiting for a server to accept connections
)

// Start starts the cluster in opts.Dir, running initdb first if the data
// directory is not initialized, and creates database Database if missing.
// If a server is already running on that data directory (for example the one
// `make run` started), Start returns a Cluster connected to it with Owned()
// false.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Dir == "" {
		return nil, errors.New("localpg: Options.Dir is empty")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: resolving %s: %w", opts.Dir, err)
	}
	as, err := currentRunAs()
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("localpg: creating cluster directory: %w", err)
	}
	if as.root {
		if err := as.checkReachable(dir); err != nil {
			return nil, fmt.Errorf("localpg: %w", err)
		}
		if err := as.chown(dir); err != nil {
			return nil, fmt.Errorf("localpg: giving %s to user %s: %w", dir, as.name, err)
		}
	}
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	c := &Cluster{dir: dir, dataDir: filepath.Join(dir, "pgdata"), as: as, log: logw}

	unlock, err := lockFile(ctx, filepath.Join(dir, ".lock"))
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	defer unlock()

	port, running, err := c.findRunning(ctx)
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	if running {
		c.port = port
		if err := c.ensureDatabase(ctx, Database); err != nil {
			return nil, fmt.Errorf("localpg: %w", err)
		}
		return c, nil
	}

	if c.binDir, err = FindBinaries(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(ctx, opts.Fast); err != nil {
			return nil, fmt.Errorf("localpg: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	} else if err := as.chownTree(c.dataDir); err != nil {
		return nil, fmt.Errorf("localpg: giving %s to user %s: %w", c.dataDir, as.name, err)
	}
	if err := os.Chmod(c.dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	if err := c.start(ctx, opts); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	c.owned = true
	if err := c.waitReady(ctx); err == nil {
		err = c.ensureDatabase(ctx, Database)
	}
	if err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("localpg: %w%s", err, c.logTail(0))
	}
	return c, nil
}

// URL returns the connection URL of a database of the cluster:
// postgres://postgres@127.0.0.1:PORT/DATABASE?sslmode=disable.
func (c *Cluster) URL(database string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(Superuser),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Owned reports whether this process started the server (and Stop stops it).
func (c *Cluster) Owned() bool { return c.owned }

// Port returns the TCP port the server listens on (127.0.0.1).
func (c *Cluster) Port() int { return c.port }

// Dir returns the absolute cluster directory (Options.Dir).
func (c *Cluster) Dir() string { return c.dir }

// DataDir returns the data directory, Dir/pgdata.
func (c *Cluster) DataDir() string { return c.dataDir }

// LogFile returns the path of the server log, Dir/postgres.log.
func (c *Cluster) LogFile() string { return filepath.Join(c.dir, "postgres.log") }

// Stop shuts the server down (pg_ctl stop -m fast, waiting until it has
// exited) if this process started it; otherwise it does nothing. Calling it
// again is a no-op.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.owned || c.stopped {
		return nil
	}
	out, err := c.run(context.Background(), "pg_ctl", "stop", "-D", c.dataDir, "-m", "fast", "-w", "-t", strconv.Itoa(int(startTimeout/time.Second)))
	if err != nil {
		if _, statErr := os.Stat(filepath.Join(c.dataDir, "postmaster.pid")); errors.Is(statErr, os.ErrNotExist) {
			c.stopped = true // already gone
			return nil
		}
		return fmt.Errorf("localpg: stopping server (pg_ctl stop): %w: %s%s", err, lastLines(out, 10), c.logTail(0))
	}
	c.stopped = true
	return nil
}

// command prepares one of the server binaries to run as the server account.
func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.binDir, name), args...)
	cmd.Dir = c.dir // the caller's working directory may be unreachable for postgres
	cmd.Env = c.as.env()
	// Should this process die, kill initdb and pg_ctl too (the postmaster
	// that pg_ctl starts runs in a session of its own and lives on: see
	// StopAtExit).
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.as.cred, Pdeathsig: syscall.SIGKILL}
	return cmd
}

// run runs a binary, copying its output to the log and returning it.
func (c *Cluster) run(ctx context.Context, name string, args ...string) (string, error) {
	if c.binDir == "" {
		var err error
		if c.binDir, err = FindBinaries(); err != nil {
			return "", err
		}
	}
	var buf bytes.Buffer
	cmd := c.command(ctx, name, args...)
	w := io.MultiWriter(&buf, c.log)
	cmd.Stdout, cmd.Stderr = w, w
	err := cmd.Run()
	return buf.String(), err
}

// initdb creates the data directory. It initializes a temporary directory
// and renames it, so an interrupted initdb never leaves a half-made pgdata.
func (c *Cluster) initdb(ctx context.Context, fast bool) error {
	if entries, err := os.ReadDir(c.dataDir); err == nil {
		if len(entries) > 0 {
			return fmt.Errorf("%s exists but is not an initialized PostgreSQL data directory (no PG_VERSION): remove it to create a new cluster", c.dataDir)
		}
		if err := os.Remove(c.dataDir); err != nil {
			return err
		}
	}
	tmp := c.dataDir + ".initdb"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("removing leftover %s: %w", tmp, err)
	}
	args := []string{"-D", tmp, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--locale=C.UTF-8"}
	if fast {
		args = append(args, "--no-sync")
	}
	out, err := c.run(ctx, "initdb", args...) // killed with us (Pdeathsig)
	if err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("creating the data directory (initdb -D %s): %w: %s", tmp, err, lastLines(out, 15))
	}
	if err := os.Rename(tmp, c.dataDir); err != nil {
		return fmt.Errorf("moving the new data directory into place: %w", err)
	}
	return nil
}

// start picks a port and runs pg_ctl start, retrying with another port if
// the chosen one was taken in the meantime.
func (c *Cluster) start(ctx context.Context, opts Options) error {
	logFile := c.LogFile()
	if err := c.as.chown(logFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("giving %s to user %s: %w", logFile, c.as.name, err)
	}
	const attempts = 3
	for attempt := 1; ; attempt++ {
		port, err := c.choosePort(attempt > 1)
		if err != nil {
			return err
		}
		c.port = port
		serverOpts := []string{
			"-p", strconv.Itoa(port),
			"-c", "listen_addresses=127.0.0.1",
			"-c", "unix_socket_directories=",
		}
		if opts.Fast {
			serverOpts = append(serverOpts, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
		}
		for _, s := range opts.Settings {
			serverOpts = append(serverOpts, "-c", s)
		}
		logStart := fileSize(logFile)
		out, err := c.run(ctx, "pg_ctl", "start", "-D", c.dataDir, "-l", logFile, "-w",
			"-t", strconv.Itoa(int(startTimeout/time.Second)), "-o", shellJoin(serverOpts))
		if err == nil {
			return nil
		}
		tail := c.logTail(logStart)
		if attempt < attempts && strings.Contains(tail, "could not bind") {
			fmt.Fprintf(c.log, "localpg: port %d was taken, trying another one\n", port)
			continue
		}
		return fmt.Errorf("starting the server (pg_ctl start, port %d): %w: %s%s", port, err, lastLines(out, 10), tail)
	}
}

// choosePort returns the port recorded in Dir/port if it is free (and
// fresh is false), else a free port, which it records.
func (c *Cluster) choosePort(fresh bool) (int, error) {
	portFile := filepath.Join(c.dir, "port")
	if !fresh {
		if b, err := os.ReadFile(portFile); err == nil {
			if p, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && p > 0 && p < 65536 && portFree(p) {
				return p, nil
			}
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free TCP port: %w", err)
	}
	p := l.Addr().(*net.TCPAddr).Port
	l.Close()
	if err := os.WriteFile(portFile, []byte(strconv.Itoa(p)+"\n"), 0o644); err != nil {
		return 0, fmt.Errorf("recording the port: %w", err)
	}
	return p, nil
}

func portFree(p int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// findRunning looks at postmaster.pid: if a server of this data directory is
// running and answers, it returns its port. A stale postmaster.pid (process
// gone, or the pid reused by another program) is removed.
func (c *Cluster) findRunning(ctx context.Context) (port int, running bool, err error) {
	pidFile := filepath.Join(c.dataDir, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if errors.Is(err, os.ErrNotExist) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, err
	}
	lines := strings.Split(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(lines[0]))
	if len(lines) > 3 {
		port, _ = strconv.Atoi(strings.TrimSpace(lines[3]))
	}
	stale := func(why string) (int, bool, error) {
		fmt.Fprintf(c.log, "localpg: removing stale %s (pid %d: %s)\n", pidFile, pid, why)
		if err := os.Remove(pidFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return 0, false, fmt.Errorf("removing stale %s: %w", pidFile, err)
		}
		return 0, false, nil
	}
	if pid <= 0 || !processAlive(pid) {
		return stale("process gone")
	}
	if !isPostgresProcess(pid) {
		return stale("process is not postgres")
	}
	if port <= 0 {
		return 0, false, fmt.Errorf("a server (pid %d) is running on %s but its postmaster.pid records no port", pid, c.dataDir)
	}
	// The process is a postgres server: wait for it to answer (it may be
	// starting or recovering), and check it serves this data directory.
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	c.port = port
	var lastErr error
	for {
		same, err := c.servesDataDir(ctx)
		if err == nil {
			if !same {
				return stale("port answered by another cluster")
			}
			return port, true, nil
		}
		lastErr = err
		if !processAlive(pid) {
			return stale("process exited")
		}
		select {
		case <-ctx.Done():
			return 0, false, fmt.Errorf("a server (pid %d) is running on %s but does not answer on 127.0.0.1:%d (%v): stop it with \"pg_ctl -D %s stop\"", pid, c.dataDir, port, lastErr, c.dataDir)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// servesDataDir connects to the server on c.port and reports whether it
// runs on c.dataDir.
func (c *Cluster) servesDataDir(ctx context.Context) (bool, error) {
	conn, err := c.connect(ctx, "postgres")
	if err != nil {
		return false, err
	}
	defer conn.Close(context.Background())
	var dataDir string
	if err := conn.QueryRow(ctx, "SELECT current_setting('data_directory')").Scan(&dataDir); err != nil {
		return false, err
	}
	theirs, err1 := os.Stat(dataDir)
	ours, err2 := os.Stat(c.dataDir)
	return err1 == nil && err2 == nil && os.SameFile(theirs, ours), nil
}

func (c *Cluster) connect(ctx context.Context, database string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(c.URL(database))
	if err != nil {
		return nil, err
	}
	cfg.ConnectTimeout = connectTimeout
	return pgx.ConnectConfig(ctx, cfg)
}

// waitReady waits until a connection succeeds.
func (c *Cluster) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	for {
		conn, err := c.connect(ctx, "postgres")
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the server to accept connections on 127.0.0.1:%d: %w", c.port, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// ensureDatabase creates a database if it does not exist.
func (c *Cluster) ensureDatabase(ctx context.Context, name string) error {
	conn, err := c.connect(ctx, "postgres")
	if err != nil {
		return fmt.Errorf("connecting to create database %s: %w", name, err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("checking for database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "42P04" { // duplicate_database
		err = nil
	}
	if err != nil {
		return fmt.Errorf("creating database %s: %w", name, err)
	}
	return nil
}

// logTail returns the end of the server log written after offset, formatted
// to be appended to an error message ("" if there is nothing).
func (c *Cluster) logTail(offset int64) string {
	f, err := os.Open(c.LogFile())
	if err != nil {
		return ""
	}
	defer f.Close()
	const max = 8 << 10
	size := fileSize(c.LogFile())
	if size-offset > max {
		offset = size - max
	}
	if offset < 0 {
		offset = 0
	}
	b, err := io.ReadAll(io.NewSectionReader(f, offset, size-offset))
	if err != nil || len(bytes.TrimSpace(b)) == 0 {
		return ""
	}
	return "\n--- end of " + c.LogFile() + " ---\n" + lastLines(string(b), 20)
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// shellJoin quotes words for /bin/sh: pg_ctl passes -o through a shell.
func shellJoin(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(quoted, " ")
}

// processAlive reports whether pid exists and is not a zombie (an exited
// postmaster stays a zombie until init reaps it, which can take a while).
func processAlive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	// pid (comm) state ...: comm may contain spaces and parentheses.
	if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) {
		return b[i+2] != 'Z' && b[i+2] != 'X'
	}
	return true
}

// isPostgresProcess reports whether pid runs the postgres binary (true when
// it cannot tell, e.g. without /proc).
func isPostgresProcess(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return true
	}
	return strings.TrimSpace(string(b)) == "postgres"
}

// lockFile takes an exclusive flock on path, waiting for it until ctx ends.
func lockFile(ctx context.Context, path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening lock file: %w", err)
	}
	fd := int(f.Fd())
	for {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(fd, syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for the lock on %s: %w", path, context.Cause(ctx))
		case <-time.After(25 * time.Millisecond):
		}
	}
}
