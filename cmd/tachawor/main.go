// Command tachawor runs the Tachawor portal and its maintenance tasks:
//
//	tachawor serve [--seed]   migrate, optionally load reference and demo data, and serve
//	tachawor migrate [up|down] apply (or revert) the database migrations
//	tachawor seed             load the reference data and the demo content into a database that never had them
//	tachawor demo remove      delete every demonstration record
//	tachawor user ...         create, disable and enable accounts
//	tachawor backup|restore   save the database to a file, or restore it
//
// Without DATABASE_URL every subcommand uses the private PostgreSQL cluster
// under TACHAWOR_DATA_DIR (./.data), starting it when it is not running and
// connecting to it when `make run` already runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // Africa/Casablanca wherever the portal runs

	"tachawor/internal/backup"
	"tachawor/internal/config"
	"tachawor/internal/i18n"
	"tachawor/internal/localpg"
	"tachawor/internal/mail"
	"tachawor/internal/pagecache"
	"tachawor/internal/server"
	"tachawor/internal/store"
	"tachawor/locales"
)

const usage = `usage: tachawor <command> [arguments]

commands:
  serve [--seed]      apply migrations and serve the portal (--seed: load reference and demo data first)
  migrate [up|down]   apply every migration (default) or revert them all
  seed                load the reference data and the demo content, once: a database that
                      had them keeps what staff made of them
  demo remove         delete every demonstration record (never reference data nor what
                      staff recorded), in one transaction; the demo is not loaded again
  user create --email EMAIL --role admin|staff|regional [--region SLUG] [--name NAME]
                      create an account; the password is read from standard input
  user password --email EMAIL
                      set a new password, read from standard input; the account's sessions end
  user disable --email EMAIL
  user enable --email EMAIL
  backup --out FILE   save the whole database, attachments included (pg_dump custom format)
  restore --in FILE   replace the database's content with a backup, in one transaction
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	cfg, err := config.FromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tachawor:", err)
		os.Exit(2)
	}
	log := newLogger(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, log, os.Args[1], os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "tachawor:", err)
		os.Exit(1)
	}
}

func newLogger(cfg config.Config) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

func run(ctx context.Context, cfg config.Config, log *slog.Logger, cmd string, args []string) error {
	switch cmd {
	case "serve", "migrate", "seed", "demo", "user", "backup", "restore":
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
	dbURL, cluster, err := database(ctx, cfg, log)
	if err != nil {
		return err
	}
	if cluster != nil {
		defer func() {
			if err := cluster.Stop(); err != nil {
				log.Error("stopping the private PostgreSQL", "err", err)
			} else if cluster.Owned() {
				log.Info("private PostgreSQL stopped")
			}
		}()
	}
	switch cmd {
	case "migrate":
		down := len(args) > 0 && args[0] == "down"
		if len(args) > 0 && args[0] != "up" && args[0] != "down" {
			return fmt.Errorf("migrate takes up or down, not %q", args[0])
		}
		if down {
			return store.MigrateDown(ctx, dbURL)
		}
		return store.Migrate(ctx, dbURL)
	case "seed":
		if err := store.Migrate(ctx, dbURL); err != nil {
			return err
		}
		return withDB(ctx, dbURL, func(db *store.DB) error { return seed(ctx, db, log) })
	case "demo":
		if len(args) != 1 || args[0] != "remove" {
			return fmt.Errorf("demo takes one argument, remove\n%s", usage)
		}
		if err := store.Migrate(ctx, dbURL); err != nil {
			return err
		}
		return withDB(ctx, dbURL, func(db *store.DB) error { return removeDemo(ctx, db, os.Stdout) })
	case "backup", "restore":
		return backupCommand(ctx, cmd, dbURL, args)
	case "user":
		if err := store.Prepare(ctx, dbURL); err != nil {
			return err
		}
		return withDB(ctx, dbURL, func(db *store.DB) error { return userCommand(ctx, db, args, os.Stdin, os.Stdout) })
	default:
		return serve(ctx, cfg, log, dbURL, args)
	}
}

// database returns the URL of the database to use: DATABASE_URL, or the
// private cluster, started if needed (the returned cluster is then to be
// stopped when done; Stop does nothing when another process owns it).
func database(ctx context.Context, cfg config.Config, log *slog.Logger) (string, *localpg.Cluster, error) {
	if cfg.DatabaseURL != "" {
		return cfg.DatabaseURL, nil, nil
	}
	if _, err := localpg.FindBinaries(); err != nil {
		return "", nil, err
	}
	start := time.Now()
	c, err := localpg.Start(ctx, localpg.Options{Dir: cfg.DataDir})
	if err != nil {
		return "", nil, fmt.Errorf("starting the private PostgreSQL in %s: %w", cfg.DataDir, err)
	}
	if c.Owned() {
		log.Info("private PostgreSQL started", "dir", c.Dir(), "socket", c.SocketDir(), "took", time.Since(start).Round(time.Millisecond))
	} else {
		log.Info("using the private PostgreSQL already running", "dir", c.Dir(), "socket", c.SocketDir())
	}
	return c.URL(localpg.Database), c, nil
}

func withDB(ctx context.Context, dbURL string, fn func(*store.DB) error) error {
	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	return fn(store.New(pool))
}

// seed loads the reference data and the demo content into a database that
// never had them, and says which it loaded.
func seed(ctx context.Context, db *store.DB, log *slog.Logger) error {
	ref, err := db.LoadReference(ctx)
	if err != nil {
		return err
	}
	demo, err := db.LoadDemo(ctx)
	if err != nil {
		return err
	}
	log.Info("seed data", "reference", cond(ref, "loaded", "kept as it was"), "demo", cond(demo, "loaded", "kept as it was (or removed)"))
	return nil
}

// removeDemo deletes the demonstration records and prints what went.
func removeDemo(ctx context.Context, db *store.DB, out io.Writer) error {
	res, err := db.RemoveDemo(ctx, 0)
	if err != nil {
		return err
	}
	var deleted, unlinked int64
	for _, n := range res.Deleted {
		deleted += n
	}
	for _, n := range res.Unlinked {
		unlinked += n
	}
	fmt.Fprintf(out, "removed the demonstration content: %d rows deleted (%d meetings, %d agreements, %d expectations, %d commitments, %d comments); %d links from staff records removed\n",
		deleted, res.Deleted["meetings"], res.Deleted["agreements"], res.Deleted["expectations"], res.Deleted["commitments"], res.Deleted["comments"], unlinked)
	return nil
}

func cond[T any](ok bool, a, b T) T {
	if ok {
		return a
	}
	return b
}

// mailInterval is how often the outbox is read for mail to send.
const mailInterval = 5 * time.Second

// drainDelay is how long a stopping portal keeps serving, with
// Connection: close on every response, before it stops accepting.
const drainDelay = 500 * time.Millisecond

func serve(ctx context.Context, cfg config.Config, log *slog.Logger, dbURL string, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withSeed := fs.Bool("seed", false, "load the reference data and the demo content before serving")
	if err := fs.Parse(args); err != nil {
		return err
	}
	start := time.Now()
	if err := store.Migrate(ctx, dbURL); err != nil {
		return err
	}
	pool, err := store.OpenWith(ctx, dbURL, store.PoolOptions{MaxConns: cfg.DBMaxConns})
	if err != nil {
		return err
	}
	defer pool.Close()
	db := store.New(pool)
	if cfg.SMTP != nil {
		db = db.SendingMail()
	}
	if len(cfg.ReplicaURLs) > 0 {
		// Anonymous readers' pages from hot standbys, while they keep up.
		replicas, err := store.OpenReplicas(ctx, pool, cfg.ReplicaURLs,
			store.ReplicaOptions{MaxConns: cfg.DBMaxConns, MaxLag: cfg.ReplicaMaxLag, Log: log})
		if err != nil {
			return err
		}
		defer replicas.Close()
		go replicas.Run(ctx)
		db = db.WithReplicas(replicas)
	}
	if *withSeed {
		if err := seed(ctx, db, log); err != nil {
			return err
		}
	}
	catalog, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		return err
	}
	srv, err := server.New(cfg, db, catalog, log)
	if err != nil {
		return err
	}
	if cfg.PageCacheBytes > 0 {
		// Public pages are served from memory while this connection
		// listens for changes (internal/pagecache).
		listener, err := pagecache.NewListener(srv.PageCache(), dbURL, log)
		if err != nil {
			return err
		}
		go listener.Run(ctx)
	}
	httpServer := &http.Server{
		Addr:              cfg.Addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	log.Info("Tachawor is ready", "url", "http://"+ln.Addr().String()+"/", "took", time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(os.Stdout, "Tachawor: http://%s/\n", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	go srv.RunCleanup(ctx)
	if cfg.SMTP != nil {
		loc, err := time.LoadLocation("Africa/Casablanca")
		if err != nil {
			return err
		}
		worker := mail.NewWorker(db, catalog, cfg.BaseURL, loc, mail.NewSMTP(*cfg.SMTP), log)
		go worker.Run(ctx, mailInterval)
		log.Info("sending e-mail", "server", cfg.SMTP.Host, "port", cfg.SMTP.Port, "from", cfg.SMTP.From)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// First let keep-alive connections close on their own (responses now
	// carry Connection: close), then stop accepting and finish what is in
	// flight: Shutdown alone can cut a request that is arriving on a
	// connection it sees as idle (golang/go#23829).
	log.Info("shutting down: finishing requests in flight")
	srv.Drain()
	time.Sleep(drainDelay)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// backupCommand runs "backup --out FILE" or "restore --in FILE".
func backupCommand(ctx context.Context, cmd, dbURL string, args []string) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	out := fs.String("out", "", "file to write the backup to")
	in := fs.String("in", "", "backup file to restore")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cmd == "backup" {
		if *out == "" {
			return errors.New("backup needs --out FILE")
		}
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		if err := backup.Dump(ctx, dbURL, f); err != nil {
			f.Close()
			os.Remove(*out)
			return err
		}
		return f.Close()
	}
	if *in == "" {
		return errors.New("restore needs --in FILE")
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	return backup.Restore(ctx, dbURL, f)
}
