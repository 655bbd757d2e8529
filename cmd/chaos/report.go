package main

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// tally counts the requests started in [from, to).
type tally struct {
	requests, ok, unavailable, writes, acked int
	failures                                 map[string]int
	maxLatency                               time.Duration
}

func count(samples []sample, from, to time.Time, dbUp time.Time) tally {
	t := tally{failures: map[string]int{}}
	for _, s := range samples {
		if s.start.Before(from) || !s.start.Before(to) {
			continue
		}
		t.requests++
		if s.write {
			t.writes++
		}
		if d := s.end.Sub(s.start); d > t.maxLatency {
			t.maxLatency = d
		}
		kind := failure(s)
		switch {
		case kind != "":
			t.failures[kind]++
		case s.ok():
			t.ok++
			if s.write {
				t.acked++
			}
		case s.end.Before(dbUp): // a 503 answered while the database ran
			t.failures["503 while the database was up"]++
		default:
			t.unavailable++
		}
	}
	return t
}

func (t tally) failed() int {
	n := 0
	for _, v := range t.failures {
		n += v
	}
	return n
}

func kinds(m map[string]int) string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%d %s", v, k))
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// render writes the report and says whether a target was missed.
func render(o options, f faultRun, sb standbyRun, rounds []round, rec records, took time.Duration) (string, bool) {
	var b strings.Builder
	var missed []string
	miss := func(format string, args ...any) { missed = append(missed, fmt.Sprintf(format, args...)) }
	pf := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	pf("Tachawor chaos, %s: %d readers + %d writers on loopback (GET /ar/meetings and %s; POST /fr/staff/meetings/new)\n\n",
		time.Now().Format("2006-01-02 15:04"), o.readers, o.writers, f.detail)

	// 1. PostgreSQL stopped and started again.
	pf("1. PostgreSQL stopped (pg_ctl stop -m fast) and started again under load, one portal process throughout\n")
	phases := []struct {
		name     string
		from, to time.Time
		dbUp     time.Time // 503s answered before this are failures
	}{
		{"healthy", f.t0, f.stopAt, f.stopAt},
		{"database away", f.stopAt, f.restarted, time.Time{}},
		{"recovery", f.restarted, f.end, time.Time{}},
	}
	pf("   %-14s %8s %9s %9s %6s %9s %8s %12s\n", "phase", "time", "requests", "2xx/3xx", "503", "failures", "writes", "max latency")
	var failures []string
	for _, ph := range phases {
		t := count(f.samples, ph.from, ph.to, ph.dbUp)
		pf("   %-14s %8s %9d %9d %6d %9d %8s %12s\n", ph.name, secs(ph.to.Sub(ph.from)), t.requests, t.ok, t.unavailable,
			t.failed(), fmt.Sprintf("%d/%d", t.acked, t.writes), t.maxLatency.Round(time.Millisecond))
		if t.failed() > 0 {
			failures = append(failures, ph.name+": "+kinds(t.failures))
			miss("%d failed requests among those started in the %s phase", t.failed(), ph.name)
		}
		if t.maxLatency > 5*time.Second {
			miss("a request took %s while %s", t.maxLatency.Round(time.Millisecond), ph.name)
		}
	}
	pf("   (a request counts in the phase it started in; writes: acknowledged with a 303 / sent; 503: the localized error\n")
	pf("   page, each checked: one HTML document, lang and heading of the path's language)\n")
	if len(failures) > 0 {
		pf("   failures: %s\n", strings.Join(failures, " | "))
	} else {
		pf("   failures (500s, connection errors, unlocalized 503 pages): none\n")
	}
	pf("   pg_ctl stop took %s; localpg.Start took %s", secs(f.stopped.Sub(f.stopAt)), secs(f.restarted.Sub(f.restartAt)))
	if f.newURL == f.oldURL {
		pf("; same port, same URL\n")
	} else {
		pf("; the URL CHANGED: %s -> %s (the portal cannot follow)\n", f.oldURL, f.newURL)
		miss("PostgreSQL came back on another port")
	}

	// /readyz and /healthz.
	pf("   /readyz: %s\n", transitions(f.polls, f.t0))
	down, up := time.Time{}, time.Time{}
	unhealthy := 0
	for _, p := range f.polls {
		if p.at.After(f.stopAt) && down.IsZero() && p.ready == http.StatusServiceUnavailable {
			down = p.at
		}
		if p.at.After(f.restartAt) && up.IsZero() && p.ready == http.StatusOK {
			up = p.at
		}
		if p.health != http.StatusOK {
			unhealthy++
		}
	}
	if down.IsZero() {
		miss("/readyz never answered 503 while the database was away")
	} else {
		pf("   /readyz said 503 %s after the stop began", secs(down.Sub(f.stopAt)))
	}
	if up.IsZero() {
		pf("\n")
		miss("/readyz did not answer 200 again after the restart")
	} else {
		pf(", 200 again %s after the restart began\n", secs(up.Sub(f.restartAt)))
	}
	pf("   /healthz: %d polls, %d not 200; portal process still the same at the end: %v\n", len(f.polls), unhealthy, yes(f.alive))
	if unhealthy > 0 {
		miss("/healthz did not answer 200 %d times", unhealthy)
	}
	if !f.alive {
		miss("the portal process exited during the fault")
	}

	// Recovery: the first successes after the restart began, and any 503
	// once the portal had recovered.
	var firstRead, firstWrite *sample
	for i := range f.samples {
		s := &f.samples[i]
		if s.start.Before(f.restartAt) || !s.ok() {
			continue
		}
		if !s.write && (firstRead == nil || s.end.Before(firstRead.end)) {
			firstRead = s
		}
		if s.write && (firstWrite == nil || s.end.Before(firstWrite.end)) {
			firstWrite = s
		}
	}
	if firstRead == nil || firstWrite == nil {
		miss("no successful read and write after the restart")
		pf("   recovery: NO successful read and write after the restart\n")
	} else {
		recovered := firstRead.end
		if firstWrite.end.After(recovered) {
			recovered = firstWrite.end
		}
		late := 0
		for _, s := range f.samples {
			if s.start.After(recovered) && s.status == http.StatusServiceUnavailable {
				late++
			}
		}
		pf("   recovery: first page 200 %s and first write 303 %s after the restart began; 503 answers after that: %d\n",
			secs(firstRead.end.Sub(f.restartAt)), secs(firstWrite.end.Sub(f.restartAt)), late)
		if late > 0 {
			miss("%d requests answered 503 after the portal had recovered", late)
		}
	}

	renderStandby(pf, miss, o, sb, f.detail)

	// 3. SIGTERM.
	pf("\n3. SIGTERM to the portal under load (%d processes, %s of load each before the signal)\n", len(rounds), o.beforeSignal)
	pf("   %-5s %9s %10s %7s %15s %7s %8s %13s %9s %10s\n", "round", "requests", "in flight", "failed", "dropped unread", "after", "refused", "writes acked", "shutdown", "exit code")
	for i, r := range rounds {
		var inFlight, failed, dropped, droppedSent, after, refused, acked, ackedLate int
		for _, s := range r.samples {
			if s.write && s.ok() {
				acked++
				if s.end.After(r.signal) {
					ackedLate++
				}
			}
		}
		var slowest time.Duration
		other := map[string]int{}
		for _, s := range r.samples {
			if !s.end.After(r.signal) {
				continue
			}
			bad := !s.ok() // the database is up: a 503 is a failure too
			if s.sent.IsZero() && errKind(s.err) == "connection refused" {
				refused++ // a new connection, after the listener closed
				continue
			}
			if s.start.Before(r.signal) {
				inFlight++
				slowest = max(slowest, s.end.Sub(r.signal))
				if bad {
					failed++
					if s.droppedUnread() {
						dropped++
						if !s.sent.IsZero() && s.sent.Before(r.signal) {
							droppedSent++
						}
					} else {
						other["in flight: "+failureOrStatus(s)]++
					}
				}
				continue
			}
			after++
			switch {
			case bad && s.droppedUnread():
				other["after the signal: dropped unread"]++
			case bad:
				other["after the signal: "+failureOrStatus(s)]++
			}
		}
		pf("   %-5d %9d %10d %7d %15d %7d %8d %13s %9s %10d\n", i+1, len(r.samples), inFlight, failed, dropped, after, refused,
			fmt.Sprintf("%d (%d late)", acked, ackedLate), secs(r.exited.Sub(r.signal)), r.exitCode)
		if dropped > 0 {
			pf("         dropped unread: %d, %d of them written before the signal\n", dropped, droppedSent)
		}
		if len(other) > 0 {
			pf("         %s\n", kinds(other))
		}
		if inFlight > 0 {
			pf("         the last in-flight request was answered %s after the signal\n", secs(slowest))
		}
		if failed > 0 {
			miss("%d of %d requests in flight failed at SIGTERM (round %d; %d dropped unread)", failed, inFlight, i+1, dropped)
		}
		if r.exitCode != 0 {
			miss("the portal exited %d after SIGTERM (round %d)", r.exitCode, i+1)
		}
	}
	pf("   in flight: started before the signal, written to a connection, answered after; failed: any answer but 2xx/3xx\n")
	pf("   (a write: but 303), or none; dropped unread: the server closed the kept-alive connection the request was on\n")
	pf("   without reading it (net/http's Shutdown closes the connections it sees idle; a GET is then retried on a new\n")
	pf("   connection and refused); after: started after the signal; refused: a new connection refused once the listener\n")
	pf("   closed, whenever the request started (expected, not failures); writes acked: 303s, late: answered after the\n")
	pf("   signal (all checked in SQL below)\n")

	// 4. Records.
	pf("\n4. Records, checked in SQL after everything\n")
	pf("   meetings sent: %d; acknowledged (303): %d; lost (acknowledged, absent): %d; duplicated: %d\n",
		rec.sent, rec.acked, rec.lost, rec.duplicated)
	pf("   half records (venue or audit line missing): %d; meetings with an empty title or venue in the whole table: %d\n", rec.half, rec.blank)
	pf("   not acknowledged and absent (refused before commit): %d; committed but unacknowledged: %d\n", rec.refusedClean, len(rec.unacked))
	for _, s := range rec.unacked {
		pf("     %q: %s", s.title, failureOrStatus(s))
		if strings.Contains(s.title, " faults-") {
			pf(", answered %s after the stop began", secs(s.end.Sub(f.stopAt)))
		}
		pf("\n")
	}
	if rec.lost > 0 {
		miss("%d acknowledged meetings are missing", rec.lost)
	}
	if rec.duplicated > 0 {
		miss("%d meetings were created twice", rec.duplicated)
	}
	if rec.half > 0 || rec.blank > 0 {
		miss("%d half records", rec.half+rec.blank)
	}

	pf("\n")
	if len(missed) == 0 {
		pf("PASS: every target met (took %s)\n", took.Round(time.Second))
	} else {
		pf("FAIL (took %s):\n", took.Round(time.Second))
		for _, m := range missed {
			pf("  - %s\n", m)
		}
	}
	return b.String(), len(missed) > 0
}

func failureOrStatus(s sample) string {
	if k := failure(s); k != "" {
		return k
	}
	return fmt.Sprintf("HTTP %d", s.status)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

// transitions lists the changes of /readyz's answer.
func transitions(polls []poll, t0 time.Time) string {
	name := func(status int) string {
		if status == 0 {
			return "no answer"
		}
		return strconv.Itoa(status)
	}
	var out []string
	last := -1
	for _, p := range polls {
		if p.ready != last {
			out = append(out, fmt.Sprintf("%s at +%.2f s", name(p.ready), p.at.Sub(t0).Seconds()))
			last = p.ready
		}
	}
	return fmt.Sprintf("%d polls: %s", len(polls), strings.Join(out, " -> "))
}
