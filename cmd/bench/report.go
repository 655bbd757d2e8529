package main

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"tachawor/internal/bench"
	"tachawor/internal/store"
)

// Targets of issue 14, on the 2-core machine with 32 connections.
const (
	cachedP99      = 10.0 // ms, every public page from memory
	ceilingRatio   = 0.5  // of the ceiling, every public page from memory
	ceilingStretch = 0.7
	floorRatio     = 0.7  // of its floor, every page with the cache off
	searchP99      = 50.0 // ms, search ranked over all matches (cache off)
	signedInP99    = 50.0 // ms, the staff expectations queue
	floodFactor    = 3.0  // the meetings list's p99 during the flood, times its quiet p99
	floodReadyP99  = 50.0 // ms, /readyz during the flood
	maxRSS         = 150  // MB
	maxReady       = time.Second

	busyShare = 0.10 // of the CPUs used by others, past which a figure is flagged
)

// report is what one run measured.
type report struct {
	opts     options
	seeded   bench.Result
	seedTime time.Duration
	ready    time.Duration

	ceiling, cachedIdentity, cachedGzip, uncached, signedIn []*row
	flood                                                   *floodResult
	filled                                                  fillResult
	rss                                                     int64
	rssErr                                                  error
	hitsAR, hitsFR                                          store.SearchResult
	others                                                  float64
	took                                                    time.Duration
}

const rowFormat = "%-42s %10s %8s %9s %11s %6s  %s\n"

func (rp *report) render() string {
	var b strings.Builder
	o := rp.opts
	fmt.Fprintf(&b, "Tachawor load test, %s: %d CPUs, wrk -t%d -c%d -d%s after a %s warm-up per page, loopback\n",
		time.Now().Format("2006-01-02 15:04"), runtime.NumCPU(), o.threads, o.connections, o.duration, o.warmup)
	var counts []string
	for _, c := range rp.seeded.Counts {
		counts = append(counts, group(c.Rows)+" "+c.Table)
	}
	fmt.Fprintf(&b, "dataset (%s scale, seeded in %s, marked demo): %s\n", o.scale, rp.seedTime.Round(100*time.Millisecond), strings.Join(counts, ", "))
	for _, n := range rp.seeded.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	fmt.Fprintf(&b, "portal settings: the defaults (PAGE_CACHE_BYTES %s, DB_MAX_CONNS %d, SEARCH_CONCURRENCY %d, SEARCH_QUEUE %d, SEARCH_BUDGET %s); "+
		"the cache-off portal has PAGE_CACHE_BYTES=0 and SEARCH_RATE=0\n\n",
		group(limits.PageCacheBytes), limits.DBMaxConns, limits.SearchConcurrency, limits.SearchQueue, limits.SearchBudget)

	fmt.Fprintf(&b, rowFormat, "page", "requests/s", "p50", "p99", "bytes/resp", "ratio", "status")
	fmt.Fprintf(&b, rowFormat, strings.Repeat("-", 42), strings.Repeat("-", 10), strings.Repeat("-", 8), strings.Repeat("-", 9),
		strings.Repeat("-", 11), strings.Repeat("-", 6), strings.Repeat("-", 6))
	section := func(title string, rows []*row) {
		fmt.Fprintf(&b, "%s\n", title)
		for _, r := range rows {
			rp.line(&b, r)
		}
	}
	section("the ceiling (bare net/http writing the median page's bytes)", rp.ceiling)
	section("from the page cache, as wrk asks (identity): ratio to the ceiling", rp.cachedIdentity)
	section("from the page cache, as browsers ask (gzip): ratio to the gzip ceiling", rp.cachedGzip)
	section("cache off: ratio to the floor (the same SQL in a bare net/http handler)", rp.uncached)
	section("signed in (never cached)", rp.signedIn)
	if f := rp.flood; f != nil {
		fmt.Fprintf(&b, "flood: %d connections on search, a new word each request, %s, on the cached portal\n", floodConns, floodTime)
		watch := func(name string, r *result) {
			fmt.Fprintf(&b, rowFormat, "  "+name, group(int64(r.rps+0.5)), fmt.Sprintf("%.1f ms", r.p50), fmt.Sprintf("%.1f ms", r.p99),
				group(int64(r.bytesPerResp+0.5)), "-", fmt.Sprintf("%d non-2xx, %d timeouts", r.non2xx, r.timeouts))
		}
		watch(fmt.Sprintf("meetings list, quiet (%d conns)", watchConns), f.meetingsQuiet)
		watch(fmt.Sprintf("meetings list, flooded (%d conns)", watchConns), f.meetingsFlood)
		watch(fmt.Sprintf("/readyz, quiet (%d conns)", watchConns), f.readyzQuiet)
		watch(fmt.Sprintf("/readyz, flooded (%d conns)", watchConns), f.readyzFlood)
		fmt.Fprintf(&b, rowFormat, fmt.Sprintf("  search flood (%d conns)", floodConns), group(int64(f.search.rps+0.5)),
			fmt.Sprintf("%.1f ms", f.search.p50), fmt.Sprintf("%.1f ms", f.search.p99), group(int64(f.search.bytesPerResp+0.5)), "-",
			fmt.Sprintf("%s answered 200, %s refused 429, %s turned away 503, %d other 5xx, %d timeouts",
				group(f.searchOK), group(f.refused), group(f.busy), f.bad, f.search.timeouts))
	}
	b.WriteString("\n")

	rssText := "unknown (" + fmt.Sprint(rp.rssErr) + ")"
	if rp.rssErr == nil {
		rssText = fmt.Sprintf("%.1f MB", float64(rp.rss)/(1<<20))
	}
	fmt.Fprintf(&b, "cached portal's peak RSS (VmHWM), after filling the cache (%s pages, %s bytes asked for): %s\n",
		group(int64(rp.filled.pages)), group(rp.filled.bytes), rssText)
	fmt.Fprintf(&b, "start-up to ready (serve --seed, migrated): %s\n", rp.ready.Round(time.Millisecond))
	fmt.Fprintf(&b, "search: q=%s %s matches, q=%s %s matches (the best %d ranked)\n",
		searchAR, matches(rp.hitsAR), searchFR, matches(rp.hitsFR), store.SearchRanked)

	b.WriteString("\ntargets\n")
	line := func(ok bool, what, detail string) {
		fmt.Fprintf(&b, "  %-4s  %-58s %s\n", verdict(ok), what, detail)
	}
	ratio := func(r *row) (float64, bool) { return r.ratio() }
	p99 := func(r *row) (float64, bool) { return r.p99(), true }
	for _, sec := range []struct {
		name string
		rows []*row
	}{{"identity", rp.cachedIdentity}, {"gzip", rp.cachedGzip}} {
		ok, detail := judge(sec.rows, ratio, ceilingRatio, true)
		stretch, _ := judge(sec.rows, ratio, ceilingStretch, true)
		line(ok, fmt.Sprintf("every public page from memory (%s) >= %.1f of the ceiling", sec.name, ceilingRatio),
			fmt.Sprintf("%s; stretch %.1f: %s", detail, ceilingStretch, verdict(stretch)))
		ok, detail = judge(sec.rows, p99, cachedP99, false)
		line(ok, fmt.Sprintf("every public page from memory (%s) p99 <= %.0f ms", sec.name, cachedP99), detail)
	}
	var withFloor, searches []*row
	for _, r := range rp.uncached {
		if r.ref != nil {
			withFloor = append(withFloor, r)
		}
		if r.kind == search {
			searches = append(searches, r)
		}
	}
	ok, detail := judge(withFloor, ratio, floorRatio, true)
	line(ok, fmt.Sprintf("every page with a floor, cache off, >= %.1f of its floor", floorRatio), detail)
	ok, detail = judge(searches, p99, searchP99, false)
	line(ok, fmt.Sprintf("search (ar, fr), ranked over all matches, p99 <= %.0f ms", searchP99), "cache off, "+detail)
	ok, detail = judge(searches, ratio, floorRatio, true)
	line(ok, fmt.Sprintf("search (ar, fr) >= %.1f of its floor", floorRatio), detail)
	ok, detail = judge(rp.signedIn, p99, signedInP99, false)
	line(ok, fmt.Sprintf("staff expectations queue p99 <= %.0f ms", signedInP99), detail)
	if f := rp.flood; f != nil {
		limit := floodFactor * f.meetingsQuiet.p99
		line(f.meetingsFlood.p99 <= limit && f.meetingsFlood.non2xx == 0 && f.meetingsFlood.timeouts == 0,
			fmt.Sprintf("flood: meetings list p99 <= %.0f x its quiet p99", floodFactor),
			fmt.Sprintf("%.1f ms flooded, %.1f ms quiet (limit %.1f ms)", f.meetingsFlood.p99, f.meetingsQuiet.p99, limit))
		line(f.readyzFlood.p99 <= floodReadyP99 && f.readyzFlood.non2xx == 0 && f.readyzFlood.timeouts == 0,
			fmt.Sprintf("flood: /readyz p99 <= %.0f ms", floodReadyP99), fmt.Sprintf("%.1f ms", f.readyzFlood.p99))
		line(f.bad == 0 && f.meetingsFlood.non2xx == 0 && f.readyzFlood.non2xx == 0,
			"flood: no 5xx but the deliberate 503s", fmt.Sprintf("%d other 5xx", f.bad))
	}
	if rp.rssErr == nil {
		line(float64(rp.rss)/(1<<20) < maxRSS, fmt.Sprintf("peak RSS < %d MB, the cache full", maxRSS), rssText)
	} else {
		fmt.Fprintf(&b, "  %-4s  %-58s %s\n", "n/a", fmt.Sprintf("peak RSS < %d MB", maxRSS), rssText)
	}
	line(rp.ready < maxReady, "ready < 1 s", rp.ready.Round(time.Millisecond).String())
	fmt.Fprintf(&b, "\nCPU used by processes foreign to this run during the loads: %.0f%% of %d CPUs", 100*rp.others, runtime.NumCPU())
	if rp.others >= busyShare {
		b.WriteString(" (a busy machine: every absolute figure above is pessimistic; compare the ratios)")
	}
	fmt.Fprintf(&b, "\nThe load generator shares the CPUs with the portals and PostgreSQL: compare ratios within a run. Whole run: %s.\n",
		rp.took.Round(time.Second))
	return b.String()
}

func (rp *report) line(b *strings.Builder, r *row) {
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
		status += fmt.Sprintf("; machine busy: others used %.0f%% of the CPUs", 100*r.others)
	}
	name := r.name
	if r.kind != floor && r.kind != ceiling {
		name = "  " + name
	}
	fmt.Fprintf(b, rowFormat, name, rps, p50, p99, size, ratio, status)
}

// judge checks value against limit on every row but the floors (higher
// or lower is better), and names the worst row; a row not measured, or
// not answering 200 throughout, misses.
func judge(rows []*row, value func(*row) (float64, bool), limit float64, higher bool) (bool, string) {
	ok, worst, worstV := len(rows) > 0, (*row)(nil), 0.0
	var missed []string
	for _, r := range rows {
		if r.kind == floor {
			continue
		}
		v, has := 0.0, false
		if r.healthy() {
			v, has = value(r)
		}
		good := has && (higher && v >= limit || !higher && v <= limit)
		if !good {
			ok = false
			why := r.name
			if !r.healthy() {
				why += " (" + r.status + ")"
			}
			missed = append(missed, why)
		}
		if has && (worst == nil || higher && v < worstV || !higher && v > worstV) {
			worst, worstV = r, v
		}
	}
	detail := ""
	if worst != nil {
		detail = fmt.Sprintf("worst %s %.2f", worst.name, worstV)
	}
	if len(missed) > 0 {
		detail += "; missed: " + strings.Join(missed, ", ")
	}
	return ok, detail
}

func matches(r store.SearchResult) string {
	if r.More {
		return "more than " + group(int64(r.Total))
	}
	return group(int64(r.Total))
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
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
