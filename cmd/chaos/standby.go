package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/localpg"
	"tachawor/internal/store"
)

// The standby phase: a hot standby made from the primary (pg_basebackup
// -R, as localpg makes it), two portal processes reading anonymous pages
// from it, the load spread across both, and the standby stopped and
// started again under it. A public writer changes the detail meeting's
// French title every changeEvery; every detail page read tells which
// version it shows.

// replicaMaxLag is the portals' REPLICA_MAX_LAG; allowance is how far
// behind a change a page read from a standby in use may be: the lag, a
// health check (250 ms) and the time to read the page. A page further
// behind is stale, whether it came from the page cache or not.
const (
	replicaMaxLag = time.Second
	allowance     = replicaMaxLag + 750*time.Millisecond
)

// change is one version the public writer committed.
type change struct {
	n         int
	committed time.Time // when its commit returned
}

// standbyRun is what happened in the standby phase.
type standbyRun struct {
	made                                           time.Duration // pg_basebackup and the standby's start
	t0, stopAt, stopped, restartAt, restarted, end time.Time
	samples                                        []sample
	polls                                          [2][]poll
	changes                                        []change
	procs                                          [2]procLog
	standbyTx                                      [2]int64 // transactions the standby ran: healthy, after its restart
}

func standbyPhase(ctx context.Context, o options, bin string, primary *localpg.Cluster, dir, logDir string, cookies []string, detail string) (standbyRun, error) {
	var run standbyRun
	id, err := strconv.ParseInt(strings.TrimPrefix(detail, "/fr/meetings/"), 10, 64)
	if err != nil {
		return run, fmt.Errorf("detail page %s: %w", detail, err)
	}
	sbDir := filepath.Join(dir, "standby")
	if err := localpg.StopAtExit(sbDir, true); err != nil {
		return run, err
	}
	logf("making a hot standby of PostgreSQL (pg_basebackup -R) in %s", sbDir)
	start := time.Now()
	sb, err := localpg.StartStandby(ctx, primary, localpg.Options{Dir: sbDir})
	if err != nil {
		return run, err
	}
	run.made = time.Since(start)
	defer func() { sb.Stop() }() // the one running at the end, which may be the restarted one

	pool, err := store.Open(ctx, primary.URL(localpg.Database))
	if err != nil {
		return run, err
	}
	defer pool.Close()
	var mu sync.Mutex
	setVersion := func(n int) error {
		_, err := pool.Exec(ctx, `UPDATE meetings SET title_fr = $1 WHERE id = $2`, "Rencontre "+versionMark+strconv.Itoa(n), id)
		if err == nil {
			mu.Lock()
			run.changes = append(run.changes, change{n: n, committed: time.Now()})
			mu.Unlock()
		}
		return err
	}
	if err := setVersion(0); err != nil {
		return run, err
	}

	env := []string{"DATABASE_REPLICA_URLS=" + sb.URL(localpg.Database), "REPLICA_MAX_LAG=" + replicaMaxLag.String(),
		"REPLICA_READ_YOUR_WRITES=" + (replicaMaxLag + time.Second).String()}
	var ps [2]*portal
	var logs [2]string
	for i := range ps {
		logs[i] = filepath.Join(logDir, fmt.Sprintf("portal-standby-%d.log", i+1))
		if ps[i], err = startPortal(ctx, bin, primary.URL(localpg.Database), logs[i], env...); err != nil {
			return run, err
		}
		defer ps[i].stop()
	}
	for i := range ps {
		for deadline := time.Now().Add(30 * time.Second); readProcLog(logs[i], time.Time{}, time.Time{}).inUse == 0; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				return run, fmt.Errorf("portal %d did not put the standby in use in 30 s:\n%s", i+1, tail(logs[i], 10))
			}
		}
	}
	logf("two portals at %s and %s reading from the standby; it will be stopped after %s", ps[0].base, ps[1].base, o.healthy)

	l := newLoad([]string{ps[0].base, ps[1].base}, "standby", cookies, detail)
	var rz [2]readyz
	stop := make(chan struct{})
	var wg sync.WaitGroup
	finish := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer finish()
	run.t0 = time.Now()
	wg.Go(func() { l.run(ctx, stop, o.readers, o.writers) })
	for i := range ps {
		wg.Go(func() { rz[i].run(ctx, stop, ps[i].base) })
	}
	wg.Go(func() {
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case <-time.After(o.changeEvery):
			}
			if err := setVersion(n); err != nil {
				logf("changing the detail meeting: %v", err)
			}
		}
	})

	before := standbyTransactions(ctx, sb)
	if err := sleep(ctx, o.healthy); err != nil {
		return run, err
	}
	run.standbyTx[0] = standbyTransactions(ctx, sb) - before
	logf("stopping the standby (pg_ctl stop -m fast)")
	run.stopAt = time.Now()
	if err := sb.Stop(); err != nil {
		return run, err
	}
	run.stopped = time.Now()
	if err := sleep(ctx, o.away); err != nil {
		return run, err
	}
	logf("starting the standby again")
	run.restartAt = time.Now()
	if sb, err = localpg.StartStandby(ctx, primary, localpg.Options{Dir: sbDir}); err != nil {
		return run, fmt.Errorf("restarting the standby: %w", err)
	}
	run.restarted = time.Now()
	before = standbyTransactions(ctx, sb)
	if err := sleep(ctx, o.recovery); err != nil {
		return run, err
	}
	run.standbyTx[1] = standbyTransactions(ctx, sb) - before
	run.end = time.Now()
	finish()
	run.samples = l.all()
	for i := range ps {
		run.polls[i] = rz[i].all()
		ps[i].stop()
		run.procs[i] = readProcLog(logs[i], run.stopAt, run.restartAt)
	}
	return run, nil
}

// standbyTransactions is how many transactions the standby has run in the
// portal's database (0 when it does not answer).
func standbyTransactions(ctx context.Context, sb *localpg.Cluster) int64 {
	conn, err := pgx.Connect(ctx, sb.URL("postgres"))
	if err != nil {
		return 0
	}
	defer conn.Close(context.Background())
	var n int64
	conn.QueryRow(ctx, `SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1`, localpg.Database).Scan(&n)
	return n
}

// procLog is what a portal's log says of the standby.
type procLog struct {
	inUse     int       // status lines saying it is in use
	skipped   time.Time // the first line saying none is in use, after the stop began
	back      time.Time // the first line saying it is in use again, after the restart began
	readAgain int       // pages read again from the primary when the standby failed under them
}

func readProcLog(path string, stopAt, restartAt time.Time) procLog {
	var p procLog
	f, err := os.Open(path)
	if err != nil {
		return p
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		at := time.Time{}
		if v, ok := strings.CutPrefix(line, "time="); ok {
			v, _, _ = strings.Cut(v, " ")
			at, _ = time.Parse(time.RFC3339Nano, v)
		}
		switch {
		case strings.Contains(line, `msg="standbys in use: none`):
			if !stopAt.IsZero() && at.After(stopAt) && p.skipped.IsZero() {
				p.skipped = at
			}
		case strings.Contains(line, `msg="standbys in use: 1 of 1"`):
			p.inUse++
			if !restartAt.IsZero() && at.After(restartAt) && p.back.IsZero() {
				p.back = at
			}
		case strings.Contains(line, "page read again from the primary"):
			p.readAgain++
		}
	}
	return p
}

// staleness sorts the detail pages read: stale, older than a change
// committed more than allowance before they were asked; behind, older than
// a change committed before they were asked (a standby in use may be, by
// up to its lag), and by how much at most; unversioned, showing no version.
func staleness(samples []sample, changes []change, detail string) (detailPages, stale, behind int, worst time.Duration, unversioned int) {
	for _, s := range samples {
		if s.path != detail || s.status != 200 {
			continue
		}
		detailPages++
		if s.version < 0 {
			unversioned++
			continue
		}
		for _, c := range changes {
			if c.n <= s.version || !c.committed.Before(s.start) {
				continue
			}
			behind++
			worst = max(worst, s.start.Sub(c.committed))
			if c.committed.Before(s.start.Add(-allowance)) {
				stale++
			}
			break
		}
	}
	return
}

// renderStandby writes the standby phase's part of the report.
func renderStandby(pf func(string, ...any), miss func(string, ...any), o options, run standbyRun, detail string) {
	pf("\n2. A hot standby (pg_basebackup -R, made and started in %s) and two portal processes reading anonymous pages from it,\n", secs(run.made))
	pf("   the load spread across both; the standby stopped (pg_ctl stop -m fast) and started again under load\n")
	phases := []struct {
		name     string
		from, to time.Time
	}{
		{"healthy", run.t0, run.stopAt},
		{"standby away", run.stopAt, run.restarted},
		{"recovery", run.restarted, run.end},
	}
	pf("   %-14s %8s %9s %9s %9s %9s %8s %12s\n", "phase", "time", "requests", "portal 1", "portal 2", "failures", "writes", "max latency")
	var all [2]int
	var failures []string
	for _, ph := range phases {
		t := count(run.samples, ph.from, ph.to, run.end) // the primary is up: a 503 is a failure
		var per [2]int
		for _, s := range run.samples {
			if !s.start.Before(ph.from) && s.start.Before(ph.to) {
				per[s.portal]++
				all[s.portal]++
			}
		}
		pf("   %-14s %8s %9d %9d %9d %9d %8s %12s\n", ph.name, secs(ph.to.Sub(ph.from)), t.requests, per[0], per[1],
			t.failed(), fmt.Sprintf("%d/%d", t.acked, t.writes), t.maxLatency.Round(time.Millisecond))
		if t.failed() > 0 {
			failures = append(failures, ph.name+": "+kinds(t.failures))
			miss("%d failed requests among those started in the standby phase's %s part", t.failed(), ph.name)
		}
	}
	if len(failures) > 0 {
		pf("   failures: %s\n", strings.Join(failures, " | "))
	} else {
		pf("   failures (any answer but 2xx/3xx, 503 included, or none): none\n")
	}
	total := all[0] + all[1]
	for i, n := range all {
		if total == 0 || n*4 < total {
			miss("portal %d served %d of %d requests: the load was not spread", i+1, n, total)
		}
	}

	pages, stale, behind, worst, unversioned := staleness(run.samples, run.changes, detail)
	pf("   stale pages seen: %d of %d detail pages read (older than a change committed more than %s before they were asked:\n",
		stale, pages, allowance)
	pf("   REPLICA_MAX_LAG %s, a health check and the reading; %d changes, one every %s)\n", replicaMaxLag, len(run.changes), o.changeEvery)
	pf("   pages read while a change committed before they were asked was not on them yet, within that: %d (at most %s after it)\n",
		behind-stale, worst.Round(time.Millisecond))
	if stale > 0 {
		miss("%d stale pages seen", stale)
	}
	if unversioned > 0 {
		miss("%d detail pages showed no version", unversioned)
	}
	if len(run.changes) < 3 {
		miss("only %d changes made", len(run.changes))
	}

	pf("   transactions the standby ran: %d while healthy, %d after its restart\n", run.standbyTx[0], run.standbyTx[1])
	if run.standbyTx[0] == 0 || run.standbyTx[1] == 0 {
		miss("the standby served no reads while healthy or after its restart")
	}
	for i, p := range run.procs {
		pf("   portal %d: ", i+1)
		if p.skipped.IsZero() {
			pf("never said it skipped the standby; ")
			miss("portal %d never skipped the stopped standby", i+1)
		} else {
			pf("skipped the standby %s after the stop began; ", secs(p.skipped.Sub(run.stopAt)))
		}
		if p.back.IsZero() {
			pf("never used it again")
			miss("portal %d never used the restarted standby", i+1)
		} else {
			pf("used it again %s after the restart began", secs(p.back.Sub(run.restartAt)))
		}
		pf("; pages read again from the primary when it went: %d\n", p.readAgain)
	}
	var polls, bad int
	for _, ps := range run.polls {
		for _, p := range ps {
			polls++
			if p.ready != 200 || p.health != 200 {
				bad++
			}
		}
	}
	pf("   /readyz and /healthz of both portals: %d polls, %d not 200 (/readyz reports the primary)\n", polls, bad)
	if bad > 0 {
		miss("/readyz or /healthz did not answer 200 %d times with the standby away", bad)
	}
}
