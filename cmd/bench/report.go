package main

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"tachawor/internal/bench"
)

// Targets of issue 6, on the 2-core machine.
const (
	publicP99   = 30.0 // ms, every public page
	signedInP99 = 50.0 // ms, signed-in pages and search
	floorRatio  = 0.5  // of the floor's throughput, for the two measured pages
	maxRSS      = 150  // MB
	maxReady    = time.Second

	busyShare = 0.10 // of the CPUs used by others, past which a figure is flagged
)

// render is the report: one table, the process figures, the targets.
func render(o options, rows []*row, rss int64, rssErr error, ready time.Duration, seeded bench.Result,
	seedTime time.Duration, hitsAR, hitsFR int, others float64, took time.Duration) string {
	var b strings.Builder
	enc := "identity"
	if o.gzip {
		enc = "gzip"
	}
	fmt.Fprintf(&b, "Tachawor load test, %s: %d CPUs, wrk -t%d -c%d -d%s after a %s warm-up per page, loopback, %s responses\n",
		time.Now().Format("2006-01-02 15:04"), runtime.NumCPU(), o.threads, o.connections, o.duration, o.warmup, enc)
	var counts []string
	for _, c := range seeded.Counts {
		counts = append(counts, group(c.Rows)+" "+c.Table)
	}
	fmt.Fprintf(&b, "dataset (%s scale, seeded in %s, marked demo): %s\n", o.scale, seedTime.Round(100*time.Millisecond), strings.Join(counts, ", "))
	for _, n := range seeded.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	b.WriteString("\n")

	const format = "%-32s %10s %8s %8s %11s %6s  %s\n"
	fmt.Fprintf(&b, format, "page", "requests/s", "p50", "p99", "bytes/resp", "ratio", "status")
	fmt.Fprintf(&b, format, strings.Repeat("-", 32), strings.Repeat("-", 10), strings.Repeat("-", 8), strings.Repeat("-", 8),
		strings.Repeat("-", 11), strings.Repeat("-", 6), strings.Repeat("-", 6))
	for _, r := range rows {
		rps, p50, p99, size, ratio := "-", "-", "-", "-", "-"
		if r.measured() {
			rps = group(int64(r.res.rps + 0.5))
			p50 = fmt.Sprintf("%.1f ms", r.res.p50)
			p99 = r.p99Text()
			size = group(int64(r.res.bytesPerResp + 0.5))
		}
		if x, ok := r.ratio(); ok {
			ratio = fmt.Sprintf("%.2f", x)
		}
		status := r.status
		if r.measured() && r.others >= busyShare {
			status += fmt.Sprintf("; machine busy: other processes used %.0f%% of the CPUs", 100*r.others)
		}
		fmt.Fprintf(&b, format, r.name, rps, p50, p99, size, ratio, status)
	}
	b.WriteString("\n")

	rssText := "unknown (" + fmt.Sprint(rssErr) + ")"
	if rssErr == nil {
		rssText = fmt.Sprintf("%.1f MB", float64(rss)/(1<<20))
	}
	fmt.Fprintf(&b, "portal peak RSS (VmHWM at the end):          %s\n", rssText)
	fmt.Fprintf(&b, "start-up to ready (serve --seed, migrated):  %s\n", ready.Round(time.Millisecond))
	searchP99, searchOK := worstP99(rows, search)
	searchText := "not measured"
	if searchOK {
		searchText = fmt.Sprintf("%.1f ms", searchP99)
		if searchP99 >= float64(wrkTimeout.Milliseconds()) {
			searchText = "> " + wrkTimeout.String()
		}
	}
	fmt.Fprintf(&b, "full-text search p99 (max of the two rows):  %s  (q=%s: %s matches; q=%s: %s matches)\n",
		searchText, searchAR, group(int64(hitsAR)), searchFR, group(int64(hitsFR)))
	b.WriteString("\ntargets\n")

	line := func(verdict, what, detail string) {
		fmt.Fprintf(&b, "  %-4s  %-40s %s\n", verdict, what, detail)
	}
	v, d := p99Target(rows, public, publicP99)
	line(v, fmt.Sprintf("every public page p99 <= %.0f ms", publicP99), d)
	v, d = p99Target(rows, signedIn, signedInP99)
	line(v, fmt.Sprintf("signed-in pages p99 <= %.0f ms", signedInP99), d)
	v, d = p99Target(rows, search, signedInP99)
	line(v, fmt.Sprintf("search p99 <= %.0f ms", signedInP99), d)
	for _, r := range rows {
		if r.floor == "" {
			continue
		}
		if x, ok := r.ratio(); ok {
			line(verdict(x >= floorRatio), fmt.Sprintf("%s >= %.1f of its floor", r.name, floorRatio),
				fmt.Sprintf("%.2f (%s of %s req/s)", x, group(int64(r.res.rps+0.5)), group(int64(r.floorRow.res.rps+0.5))))
		} else {
			line("MISS", fmt.Sprintf("%s >= %.1f of its floor", r.name, floorRatio), "not measured: "+r.status)
		}
	}
	if rssErr == nil {
		line(verdict(float64(rss)/(1<<20) < maxRSS), fmt.Sprintf("peak RSS < %d MB", maxRSS), rssText)
	} else {
		line("n/a", fmt.Sprintf("peak RSS < %d MB", maxRSS), rssText)
	}
	line(verdict(ready < maxReady), "ready < 1 s", ready.Round(time.Millisecond).String())
	fmt.Fprintf(&b, "\nCPU used by processes foreign to this run during the loads: %.0f%% of %d CPUs", 100*others, runtime.NumCPU())
	if others >= busyShare {
		b.WriteString(" (a busy machine: every figure above is pessimistic; run again on a quiet one)")
	}
	fmt.Fprintf(&b, "\nThe load generator shares the CPUs with the portal and PostgreSQL: compare ratios within a run. Whole run: %s.\n",
		took.Round(time.Second))
	return b.String()
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}

func worstP99(rows []*row, k kind) (float64, bool) {
	worst, any := 0.0, false
	for _, r := range rows {
		if r.kind == k && r.measured() {
			worst, any = max(worst, r.p99()), true
		}
	}
	return worst, any
}

// p99Target judges the rows of a kind against a p99 limit: a page not
// answering 200 throughout misses; a page not there yet (404), or not
// reachable (sign-in failed), is listed but not judged.
func p99Target(rows []*row, k kind, limit float64) (string, string) {
	var over, broken, absent []string
	var worst *row
	measured := 0
	for _, r := range rows {
		if r.kind != k {
			continue
		}
		switch {
		case !r.measured():
			if strings.HasPrefix(r.status, "not available") {
				absent = append(absent, r.name)
			} else {
				absent = append(absent, r.name+" ("+r.status+")")
			}
			continue
		case !r.healthy():
			broken = append(broken, r.name+" ("+r.status+")")
		case r.p99() > limit:
			over = append(over, r.name+" "+r.p99Text())
		}
		measured++
		if worst == nil || r.p99() > worst.p99() {
			worst = r
		}
	}
	var parts []string
	if worst != nil {
		parts = append(parts, "worst "+worst.name+" "+worst.p99Text())
	}
	if len(over) > 0 {
		parts = append(parts, "over: "+strings.Join(over, ", "))
	}
	if len(broken) > 0 {
		parts = append(parts, "not answering 200: "+strings.Join(broken, ", "))
	}
	if len(absent) > 0 {
		parts = append(parts, "not measured: "+strings.Join(absent, ", "))
	}
	switch {
	case measured == 0:
		return "n/a", strings.Join(parts, "; ")
	case len(over) > 0 || len(broken) > 0:
		return "MISS", strings.Join(parts, "; ")
	}
	return "PASS", strings.Join(parts, "; ")
}

// group writes n with thousands separators: 12,345.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
