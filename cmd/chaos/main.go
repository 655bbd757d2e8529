// Command chaos is `make chaos`: it puts the portal under load on loopback
// and breaks things underneath it, then checks nothing was lost.
//
//  1. A private PostgreSQL, started as `make run` starts it, is stopped
//     (pg_ctl stop -m fast) and started again while readers and writers
//     keep going: the portal must answer 503 with its localized page while
//     the database is away, /readyz must say so, and the portal must recover
//     by itself.
//  2. A hot standby is made from the primary and two portal processes read
//     anonymous pages from it, the load spread across both, while a writer
//     changes a public page every few seconds; the standby is stopped and
//     started again under load: no request may fail, no page may be stale
//     (older than a change committed longer ago than the standby may lag),
//     and both processes must skip the standby and take it back.
//  3. The portal is sent SIGTERM under load: the requests in flight must
//     finish and the process must exit 0.
//  4. In SQL: every meeting whose creation was acknowledged (303) exists,
//     whole; one that exists without an acknowledgement is reported as
//     committed but unacknowledged.
//
// It prints one report, also written to .cache/chaos/last.txt (the portal's
// logs go next to it), and exits 1 if a target is missed. Everything it
// started is stopped at the end, on Ctrl-C too.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/localpg"
	"tachawor/internal/store"
)

type options struct {
	portal                  string
	out                     string
	readers, writers        int
	healthy, away, recovery time.Duration
	rounds                  int
	beforeSignal            time.Duration
	changeEvery             time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.portal, "portal", ".build/tachawor", "the portal binary (make build)")
	flag.StringVar(&o.out, "out", ".cache/chaos/last.txt", "where the report is also written (the portal's logs go next to it)")
	flag.IntVar(&o.readers, "readers", 5, "concurrent readers")
	flag.IntVar(&o.writers, "writers", 3, "concurrent writers (each signed in as staff)")
	flag.DurationVar(&o.healthy, "healthy", 5*time.Second, "load before PostgreSQL is stopped")
	flag.DurationVar(&o.away, "away", 5*time.Second, "how long PostgreSQL stays stopped")
	flag.DurationVar(&o.recovery, "recovery", 10*time.Second, "load after PostgreSQL is started again")
	flag.IntVar(&o.rounds, "sigterm-rounds", 3, "portal processes stopped with SIGTERM under load, one after the other")
	flag.DurationVar(&o.beforeSignal, "before-signal", 3*time.Second, "load before each SIGTERM")
	flag.DurationVar(&o.changeEvery, "change-every", 3*time.Second, "how often a public page changes while the standby is in the game (more than 1.75 s, for a stale page to show)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	missed, err := run(ctx, o)
	interrupted := ctx.Err() != nil
	stop()
	switch {
	case interrupted:
		fmt.Fprintln(os.Stderr, "chaos: interrupted; everything it started is stopped")
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(os.Stderr, "chaos:", err)
		os.Exit(1)
	case missed:
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "chaos: "+format+"\n", args...)
}

// The staff account the writers sign in as.
const (
	staffEmail    = "chaos.staff@example.org"
	staffPassword = "chaos password, not a secret"
)

// run plays the scenario and prints the report; missed says whether a
// target was missed.
func run(ctx context.Context, o options) (missed bool, err error) {
	start := time.Now()
	bin, err := filepath.Abs(o.portal)
	if err != nil {
		return false, err
	}
	if _, err := os.Stat(bin); err != nil {
		return false, fmt.Errorf("the portal binary %s is missing: run make build", o.portal)
	}
	logDir := filepath.Dir(o.out)
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return false, err
	}

	// The private cluster, as make run starts it, in a directory the
	// postgres user can reach when we are root; it dies with this process
	// however it ends.
	dir, err := os.MkdirTemp("", "tachawor-chaos-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		return false, err
	}
	pgDir := filepath.Join(dir, "pg")
	if err := localpg.StopAtExit(pgDir, true); err != nil {
		return false, err
	}
	logf("starting a private PostgreSQL in %s", pgDir)
	cluster, err := localpg.Start(ctx, localpg.Options{Dir: pgDir})
	if err != nil {
		return false, err
	}
	defer func() { // the cluster running at the end, which may be the restarted one
		if err := cluster.Stop(); err != nil {
			logf("stopping PostgreSQL: %v", err)
		}
	}()
	dbURL := cluster.URL(localpg.Database)
	detail, err := prepare(ctx, dbURL)
	if err != nil {
		return false, err
	}

	// 1. PostgreSQL stopped and started again under load.
	p, err := startPortal(ctx, bin, dbURL, filepath.Join(logDir, "portal-faults.log"))
	if err != nil {
		return false, err
	}
	defer p.stop()
	cookies := make([]string, o.writers)
	for i := range cookies {
		if cookies[i], err = signIn(ctx, p.base); err != nil {
			return false, err
		}
	}
	logf("portal at %s; %d readers and %d writers; PostgreSQL will be stopped after %s", p.base, o.readers, o.writers, o.healthy)
	f, err := faults(ctx, o, &cluster, pgDir, p, cookies, detail)
	if err != nil {
		return false, err
	}
	p.stop()

	// 2. A hot standby and two portal processes.
	sb, err := standbyPhase(ctx, o, bin, cluster, dir, logDir, cookies, detail)
	if err != nil {
		return false, err
	}

	// 3. SIGTERM under load, on fresh portal processes.
	var rounds []round
	for n := 1; n <= o.rounds; n++ {
		r, err := sigterm(ctx, o, bin, cluster.URL(localpg.Database), filepath.Join(logDir, fmt.Sprintf("portal-sigterm-%d.log", n)), cookies, detail, n)
		if err != nil {
			return false, err
		}
		rounds = append(rounds, r)
	}

	// 4. What the database holds.
	writes := append(f.samples, sb.samples...)
	for _, r := range rounds {
		writes = append(writes, r.samples...)
	}
	rec, err := verify(ctx, cluster.URL(localpg.Database), writes)
	if err != nil {
		return false, err
	}

	report, missed := render(o, f, sb, rounds, rec, time.Since(start))
	fmt.Print(report)
	if err := os.WriteFile(o.out, []byte(report), 0o644); err != nil {
		return missed, err
	}
	logf("report written to %s, portal logs next to it; stopping PostgreSQL", o.out)
	return missed, nil
}

// prepare migrates the database, loads the reference and demo content,
// creates the staff account and returns the path of a published meeting.
func prepare(ctx context.Context, dbURL string) (string, error) {
	if err := store.Prepare(ctx, dbURL); err != nil {
		return "", err
	}
	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		return "", err
	}
	defer pool.Close()
	db := store.New(pool)
	if _, err := db.LoadDemo(ctx); err != nil {
		return "", err
	}
	nu := domain.NewUser{Email: staffEmail, DisplayName: "Chaos staff", Role: domain.RoleStaff}
	if _, err := auth.NewAccounts(db).CreateUser(ctx, "", nu, staffPassword, 0); err != nil {
		return "", fmt.Errorf("creating the staff account: %w", err)
	}
	id := int64(1)
	if err := pool.QueryRow(ctx, `SELECT coalesce(min(id), 1) FROM meetings WHERE state = 'published'`).Scan(&id); err != nil {
		return "", err
	}
	return "/fr/meetings/" + strconv.FormatInt(id, 10), nil
}

// signIn signs the staff account in and returns its session cookie.
func signIn(ctx context.Context, base string) (string, error) {
	form := url.Values{"email": {staffEmail}, "password": {staffPassword}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/fr/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := newClient().Do(req)
	if err != nil {
		return "", fmt.Errorf("signing in: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName && resp.StatusCode == http.StatusSeeOther {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("signing in: HTTP %d, no session cookie", resp.StatusCode)
}

// portal is a running `tachawor serve`.
type portal struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	log    *os.File
	done   chan struct{} // closed when the process has exited
	exited time.Time
}

// startPortal starts `tachawor serve` on dbURL (and the settings of env),
// on a port of its choosing, and waits for its address on standard output
// and a 200 from /readyz.
func startPortal(ctx context.Context, bin, dbURL, logPath string, env ...string) (*portal, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		logFile.Close()
		return nil, err
	}
	defer stdoutW.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR=127.0.0.1:0"), env...)
	cmd.Stdout, cmd.Stderr = stdoutW, logFile
	// A process group of its own, so that Ctrl-C reaches us only and we
	// stop it in order; should we die, it gets SIGTERM.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		stdoutR.Close()
		return nil, fmt.Errorf("starting the portal: %w", err)
	}
	p := &portal{cmd: cmd, log: logFile, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		p.exited = time.Now()
		close(p.done)
	}()
	addr := make(chan string, 1)
	go func() {
		defer stdoutR.Close()
		sc := bufio.NewScanner(stdoutR)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Tachawor: "); ok {
				select {
				case addr <- strings.TrimSuffix(u, "/"):
				default:
				}
			}
		}
	}()
	fail := func(err error) (*portal, error) {
		p.stop()
		return nil, err
	}
	select {
	case p.base = <-addr:
	case <-p.done:
		return fail(fmt.Errorf("the portal exited before it was ready:\n%s", tail(logPath, 15)))
	case <-ctx.Done():
		return fail(ctx.Err())
	case <-time.After(60 * time.Second):
		return fail(fmt.Errorf("the portal printed no address in 60 s:\n%s", tail(logPath, 15)))
	}
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(30 * time.Second); ; {
		if resp, err := client.Get(p.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fail(fmt.Errorf("the portal at %s was not ready in 30 s", p.base))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends the portal if it still runs: SIGTERM, then SIGKILL after 30 s.
func (p *portal) stop() {
	select {
	case <-p.done:
	default:
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
	}
	p.log.Close()
}

func (p *portal) alive() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// faultRun is what happened while PostgreSQL was stopped and restarted.
type faultRun struct {
	t0        time.Time // the load began
	stopAt    time.Time // pg_ctl stop began
	stopped   time.Time // ... and returned
	restartAt time.Time // localpg.Start began
	restarted time.Time // ... and returned
	end       time.Time
	detail    string // the meeting page readers load
	oldURL    string
	newURL    string
	alive     bool // the same portal process ran throughout
	samples   []sample
	polls     []poll
}

// faults runs the load on p while PostgreSQL is stopped and started again;
// *cluster becomes the restarted cluster.
func faults(ctx context.Context, o options, cluster **localpg.Cluster, pgDir string, p *portal, cookies []string, detail string) (faultRun, error) {
	f := faultRun{oldURL: (*cluster).URL(localpg.Database), detail: detail}
	l := newLoad([]string{p.base}, "faults", cookies, detail)
	var rz readyz
	stop := make(chan struct{})
	var wg sync.WaitGroup
	finish := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer finish()
	f.t0 = time.Now()
	wg.Go(func() { l.run(ctx, stop, o.readers, o.writers) })
	wg.Go(func() { rz.run(ctx, stop, p.base) })

	if err := sleep(ctx, o.healthy); err != nil {
		return f, err
	}
	logf("stopping PostgreSQL (pg_ctl stop -m fast)")
	f.stopAt = time.Now()
	if err := (*cluster).Stop(); err != nil {
		return f, err
	}
	f.stopped = time.Now()
	if err := sleep(ctx, o.away); err != nil {
		return f, err
	}
	logf("starting PostgreSQL again")
	f.restartAt = time.Now()
	c, err := localpg.Start(ctx, localpg.Options{Dir: pgDir})
	if err != nil {
		return f, fmt.Errorf("restarting PostgreSQL: %w", err)
	}
	f.restarted = time.Now()
	*cluster = c
	f.newURL = c.URL(localpg.Database)
	if err := sleep(ctx, o.recovery); err != nil {
		return f, err
	}
	f.end = time.Now()
	finish()
	f.alive = p.alive()
	f.samples, f.polls = l.all(), rz.all()
	return f, nil
}

// round is one portal process stopped with SIGTERM under load.
type round struct {
	signal   time.Time
	exited   time.Time
	exitCode int
	samples  []sample
}

// sigterm starts a portal, loads it, sends it SIGTERM and waits for it to
// exit, the load running until then.
func sigterm(ctx context.Context, o options, bin, dbURL, logPath string, cookies []string, detail string, n int) (round, error) {
	var r round
	p, err := startPortal(ctx, bin, dbURL, logPath)
	if err != nil {
		return r, err
	}
	defer p.stop()
	l := newLoad([]string{p.base}, fmt.Sprintf("sigterm%d", n), cookies, detail)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	finish := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer finish()
	wg.Go(func() { l.run(ctx, stop, o.readers, o.writers) })
	if err := sleep(ctx, o.beforeSignal); err != nil {
		return r, err
	}
	logf("SIGTERM to the portal (round %d of %d)", n, o.rounds)
	r.signal = time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return r, err
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		return r, ctx.Err()
	case <-time.After(30 * time.Second):
		return r, errors.New("the portal did not exit within 30 s of SIGTERM")
	}
	finish()
	r.exited, r.exitCode = p.exited, p.cmd.ProcessState.ExitCode()
	r.samples = l.all()
	return r, nil
}

// records is what the database holds of the writes.
type records struct {
	sent         int // creations sent
	acked        int // answered 303
	lost         int // acknowledged, not in the database
	duplicated   int // acknowledged, in the database more than once
	half         int // in the database without its venue or its audit line
	blank        int // meetings of the whole table with an empty title or venue
	unacked      []sample
	refusedClean int // not acknowledged, and nothing written
}

// verify checks every write against the meetings table.
func verify(ctx context.Context, dbURL string, writes []sample) (records, error) {
	var rec records
	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		return rec, err
	}
	defer pool.Close()
	rows, err := pool.Query(ctx, `SELECT m.title_ar, m.venue_ar,
			EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'meeting' AND a.entity_id = m.id AND a.action = 'create')
		FROM meetings m WHERE m.title_ar LIKE $1`, titlePrefix+" %")
	if err != nil {
		return rec, err
	}
	found := map[string]int{}
	for rows.Next() {
		var title, venue string
		var audited bool
		if err := rows.Scan(&title, &venue, &audited); err != nil {
			return rec, err
		}
		found[title]++
		if venue != venueFor(title) || !audited {
			rec.half++
		}
	}
	if err := rows.Err(); err != nil {
		return rec, err
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM meetings WHERE btrim(title_ar) = '' OR btrim(venue_ar) = ''`).Scan(&rec.blank); err != nil {
		return rec, err
	}
	for _, s := range writes {
		if !s.write {
			continue
		}
		rec.sent++
		n := found[s.title]
		switch {
		case s.ok():
			rec.acked++
			if n == 0 {
				rec.lost++
			} else if n > 1 {
				rec.duplicated++
			}
		case n > 0:
			rec.unacked = append(rec.unacked, s)
		default:
			rec.refusedClean++
		}
	}
	return rec, nil
}
