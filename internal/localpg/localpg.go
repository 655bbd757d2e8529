// Package localpg runs a private PostgreSQL cluster from the installed server
// binaries, for `make run` and for tests.
//
// The cluster lives in a directory of its own (Options.Dir): the data
// directory in Dir/pgdata, the server log in Dir/postgres.log, a lock file
// Dir/.lock that serializes processes starting the cluster at the same
// time, and Dir/owner, locked for as long as it lives by the process that
// owns the running server.
//
// The cluster is the portal's alone. The server listens on no TCP port at
// all, only on a Unix-domain socket in a directory that only the server's
// account (and root) may enter: Dir/run, mode 0700, or, when Dir is too
// deep for a socket path (107 bytes at most), a fresh directory of the
// same mode under the system's temporary directory. Authentication is
// "trust" for that socket alone (pg_hba.conf has one line, rewritten at
// each start): reaching the socket is the credential, and no other local
// account can reach it. No password exists that could leak into a process
// list or a log.
//
// When the process runs as root, initdb, pg_ctl and postgres run as the
// "postgres" system user (PostgreSQL refuses to run as root), Dir and the
// data directory are given to that user, and every parent directory of Dir
// must be traversable by it; root still connects, as root may enter any
// directory.
package localpg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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

// Superuser is the role that owns the cluster; it authenticates by trust,
// over the private socket only.
const Superuser = "postgres"

// port names the socket file (.s.PGSQL.5432): the server opens no TCP port.
const port = 5432

// maxSocketPath is the longest socket path the kernel takes (sun_path is
// 108 bytes, NUL included).
const maxSocketPath = 107

// hbaConf is the whole of pg_hba.conf: the private socket, nothing else,
// for sessions and for the replication connections of a standby
// (StartStandby), which runs as the same account.
const hbaConf = "# Written by the portal (internal/localpg) at each start: only the private\n" +
	"# Unix-domain socket, whose directory only the server's account can enter.\n" +
	"local all all trust\n" +
	"local replication all trust\n"

// Options configures Start.
type Options struct {
	// Dir is the root directory of the cluster, e.g. "./.data"; the cluster
	// data lives in Dir/pgdata. It is made absolute internally and created if
	// missing.
	Dir string
	// Fast trades durability for speed, for tests: initdb --no-sync and
	// -c fsync=off -c synchronous_commit=off. Never for make run.
	// full_page_writes stays on: a standby replaying the WAL of the RUM
	// extension's index needs the page images it brings (RUM logs a page
	// it has just added to the index as a change, not as a whole page, and
	// a standby has no such page to change: it stops, "WAL contains
	// references to invalid pages").
	Fast bool
	// Log receives the output of initdb and pg_ctl (nil = discard). The
	// server's own log always goes to Dir/postgres.log.
	Log io.Writer
	// Settings are extra server settings "name=value", each passed as -c.
	Settings []string
}

// Cluster is a running PostgreSQL server, started by this process (Owned),
// taken over from a process that died, or found running on the same data
// directory under a living owner.
type Cluster struct {
	dir        string // absolute Options.Dir
	dataDir    string // dir/pgdata
	binDir     string // "" when the server was found running
	socketDir  string // where the server's socket is
	tempSocket bool   // socketDir is a temporary directory of ours, removed by Stop
	owned      bool
	ownerLock  *os.File // Dir/owner, locked while we own the server
	as         *runAs
	log        io.Writer

	mu      sync.Mutex
	stopped bool
}

const (
	startTimeout   = 60 * time.Second // pg_ctl -t
	connectTimeout = 2 * time.Second  // one connection attempt
)

// readyTimeout bounds the wait for a server to accept connections (a
// variable for the tests).
var readyTimeout = 30 * time.Second

// Start starts the cluster in opts.Dir, running initdb first if the data
// directory is not initialized, and creates database Database if missing.
//
// If a server is already running on that data directory, Start looks at
// who owns it. Under a living owner (the `make run` in another terminal)
// it returns a Cluster connected to it with Owned() false. When its owner
// died (a portal killed with SIGKILL), Start takes it over: it stops that
// server and starts it again with this process's options (which also
// brings a cluster started by an older portal, listening on TCP, to the
// private socket), and the Cluster is Owned, so Stop stops it.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	c, err := newCluster(opts)
	if err != nil {
		return nil, err
	}
	dir, as := c.dir, c.as

	unlock, err := lockFile(ctx, filepath.Join(dir, ".lock"))
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	defer unlock()
	if err := c.tryOwn(); err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	fail := func(err error) (*Cluster, error) {
		c.disown()
		return nil, fmt.Errorf("localpg: %w", err)
	}

	running, err := c.findRunning(ctx)
	if err != nil {
		return fail(err)
	}
	if running && c.ownerLock == nil {
		if err := c.ensureDatabase(ctx, Database); err != nil {
			return fail(err)
		}
		return c, nil
	}
	if c.binDir, err = FindBinaries(); err != nil {
		c.disown()
		return nil, err
	}
	if running {
		fmt.Fprintf(c.log, "localpg: the server of %s was left running by a process that is gone: taking it over\n", c.dataDir)
		if out, err := c.run(ctx, "pg_ctl", "stop", "-D", c.dataDir, "-m", "fast", "-w", "-t", strconv.Itoa(int(startTimeout/time.Second))); err != nil {
			return fail(fmt.Errorf("stopping the server left running (pg_ctl stop): %w: %s", err, lastLines(out, 10)))
		}
	}
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(ctx, opts.Fast); err != nil {
			return fail(err)
		}
	} else if err != nil {
		return fail(err)
	} else if err := as.chownTree(c.dataDir); err != nil {
		return fail(fmt.Errorf("giving %s to user %s: %w", c.dataDir, as.name, err))
	}
	if err := os.Chmod(c.dataDir, 0o700); err != nil {
		return fail(err)
	}
	if err := c.writeOwned(filepath.Join(c.dataDir, "pg_hba.conf"), hbaConf); err != nil {
		return fail(fmt.Errorf("writing pg_hba.conf: %w", err))
	}
	if err := c.makeSocketDir(); err != nil {
		return fail(err)
	}
	if err := c.start(ctx, opts); err != nil {
		c.removeSocketDir()
		return fail(err)
	}
	// From here on the server runs: any failure stops it again.
	c.owned = c.ownerLock != nil
	err = c.waitReady(ctx)
	if err == nil {
		err = c.ensureDatabase(ctx, Database)
	}
	if err != nil {
		c.owned = true // so that Stop stops what this call started
		_ = c.Stop()
		return nil, fmt.Errorf("localpg: %w%s", err, c.logTail(0))
	}
	return c, nil
}

// tryOwn takes the lock of Dir/owner if no living process holds it; a
// process holds it for as long as it owns the server, and the kernel lets
// go of it when that process dies, however it dies.
func (c *Cluster) tryOwn() error {
	f, err := os.OpenFile(filepath.Join(c.dir, "owner"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("opening the owner lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil // a living process owns the server
		}
		return fmt.Errorf("locking %s: %w", f.Name(), err)
	}
	c.ownerLock = f
	return nil
}

// disown lets go of the owner lock.
func (c *Cluster) disown() {
	if c.ownerLock != nil {
		c.ownerLock.Close() // releases the flock
		c.ownerLock = nil
	}
}

// makeSocketDir creates the directory of the server's socket, that only
// the server's account may enter: Dir/run, or a temporary directory when
// Dir is too deep for a socket path.
func (c *Cluster) makeSocketDir() error {
	c.socketDir, c.tempSocket = filepath.Join(c.dir, "run"), false
	if len(socketPath(c.socketDir)) > maxSocketPath {
		dir, err := os.MkdirTemp("", "tachawor-pg-")
		if err != nil {
			return fmt.Errorf("creating a socket directory: %w", err)
		}
		c.socketDir, c.tempSocket = dir, true
	} else if err := os.Mkdir(c.socketDir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("creating the socket directory: %w", err)
	}
	if fi, err := os.Lstat(c.socketDir); err != nil || !fi.IsDir() {
		return fmt.Errorf("the socket directory %s is not a directory", c.socketDir)
	}
	if err := c.as.chown(c.socketDir); err != nil {
		return fmt.Errorf("giving %s to user %s: %w", c.socketDir, c.as.name, err)
	}
	return os.Chmod(c.socketDir, 0o700)
}

// removeSocketDir removes a temporary socket directory.
func (c *Cluster) removeSocketDir() {
	if c.tempSocket {
		os.RemoveAll(c.socketDir)
	}
}

func socketPath(dir string) string { return filepath.Join(dir, ".s.PGSQL."+strconv.Itoa(port)) }

// writeOwned writes a file of the data directory as the server's account
// owns it, mode 0600.
func (c *Cluster) writeOwned(path, content string) error {
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return err
	}
	return c.as.chown(path)
}

// URL returns the connection URL of a database of the cluster, through its
// private socket:
// postgres://postgres@/DATABASE?host=SOCKETDIR&port=5432&sslmode=disable.
func (c *Cluster) URL(database string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(Superuser),
		Path:     "/" + database,
		RawQuery: url.Values{"host": {c.socketDir}, "port": {strconv.Itoa(port)}, "sslmode": {"disable"}}.Encode(),
	}
	return u.String()
}

// Owned reports whether this process started the server (and Stop stops it).
func (c *Cluster) Owned() bool { return c.owned }

// SocketDir returns the directory of the server's Unix-domain socket.
func (c *Cluster) SocketDir() string { return c.socketDir }

// Dir returns the absolute cluster directory (Options.Dir).
func (c *Cluster) Dir() string { return c.dir }

// DataDir returns the data directory, Dir/pgdata.
func (c *Cluster) DataDir() string { return c.dataDir }

// LogFile returns the path of the server log, Dir/postgres.log.
func (c *Cluster) LogFile() string { return filepath.Join(c.dir, "postgres.log") }

// Stop shuts the server down (pg_ctl stop -m fast, waiting until it has
// exited) if this process owns it; otherwise it does nothing. Calling it
// again is a no-op.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.owned || c.stopped {
		return nil
	}
	out, err := c.run(context.Background(), "pg_ctl", "stop", "-D", c.dataDir, "-m", "fast", "-w", "-t", strconv.Itoa(int(startTimeout/time.Second)))
	if err != nil {
		if _, statErr := os.Stat(filepath.Join(c.dataDir, "postmaster.pid")); !errors.Is(statErr, os.ErrNotExist) {
			return fmt.Errorf("localpg: stopping server (pg_ctl stop): %w: %s%s", err, lastLines(out, 10), c.logTail(0))
		}
		// already gone
	}
	c.stopped = true
	c.removeSocketDir()
	c.disown()
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
	args := []string{"-D", tmp, "--auth-local=trust", "--auth-host=reject", "-U", Superuser, "-E", "UTF8", "--locale=C.UTF-8"}
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

// start runs pg_ctl start: no TCP, the socket in c.socketDir only.
func (c *Cluster) start(ctx context.Context, opts Options) error {
	logFile := c.LogFile()
	if err := c.as.chown(logFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("giving %s to user %s: %w", logFile, c.as.name, err)
	}
	serverOpts := []string{
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=",
		"-c", "unix_socket_directories=" + c.socketDir,
		"-c", "unix_socket_permissions=0700",
	}
	if opts.Fast {
		serverOpts = append(serverOpts, "-c", "fsync=off", "-c", "synchronous_commit=off")
	}
	for _, s := range opts.Settings {
		serverOpts = append(serverOpts, "-c", s)
	}
	logStart := fileSize(logFile)
	out, err := c.run(ctx, "pg_ctl", "start", "-D", c.dataDir, "-l", logFile, "-w",
		"-t", strconv.Itoa(int(startTimeout/time.Second)), "-o", shellJoin(serverOpts))
	if err != nil {
		return fmt.Errorf("starting the server (pg_ctl start, socket in %s): %w: %s%s", c.socketDir, err, lastLines(out, 10), c.logTail(logStart))
	}
	return nil
}

// findRunning looks at postmaster.pid: if a server of this data directory
// is running, it sets c.socketDir to where its socket is and reports true.
// A server that has no socket (started by an older portal, on TCP) is
// running too, for its owner to take over. A stale postmaster.pid (process
// gone, or the pid reused by another program) is removed.
func (c *Cluster) findRunning(ctx context.Context) (running bool, err error) {
	pidFile := filepath.Join(c.dataDir, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	lines := strings.Split(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(lines[0]))
	if len(lines) > 4 {
		c.socketDir = strings.TrimSpace(lines[4])
	}
	stale := func(why string) (bool, error) {
		fmt.Fprintf(c.log, "localpg: removing stale %s (pid %d: %s)\n", pidFile, pid, why)
		if err := os.Remove(pidFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return false, fmt.Errorf("removing stale %s: %w", pidFile, err)
		}
		return false, nil
	}
	if pid <= 0 || !processAlive(pid) {
		return stale("process gone")
	}
	if !isPostgresProcess(pid) {
		return stale("process is not postgres")
	}
	if c.socketDir == "" || len(socketPath(c.socketDir)) > maxSocketPath {
		if c.ownerLock != nil {
			return true, nil // restarted on the private socket by the caller
		}
		return false, fmt.Errorf("a server (pid %d) is running on %s without a private socket, under another process: stop it with \"pg_ctl -D %s stop\"", pid, c.dataDir, c.dataDir)
	}
	// The process is a postgres server: wait for it to answer (it may be
	// starting or recovering), and check it serves this data directory.
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	var lastErr error
	for {
		same, err := c.servesDataDir(ctx)
		if err == nil {
			if !same {
				return stale("socket answered by another cluster")
			}
			return true, nil
		}
		lastErr = err
		if !processAlive(pid) {
			return stale("process exited")
		}
		select {
		case <-ctx.Done():
			if c.ownerLock != nil {
				return true, nil // its owner is gone: stopped and started again by the caller
			}
			return false, fmt.Errorf("a server (pid %d) is running on %s but does not answer on %s (%v): stop it with \"pg_ctl -D %s stop\"", pid, c.dataDir, socketPath(c.socketDir), lastErr, c.dataDir)
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
			return fmt.Errorf("waiting for the server to accept connections on %s: %w", socketPath(c.socketDir), err)
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

// newCluster makes the directory of opts.Dir ready for a cluster run by
// the account the server runs as (postgres when this process is root).
func newCluster(opts Options) (*Cluster, error) {
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
	return &Cluster{dir: dir, dataDir: filepath.Join(dir, "pgdata"), as: as, log: logw}, nil
}
