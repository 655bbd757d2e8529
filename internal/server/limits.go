package server

import (
	"context"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"tachawor/internal/auth"
	"tachawor/internal/i18n"
	"tachawor/internal/store"
)

// clientIP is the address of the client a request comes from, as the
// per-address limits count it. It is the one place that reads it.
func clientIP(r *http.Request) string {
	a, err := auth.ClientAddress(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return a
}

// gateWait is the longest a request waits in a gate's queue.
const gateWait = 2 * time.Second

// gate bounds how many requests of a kind (searches, open data files) do
// their work at once, with a short queue: past the queue, or after
// waiting maxWait in it, a request is turned away at once (503 with
// Retry-After) rather than piling up behind the others. Reads served from
// the page cache never reach a gate: only the work is bounded.
type gate struct {
	slots   chan struct{} // one token per request at work
	queue   chan struct{} // one token per request waiting
	maxWait time.Duration
}

func newGate(concurrency, queue int, maxWait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, concurrency), queue: make(chan struct{}, queue), maxWait: maxWait}
}

// enter waits for a slot and returns the function that frees it, or false
// when the gate is full or ctx ended first.
func (g *gate) enter(ctx context.Context) (func(), bool) {
	release := func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, true
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, false
	}
	defer func() { <-g.queue }()
	timer := time.NewTimer(g.maxWait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, true
	case <-timer.C:
	case <-ctx.Done():
	}
	return nil, false
}

// limited runs next behind g, answering the localized 503 when it is full.
func (s *Server) limited(g *gate) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			release, ok := g.enter(r.Context())
			if !ok {
				s.busy(w, r)
				return
			}
			defer release()
			next.ServeHTTP(w, r)
		})
	}
}

// busyRetry is what a turned-away client is told to wait, in seconds.
const busyRetry = 2

// busy answers 503 with Retry-After: too many requests of the kind at work.
func (s *Server) busy(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", strconv.Itoa(busyRetry))
	s.errorPage(w, r, http.StatusServiceUnavailable, "error_busy")
}

// rateLimit counts requests per client address in fixed windows: at most
// n per window, the counts forgotten as each window ends, so its memory is
// bounded by the addresses seen in one window. n <= 0 turns it off.
type rateLimit struct {
	n      int
	window time.Duration
	mu     sync.Mutex
	start  time.Time
	counts map[string]int
}

func newRateLimit(n int, window time.Duration) *rateLimit {
	return &rateLimit{n: n, window: window, counts: map[string]int{}}
}

// allow counts one request from addr and reports whether it is within the
// limit, and if not, how long until the window ends.
func (l *rateLimit) allow(addr string, now time.Time) (bool, time.Duration) {
	if l.n <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.start) >= l.window {
		l.start, l.counts = now, map[string]int{}
	}
	if l.counts[addr] >= l.n {
		return false, l.window - now.Sub(l.start)
	}
	l.counts[addr]++
	return true, 0
}

// tarpitDelay is how long a request over its address's limit waits for
// its 429, and tarpitMax how many may wait at once (past them the answer
// is immediate): a client flooding as fast as it is answered is then
// answered slowly, each of its waiting requests costing a sleeping
// goroutine, not the CPU the other readers need.
const (
	tarpitDelay = time.Second
	tarpitMax   = 4096
)

// tooMany answers 429 with Retry-After: the address's share is spent.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	select {
	case s.tarpit <- struct{}{}:
		t := time.NewTimer(tarpitDelay)
		select {
		case <-t.C:
		case <-r.Context().Done():
		}
		t.Stop()
		<-s.tarpit
	default:
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)+1))
	s.errorPage(w, r, http.StatusTooManyRequests, "error_search_rate")
}

// cacheKey is what a public page is cached under: the reader's language,
// the path and the query. A request carrying a session cookie is not
// cached: a signed-in reader's header differs (their name, their links),
// and so does the page of a reader with a flash message waiting; their
// pages are few, and caching their body apart from the header would make
// every page two renders to keep in step, for a handful of readers.
func (s *Server) cacheKey(r *http.Request) (string, bool) {
	// A signed-in reader's page names them; a visitor's page after they
	// posted a comment carries the flash their cookie brings: neither is
	// served from, nor kept in, memory.
	for _, name := range []string{auth.CookieName, auth.FlashCookieName} {
		if _, err := r.Cookie(name); err == nil {
			return "", false
		}
	}
	// A streamed open data file is never kept: it goes through untouched,
	// compressed as the reader asks.
	if file, ok := strings.CutPrefix(r.URL.Path, "/data/"); ok && streamedDatasets[strings.TrimSuffix(file, path.Ext(file))] {
		return "", false
	}
	seg, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	l, ok := i18n.ParseLang(seg)
	if !ok {
		l = s.readerLang(r)
	}
	return string(l) + " " + r.URL.Path + "?" + r.URL.RawQuery, true
}

// publicQueries runs the queries of an anonymous reader's request under
// the public statement_timeout: a query gone wrong is cut by the server
// itself, whatever the client does.
func (s *Server) publicQueries(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie(auth.CookieName); err != nil {
			r = r.WithContext(store.WithStatementTimeout(r.Context(), s.cfg.PublicStatementTimeout))
		}
		next.ServeHTTP(w, r)
	})
}

// exportQueries gives the query of an open data file, which streams as
// long as the download lasts, the longer export timeout.
func (s *Server) exportQueries(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(store.WithStatementTimeout(r.Context(), s.cfg.ExportStatementTimeout)))
	})
}
