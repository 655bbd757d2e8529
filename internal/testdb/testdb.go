// Package testdb gives each test its own freshly migrated PostgreSQL
// database, cloned from a template.
//
// A package's TestMain calls Main with a prepare function (migrations,
// reference data); tests call New or URL. The server is a private cluster
// (localpg, Fast) in a temporary directory, started together with the
// template on the first call of New, URL or AdminURL, so that test runs
// that need no database (go test -run TestParser) do not pay for it.
// Setting TEST_DATABASE_URL (a postgres:// URL or a keyword/value string of
// a superuser on the maintenance database) uses that server instead.
package testdb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tachawor/internal/localpg"
)

// TemplateName is the template database on a private cluster; on a
// TEST_DATABASE_URL server the process id is appended.
const TemplateName = "template_tachawor"

const setupTimeout = 5 * time.Minute

var (
	mainCalled bool
	prepareFn  func(ctx context.Context, databaseURL string) error

	setupOnce sync.Once
	setupErr  error
	srv       server

	cloneMu sync.Mutex // PostgreSQL refuses concurrent clones of one template
	seq     atomic.Int64
)

// server is the state set up by the first use.
type server struct {
	dir      string           // temporary cluster directory ("" if none)
	cluster  *localpg.Cluster // nil with TEST_DATABASE_URL
	adminURL string           // maintenance database
	admin    *pgxpool.Pool    // on adminURL
	template string           // template database name
	external bool             // TEST_DATABASE_URL server
	created  bool             // template database created (to drop)
}

// Main starts a private cluster (localpg, Fast) in a temporary directory,
// creates database "template_tachawor", calls prepare(ctx, url) on it once
// (migrations and reference data), marks it as a template, runs m.Run(),
// stops the cluster, removes the directory and exits with m.Run's code.
// The cluster and template are made on first use (New, URL or AdminURL).
// If TEST_DATABASE_URL is set, Main uses that server instead and the
// template, named template_tachawor_PID, is dropped at the end.
//
// The after functions run once the tests are done, before the cluster stops
// (a shared browser, for instance, is closed there).
func Main(m *testing.M, prepare func(ctx context.Context, databaseURL string) error, after ...func()) {
	mainCalled = true
	prepareFn = prepare
	code := m.Run()
	for _, fn := range after {
		fn()
	}
	if err := teardown(); err != nil {
		fmt.Fprintln(os.Stderr, "testdb:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// New returns a pool on a brand-new database cloned from the template; the
// pool is closed and the database dropped when the test ends. It is safe
// to call from parallel tests.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	u := URL(t)
	pool, err := pgxpool.New(context.Background(), u)
	if err != nil {
		t.Fatalf("testdb: opening a pool on %s: %v", u, err)
	}
	t.Cleanup(pool.Close) // runs before the drop registered by URL
	return pool
}

// URL is like New but returns the connection URL of the new database, for
// code that opens its own pool or runs a server process. The database is
// dropped (WITH (FORCE)) when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	s := get(t)
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), seq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cloneMu.Lock()
	_, err := s.admin.Exec(ctx, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(s.template))
	cloneMu.Unlock()
	if err != nil {
		t.Fatalf("testdb: creating database %s from %s: %v", name, s.template, err)
	}
	t.Cleanup(func() {
		// t.Context() is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := s.admin.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("testdb: dropping database %s: %v", name, err)
		}
	})
	return databaseURL(s.adminURL, name)
}

// AdminURL returns the URL of the maintenance database ("postgres") of the
// test server, for tests that need to stop or observe the server.
func AdminURL(t testing.TB) string {
	t.Helper()
	return get(t).adminURL
}

// get sets the server up on first use.
func get(t testing.TB) *server {
	t.Helper()
	if !mainCalled {
		t.Fatal("testdb: call testdb.Main(m, prepare) from TestMain")
	}
	setupOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		setupErr = setup(ctx)
	})
	if setupErr != nil {
		t.Fatalf("testdb: %v", setupErr)
	}
	return &srv
}

func setup(ctx context.Context) error {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		srv.external = true
		srv.adminURL = u
		srv.template = fmt.Sprintf("%s_%d", TemplateName, os.Getpid())
	} else {
		dir, err := os.MkdirTemp("", "tachawor-testdb-")
		if err != nil {
			return err
		}
		srv.dir = dir
		// When root the server runs as postgres, which must reach the directory.
		if err := os.Chmod(dir, 0o755); err != nil {
			return err
		}
		// Should the test binary be killed (timeout, Ctrl-C, SIGPIPE),
		// stop the server and remove the directory anyway.
		if err := localpg.StopAtExit(dir, true); err != nil {
			return err
		}
		c, err := localpg.Start(ctx, localpg.Options{Dir: dir, Fast: true})
		if err != nil {
			return err
		}
		srv.cluster = c
		srv.adminURL = c.URL("postgres")
		srv.template = TemplateName
	}
	admin, err := pgxpool.New(ctx, srv.adminURL)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", srv.adminURL, err)
	}
	srv.admin = admin
	if srv.external {
		// A leftover from a killed run with the same pid.
		if err := dropTemplate(ctx); err != nil {
			return err
		}
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+ident(srv.template)); err != nil {
		return fmt.Errorf("creating template database %s: %w", srv.template, err)
	}
	srv.created = true
	if prepareFn != nil {
		if err := prepareFn(ctx, databaseURL(srv.adminURL, srv.template)); err != nil {
			return fmt.Errorf("preparing template database %s: %w", srv.template, err)
		}
	}
	// Refuse further connections and end those prepare left open: CREATE
	// DATABASE ... TEMPLATE fails while anyone is connected to the template.
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+ident(srv.template)+" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"); err != nil {
		return fmt.Errorf("marking %s as a template: %w", srv.template, err)
	}
	if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", srv.template); err != nil {
		return fmt.Errorf("disconnecting sessions from %s: %w", srv.template, err)
	}
	return nil
}

// dropTemplate drops the template database if it exists.
func dropTemplate(ctx context.Context) error {
	var exists bool
	if err := srv.admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", srv.template).Scan(&exists); err != nil {
		return fmt.Errorf("looking for database %s: %w", srv.template, err)
	}
	if !exists {
		return nil
	}
	// PostgreSQL refuses to drop a template database.
	if _, err := srv.admin.Exec(ctx, "ALTER DATABASE "+ident(srv.template)+" WITH IS_TEMPLATE false"); err != nil {
		return fmt.Errorf("unmarking template %s: %w", srv.template, err)
	}
	if _, err := srv.admin.Exec(ctx, "DROP DATABASE "+ident(srv.template)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("dropping template %s: %w", srv.template, err)
	}
	return nil
}

// teardown drops the template on an external server, stops the private
// cluster and removes its directory.
func teardown() error {
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if srv.admin != nil {
		if srv.external && srv.created {
			errs = append(errs, dropTemplate(ctx))
		}
		srv.admin.Close()
	}
	if standby != nil {
		errs = append(errs, standby.cluster.Stop(), os.RemoveAll(standby.dir))
	}
	if srv.cluster != nil {
		errs = append(errs, srv.cluster.Stop())
	}
	if srv.dir != "" {
		errs = append(errs, os.RemoveAll(srv.dir))
	}
	return errors.Join(errs...)
}

// databaseURL returns adminURL with the database replaced by name.
func databaseURL(adminURL, name string) string {
	if strings.HasPrefix(adminURL, "postgres://") || strings.HasPrefix(adminURL, "postgresql://") {
		if u, err := url.Parse(adminURL); err == nil {
			u.Path = "/" + name
			u.RawPath = ""
			return u.String()
		}
	}
	// keyword/value form: a later dbname overrides an earlier one.
	return adminURL + " dbname='" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(name) + "'"
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }
