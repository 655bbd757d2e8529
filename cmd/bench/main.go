// Command bench is `make bench`: it starts a private PostgreSQL in a
// temporary directory, seeds a national-scale demonstration dataset
// (internal/bench), starts the portal as `make run` does, loads each page
// with wrk from this machine after a warm-up, loads a bare net/http handler
// running the same SQL as the floor the database sets, and prints one table
// with the targets of issue 6, also written to .cache/bench/last.txt.
// Everything it started is stopped at the end, on Ctrl-C too.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"tachawor/internal/auth"
	"tachawor/internal/bench"
	"tachawor/internal/config"
	"tachawor/internal/localpg"
	"tachawor/internal/store"
)

type options struct {
	portal      string
	out         string
	scale       string
	duration    time.Duration
	warmup      time.Duration
	connections int
	threads     int
}

func main() {
	var o options
	flag.StringVar(&o.portal, "portal", ".build/tachawor", "the portal binary (make build)")
	flag.StringVar(&o.out, "out", ".cache/bench/last.txt", "where the table is also written")
	flag.StringVar(&o.scale, "scale", "national", "national (issue 6), or small for a quick trial of the harness")
	flag.DurationVar(&o.duration, "d", 10*time.Second, "load duration of each page")
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "warm-up before each page's load")
	flag.IntVar(&o.connections, "c", 32, "concurrent connections")
	flag.IntVar(&o.threads, "t", 2, "wrk threads")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, o)
	interrupted := ctx.Err() != nil
	stop()
	if err != nil {
		if interrupted {
			fmt.Fprintln(os.Stderr, "bench: interrupted; everything it started is stopped")
		} else {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// The search terms: "childhood", in each language.
const searchAR, searchFR = "الطفولة", "enfance"

// The staff account the signed-in page is loaded as.
const (
	staffEmail    = "bench.staff@example.org"
	staffPassword = "bench password, not a secret"
)

// limits are the portal's defaults on this machine, which the bench keeps.
var limits = config.DefaultLimits()

func run(ctx context.Context, o options) error {
	total := time.Now()
	if err := ensureWrk(ctx); err != nil {
		return err
	}
	portal, err := filepath.Abs(o.portal)
	if err != nil {
		return err
	}
	if _, err := os.Stat(portal); err != nil {
		return fmt.Errorf("the portal binary %s is missing: run make build", o.portal)
	}

	// The private cluster, in a directory the postgres user can reach when
	// we are root; it goes away with this process however it ends.
	dir, err := os.MkdirTemp("", "tachawor-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	if err := localpg.StopAtExit(filepath.Join(dir, "pg"), true); err != nil {
		return err
	}
	logf("starting a private PostgreSQL in %s", dir)
	cluster, err := localpg.Start(ctx, localpg.Options{Dir: filepath.Join(dir, "pg")})
	if err != nil {
		return err
	}
	defer func() {
		if err := cluster.Stop(); err != nil {
			logf("stopping PostgreSQL: %v", err)
		}
	}()
	dbURL := cluster.URL(localpg.Database)

	// Schema, reference data, demo content, then the national dataset.
	if err := store.Prepare(ctx, dbURL); err != nil {
		return err
	}
	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	db := store.New(pool)
	if _, err := db.LoadDemo(ctx); err != nil {
		return err
	}
	hash, err := auth.HashPassword(staffPassword)
	if err != nil {
		return err
	}
	scale := bench.National(hash)
	if o.scale == "small" {
		scale = bench.Scale{Officials: 50, Meetings: 200, Agreements: 1000, Expectations: 20000, Commitments: 420,
			Accounts: 50, Comments: 5000, PasswordHash: hash}
	} else if o.scale != "national" {
		return fmt.Errorf("-scale is national or small, not %q", o.scale)
	}
	logf("seeding %d meetings, %d agreements, %d expectations, %d accounts (set-based SQL, then VACUUM ANALYZE)",
		scale.Meetings, scale.Agreements, scale.Expectations, scale.Accounts)
	t := time.Now()
	seeded, err := bench.Seed(ctx, pool, scale)
	if err != nil {
		return err
	}
	seedTime := time.Since(t)
	logf("seeded in %s", seedTime.Round(100*time.Millisecond))

	// The signed-in page's account, made as an administrator would.
	userErr := createStaff(ctx, portal, dbURL)

	// Two portals, as `make run` starts them: one with the page cache on
	// (the defaults), one with it off and the per-address search limit off
	// (wrk is one address standing for many readers), each idle while the
	// other is loaded.
	cached, err := startPortal(ctx, portal, dbURL, filepath.Join(dir, "portal.log"))
	if err != nil {
		return err
	}
	defer cached.stop()
	logf("portal ready in %s at %s (page cache on)", cached.ready.Round(time.Millisecond), cached.base)
	uncached, err := startPortal(ctx, portal, dbURL, filepath.Join(dir, "portal-nocache.log"), "PAGE_CACHE_BYTES=0", "SEARCH_RATE=0")
	if err != nil {
		return err
	}
	defer uncached.stop()

	// The floor: the same SQL, plain net/http, plain text, with a pool of
	// the portal's size.
	floorPool, err := store.OpenWith(ctx, dbURL, store.PoolOptions{MaxConns: limits.DBMaxConns})
	if err != nil {
		return err
	}
	defer floorPool.Close()
	floorURL, stopFloor, err := startFloor(store.New(floorPool), limits.SearchBudget)
	if err != nil {
		return err
	}
	defer stopFloor()

	var meetingID int64
	if err := pool.QueryRow(ctx, `SELECT id FROM meetings WHERE ref = 'bench-m-00001'`).Scan(&meetingID); err != nil {
		return fmt.Errorf("finding the meeting to load: %w", err)
	}
	mid := strconv.FormatInt(meetingID, 10)
	pagesToLoad := []*row{
		{name: "home", path: "/ar/"},
		{name: "axis (convergence)", path: "/ar/strategy/convergence", floor: "/strategy/convergence"},
		{name: "meetings, page 1", path: "/ar/meetings", floor: "/meetings"},
		{name: "meetings, page 50", path: "/ar/meetings?page=50"},
		{name: "meetings, filtered", path: "/ar/meetings?region=oriental&year=2022&format=hybrid"},
		{name: "meeting detail", path: "/ar/meetings/" + mid, floor: "/meetings/" + mid},
		{name: "agreements, filtered", path: "/fr/agreements?region=oriental&status=signed&year=2022",
			floor: "/agreements?region=oriental&status=signed&year=2022"},
		{name: "search (ar)", path: "/ar/search?q=" + url.QueryEscape(searchAR), kind: search, floor: "/search?q=" + url.QueryEscape(searchAR)},
		{name: "search (fr)", path: "/fr/search?q=" + searchFR, kind: search, floor: "/search?q=" + searchFR},
		{name: "you said, we did (oriental)", path: "/ar/expectations?region=oriental"},
	}
	w := &wrk{threads: o.threads, connections: o.connections, duration: o.duration, warmup: o.warmup, dir: dir}
	if err := w.writeScripts(); err != nil {
		return err
	}
	rep := &report{opts: o, seeded: seeded, seedTime: seedTime, ready: cached.ready}
	pids := []int{cached.cmd.Process.Pid, uncached.cmd.Process.Pid}
	first := sampleCPU(pids, cluster.DataDir())
	measured := func(section *[]*row, r *row) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		before := sampleCPU(pids, cluster.DataDir())
		if err := measure(ctx, w, r); err != nil {
			return err
		}
		r.others = othersShare(before, sampleCPU(pids, cluster.DataDir()))
		*section = append(*section, r)
		logf("%-40s %s", r.name, r.summary())
		return nil
	}

	// The ceiling: the median page's bytes, identity and gzip, served bare.
	identity, gzipped, err := medianPage(ctx, cached.base, pagesToLoad)
	if err != nil {
		return err
	}
	ceilURL, stopCeiling, err := startCeiling(identity, gzipped)
	if err != nil {
		return err
	}
	defer stopCeiling()
	ceilIdentity := &row{name: fmt.Sprintf("ceiling: bare net/http, fixed %s B", group(int64(len(identity)))), base: ceilURL, path: "/", kind: ceiling}
	ceilGzip := &row{name: fmt.Sprintf("ceiling: bare net/http, fixed %s B gzip", group(int64(len(gzipped)))), base: ceilURL, path: "/gzip", kind: ceiling, gzip: true}
	for _, r := range []*row{ceilIdentity, ceilGzip} {
		if err := measured(&rep.ceiling, r); err != nil {
			return err
		}
	}

	// Public pages from memory, as wrk asks and as browsers ask.
	for _, gz := range []bool{false, true} {
		section := &rep.cachedIdentity
		if gz {
			section = &rep.cachedGzip
		}
		for _, p := range pagesToLoad {
			r := &row{name: p.name, base: cached.base, path: p.path, kind: p.kind, gzip: gz, ref: ceilIdentity}
			if gz {
				r.ref = ceilGzip
			}
			if err := measured(section, r); err != nil {
				return err
			}
		}
	}

	// The same pages with the cache off, against their floors.
	for _, p := range pagesToLoad {
		r := &row{name: p.name, base: uncached.base, path: p.path, kind: p.kind}
		if err := measured(&rep.uncached, r); err != nil {
			return err
		}
		if p.floor != "" {
			f := &row{name: "  floor: " + p.name, base: floorURL, path: p.floor, kind: floor}
			if err := measured(&rep.uncached, f); err != nil {
				return err
			}
			r.ref = f
		}
	}

	// Signed in: never cached.
	staff := &row{name: "staff expectations queue", base: cached.base, path: "/ar/staff/expectations", kind: signedIn}
	if cookie, why := signIn(ctx, cached.base, userErr); why != "" {
		staff.status = why
		rep.signedIn = append(rep.signedIn, staff)
	} else {
		staff.headers = []string{"Cookie: " + cookie}
		if err := measured(&rep.signedIn, staff); err != nil {
			return err
		}
	}

	// The flood, on the portal with the cache on.
	if rep.flood, err = flood(ctx, w, cached.base); err != nil {
		return err
	}
	logf("flood: %s", rep.flood.summary())

	// Peak memory with the cache full.
	if rep.filled, err = fillCache(ctx, cached.base, pool, limits.PageCacheBytes); err != nil {
		return err
	}
	rep.others = othersShare(first, sampleCPU(pids, cluster.DataDir()))
	rep.rss, rep.rssErr = peakRSS(cached.cmd.Process.Pid)

	hitsAR, _ := db.Search(ctx, searchAR, 1, 20, 0)
	hitsFR, _ := db.Search(ctx, searchFR, 1, 20, 0)
	rep.hitsAR, rep.hitsFR = hitsAR, hitsFR
	rep.took = time.Since(total)
	text := rep.render()
	fmt.Print(text)
	if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(o.out, []byte(text), 0o644); err != nil {
		return err
	}
	logf("table written to %s; stopping the portals and PostgreSQL", o.out)
	return nil
}

// ensureWrk installs wrk from Debian's packages when it is missing and we
// can, and otherwise says in one line what to install.
func ensureWrk(ctx context.Context) error {
	if _, err := exec.LookPath("wrk"); err == nil {
		return nil
	}
	if _, err := exec.LookPath("apt-get"); err != nil || os.Getuid() != 0 {
		return errors.New("wrk not found: install it (Debian: sudo apt-get install wrk)")
	}
	logf("installing wrk (apt-get install wrk)")
	for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "wrk"}} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("apt-get %s: %v: %s", strings.Join(args, " "), err, lastLines(string(out), 5))
		}
	}
	return nil
}

// createStaff creates the staff account with the portal's own command, the
// password on standard input. The error, if any, is reported on the
// signed-in row.
func createStaff(ctx context.Context, portal, dbURL string) error {
	cmd := exec.CommandContext(ctx, portal, "user", "create", "--email", staffEmail, "--role", "staff", "--name", "Bench staff")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "LOG_FORMAT=text")
	cmd.Stdin = strings.NewReader(staffPassword + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("tachawor user create: %v: %s", err, lastLines(string(out), 3))
	}
	return nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

type portalProcess struct {
	cmd   *exec.Cmd
	base  string
	log   *os.File
	ready time.Duration
	done  chan struct{}
}

// startPortal starts `tachawor serve --seed` (what `make run` runs) on the
// migrated database, with extra environment settings, and measures the
// time from the process start to the first 200 from /readyz.
func startPortal(ctx context.Context, portal, dbURL, logPath string, env ...string) (*portalProcess, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(portal, "serve", "--seed")
	cmd.Env = append(append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "BASE_URL=http://"+addr), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// A process group of its own: we stop it ourselves, after wrk, on
	// Ctrl-C too; and should we die, it gets SIGTERM.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting the portal: %w", err)
	}
	p := &portalProcess{cmd: cmd, base: "http://" + addr, log: logFile, done: make(chan struct{})}
	go func() { cmd.Wait(); close(p.done) }()
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(p.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.ready = time.Since(start)
				return p, nil
			}
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("the portal exited before it was ready:\n%s", tailFile(logPath, 15))
		case <-ctx.Done():
			p.stop()
			return nil, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
		if time.Since(start) > 60*time.Second {
			p.stop()
			return nil, fmt.Errorf("the portal was not ready after 60 s:\n%s", tailFile(logPath, 15))
		}
	}
}

// stop sends SIGTERM and waits for the graceful shutdown (SIGKILL after 30 s).
func (p *portalProcess) stop() {
	defer p.log.Close()
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

var hiddenRE = regexp.MustCompile(`<input[^>]*type="hidden"[^>]*>`)
var attrRE = regexp.MustCompile(`\b(name|value)="([^"]*)"`)

// signIn signs the staff account in through the login form, with a cookie
// jar, and returns the session cookie ("name=value"), or why it could not.
func signIn(ctx context.Context, base string, userErr error) (cookie, why string) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	loginURL := base + "/ar/login"
	resp, err := get(ctx, client, loginURL)
	if err != nil {
		return "", "sign-in failed: " + err.Error()
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return "", "not available (404: no sign-in page)"
	}
	if userErr != nil {
		return "", "no staff account: " + userErr.Error()
	}
	form := url.Values{"email": {staffEmail}, "password": {staffPassword}}
	for _, input := range hiddenRE.FindAllString(string(body), -1) {
		var name, value string
		for _, m := range attrRE.FindAllStringSubmatch(input, -1) {
			if m[1] == "name" {
				name = m[2]
			} else {
				value = htmlUnescape(m[2])
			}
		}
		if name != "" && name != "next" {
			form.Set(name, value)
		}
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, loginURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err = client.Do(req)
	if err != nil {
		return "", "sign-in failed: " + err.Error()
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	u, _ := url.Parse(base)
	for _, c := range jar.Cookies(u) {
		if c.Name == auth.CookieName {
			cookie = c.Name + "=" + c.Value
		}
	}
	if cookie == "" {
		return "", fmt.Sprintf("sign-in failed (HTTP %d, no session cookie)", resp.StatusCode)
	}
	return cookie, ""
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&quot;", `"`, "&#39;", "'").Replace(s)
}

func get(ctx context.Context, client *http.Client, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return client.Do(req)
}

type kind int

const (
	public kind = iota
	search
	signedIn
	floor
	ceiling
)

type row struct {
	name, base, path string
	kind             kind
	gzip             bool     // asks as browsers do
	headers          []string // more request headers
	floor            string   // path on the floor server, if it has one
	ref              *row     // what the ratio is to: the ceiling or the floor
	status           string   // "ok" when it answered 200 throughout
	others           float64  // share of the CPUs other processes used meanwhile
	res              *result
}

func (r *row) measured() bool { return r.res != nil }

// healthy: measured, and every answer was a 200.
func (r *row) healthy() bool { return r.res != nil && r.status == "ok" }

func (r *row) ratio() (float64, bool) {
	if r.ref == nil || !r.healthy() || !r.ref.healthy() || r.ref.res.rps == 0 {
		return 0, false
	}
	return r.res.rps / r.ref.res.rps, true
}

// p99 is the 99th percentile latency in ms; with timeouts, a lower bound.
func (r *row) p99() float64 {
	if r.res.timeouts > 0 {
		return max(r.res.p99, float64(wrkTimeout.Milliseconds()))
	}
	return r.res.p99
}

func (r *row) p99Text() string {
	if r.res.timeouts > 0 {
		return "> " + wrkTimeout.String()
	}
	return fmt.Sprintf("%.1f ms", r.res.p99)
}

func (r *row) summary() string {
	if !r.measured() {
		return r.status
	}
	return fmt.Sprintf("%.0f req/s, p50 %.1f ms, p99 %s, %.0f B, %s", r.res.rps, r.res.p50, r.p99Text(), r.res.bytesPerResp, r.status)
}

func (r *row) requestHeaders() []string {
	h := slices.Clone(r.headers)
	if r.gzip {
		h = append(h, "Accept-Encoding: gzip")
	}
	return h
}

// measure checks the page answers 200, then loads it. A page answering
// 404 is not there yet and is not loaded; any other answer is loaded but
// flagged.
func measure(ctx context.Context, w *wrk, r *row) error {
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.base+r.path, nil)
	for _, h := range r.requestHeaders() {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", r.name, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		r.status = "not available (404)"
		return nil
	}
	res, err := w.load(ctx, r.base+r.path, r.requestHeaders(), w.connections, w.duration, w.warmup, w.script)
	if err != nil {
		return fmt.Errorf("%s: %w", r.name, err)
	}
	r.res = res
	switch {
	case resp.StatusCode != http.StatusOK:
		r.status = fmt.Sprintf("HTTP %d: not counted", resp.StatusCode)
	case res.non2xx > 0:
		r.status = fmt.Sprintf("%d non-2xx of %d: not counted", res.non2xx, res.requests)
	case res.timeouts > 0:
		r.status = fmt.Sprintf("%d timeouts (no answer in %s): not counted", res.timeouts, wrkTimeout)
	case res.socketErrors > 0:
		r.status = fmt.Sprintf("%d socket errors", res.socketErrors)
	default:
		r.status = "ok"
	}
	return nil
}

type wrk struct {
	threads, connections int
	duration, warmup     time.Duration
	dir, script          string
	floodScript          string
}

// The Lua script's done() prints the figures as one JSON line.
const wrkScript = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`

// floodScript asks for a search of a different word each time (the
// cache cannot absorb it), and counts the answers by status.
const floodScript = `local threads = {}
local words = {"enfance", "famille", "handicap", "femmes", "emploi", "formation", "santé", "logement", "eau", "route",
  "الطفولة", "الأسرة", "الإعاقة", "النساء", "التشغيل", "التكوين", "الصحة", "السكن", "الماء", "الطريق"}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
local function escape(s) return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)) end
function request()
  return wrk.format("GET", "/fr/search?q=" .. escape(words[math.random(#words)]) .. "+" .. math.random(1000000))
end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
done = function(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%d":%d', k, v)) end
  local e = summary.errors
  io.write(string.format('BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"codes":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, table.concat(parts, ",")))
end
`

func (w *wrk) writeScripts() error {
	w.script = filepath.Join(w.dir, "report.lua")
	w.floodScript = filepath.Join(w.dir, "flood.lua")
	if err := os.WriteFile(w.script, []byte(wrkScript), 0o644); err != nil {
		return err
	}
	return os.WriteFile(w.floodScript, []byte(floodScript), 0o644)
}

type result struct {
	requests     int64
	rps          float64
	p50, p99     float64 // milliseconds
	bytesPerResp float64
	non2xx       int64
	timeouts     int64 // requests unanswered after wrkTimeout, not in the percentiles
	socketErrors int64 // connect, read and write errors
	codes        map[string]int64
}

// wrkTimeout is how long wrk waits for an answer before it counts a timeout.
const wrkTimeout = 5 * time.Second

func (w *wrk) args(connections int, d time.Duration, headers []string) []string {
	args := []string{"-t", strconv.Itoa(min(w.threads, connections)), "-c", strconv.Itoa(connections), "-d", fmt.Sprintf("%ds", int(d.Seconds())),
		"--timeout", fmt.Sprintf("%ds", int(wrkTimeout.Seconds()))}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	return args
}

func (w *wrk) load(ctx context.Context, u string, headers []string, connections int, d, warmup time.Duration, script string) (*result, error) {
	if warmup > 0 {
		warm := exec.CommandContext(ctx, "wrk", append(w.args(connections, warmup, headers), u)...)
		if out, err := warm.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("wrk (warm-up): %v: %s", err, lastLines(string(out), 5))
		}
	}
	cmd := exec.CommandContext(ctx, "wrk", append(w.args(connections, d, headers), "-s", script, u)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("wrk %s: %v: %s", strings.Join(cmd.Args[1:], " "), err, lastLines(string(out), 5))
	}
	var line string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "BENCH "); ok {
			line = rest
		}
	}
	var j struct {
		Requests   int64            `json:"requests"`
		DurationUS int64            `json:"duration_us"`
		Bytes      int64            `json:"bytes"`
		Status     int64            `json:"status"` // answers with a status of 400 or more
		Connect    int64            `json:"connect"`
		Read       int64            `json:"read"`
		Write      int64            `json:"write"`
		Timeout    int64            `json:"timeout"`
		P50        int64            `json:"p50"` // microseconds
		P99        int64            `json:"p99"`
		Codes      map[string]int64 `json:"codes"`
	}
	if err := json.Unmarshal([]byte(line), &j); err != nil {
		return nil, fmt.Errorf("reading wrk's report: %v: %s", err, lastLines(string(out), 5))
	}
	r := &result{requests: j.Requests, p50: float64(j.P50) / 1000, p99: float64(j.P99) / 1000,
		non2xx: j.Status, timeouts: j.Timeout, socketErrors: j.Connect + j.Read + j.Write, codes: j.Codes}
	if j.DurationUS > 0 {
		r.rps = float64(j.Requests) / (float64(j.DurationUS) / 1e6)
	}
	if j.Requests > 0 {
		r.bytesPerResp = float64(j.Bytes) / float64(j.Requests)
	}
	return r, nil
}

// peakRSS is the process's peak resident set size (VmHWM), in bytes.
func peakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmHWM in /proc/PID/status")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func tailFile(path string, n int) string {
	b, _ := os.ReadFile(path)
	return lastLines(string(b), n)
}
