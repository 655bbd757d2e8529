package pagecache_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"tachawor/internal/pagecache"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m, store.Prepare) }

// env is a cache listening to a fresh database, in front of a handler
// that renders a page from a row of it: the value of one setting, written
// into a page of a few kilobytes, with an ETag as the portal's
// conditional middleware gives one.
type env struct {
	pool    *pgxpool.Pool
	cache   *pagecache.Cache
	h       http.Handler
	renders atomic.Int64
	hold    chan struct{} // when set, each render waits on it after reading
}

func newEnv(t *testing.T, maxBytes int64) *env {
	t.Helper()
	u := testdb.URL(t)
	pool, err := pgxpool.New(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := pool.Exec(context.Background(), `INSERT INTO regions (id, slug, name_ar, name_fr, tile_col, tile_row)
		VALUES (99, 'test', 'اختبار', '0', 99, 99)`); err != nil {
		t.Fatal(err)
	}
	e := &env{pool: pool, cache: pagecache.New(maxBytes)}
	l, err := pagecache.NewListener(e.cache, u, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { l.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	waitFor(t, "listening", func() bool { return l.Fence(context.Background()) == nil })
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.renders.Add(1)
		var v string
		if err := pool.QueryRow(r.Context(), `SELECT name_fr FROM regions WHERE id = 99`).Scan(&v); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		if e.hold != nil {
			<-e.hold
		}
		if lsn := r.URL.Query().Get("lsn"); lsn != "" {
			n, _ := strconv.ParseUint(lsn, 10, 64)
			pagecache.ReadAt(r.Context(), n) // as if read from a standby at n
		}
		body := fmt.Sprintf("<p>version <b>%s</b></p>%s<p>%s</p>", v, strings.Repeat("<p>du texte public</p>", 200), r.URL.RequestURI())
		if r.URL.Query().Has("cookie") {
			http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"})
		}
		if r.URL.Query().Has("nostore") {
			w.Header().Set("Cache-Control", "no-store")
		}
		if r.URL.Query().Has("missing") {
			w.WriteHeader(http.StatusNotFound)
		}
		sum := sha256.Sum256([]byte(body))
		w.Header().Set("ETag", `W/"`+base64.RawURLEncoding.EncodeToString(sum[:12])+`"`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if w.Header().Get("Cache-Control") == "" {
			w.Header().Set("Cache-Control", "no-cache")
		}
		io.WriteString(w, body)
	})
	e.h = e.cache.Middleware(func(r *http.Request) (string, bool) {
		if _, err := r.Cookie("session"); err == nil {
			return "", false
		}
		return r.URL.RequestURI(), true
	})(page)
	return e
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type response struct {
	status int
	header http.Header
	body   string
}

func (e *env) get(t *testing.T, path string, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(zr)
	}
	return response{rec.Code, rec.Header(), string(body)}
}

func version(s string) string {
	_, v, _ := strings.Cut(s, "version <b>")
	v, _, _ = strings.Cut(v, "</b>")
	return v
}

func (e *env) set(t *testing.T, v string) {
	t.Helper()
	if _, err := e.pool.Exec(context.Background(), `UPDATE regions SET name_fr = $1 WHERE id = 99`, v); err != nil {
		t.Fatal(err)
	}
}

// A page is rendered once, then served from memory (with its ETag, a 304
// for a matching If-None-Match, gzip bytes made once); a committed change
// is on the very next response, every time, without waiting.
func TestServedFromMemoryUntilAChange(t *testing.T) {
	e := newEnv(t, 8<<20)
	first := e.get(t, "/p")
	if first.status != 200 || version(first.body) != "0" || e.renders.Load() != 1 {
		t.Fatalf("first: %d %q, %d renders", first.status, version(first.body), e.renders.Load())
	}
	again := e.get(t, "/p")
	if again.body != first.body || again.header.Get("ETag") != first.header.Get("ETag") || e.renders.Load() != 1 {
		t.Fatalf("second: %d renders, same body %v", e.renders.Load(), again.body == first.body)
	}
	if n := again.header.Get("Content-Length"); n != strconv.Itoa(len(first.body)) {
		t.Errorf("Content-Length %s, body %d", n, len(first.body))
	}
	if r := e.get(t, "/p", "If-None-Match", first.header.Get("ETag")); r.status != http.StatusNotModified || r.body != "" {
		t.Errorf("If-None-Match: %d", r.status)
	}
	gz := e.get(t, "/p", "Accept-Encoding", "br, gzip")
	if gz.header.Get("Content-Encoding") != "gzip" || gz.body != first.body || !strings.Contains(gz.header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("gzip: %q, same body %v, Vary %q", gz.header.Get("Content-Encoding"), gz.body == first.body, gz.header.Get("Vary"))
	}
	if r := e.get(t, "/p", "Accept-Encoding", "gzip;q=0"); r.header.Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client refusing it")
	}
	if e.renders.Load() != 1 {
		t.Errorf("%d renders for one page", e.renders.Load())
	}
	// A first request with If-None-Match and gzip still stores the full page.
	if r := e.get(t, "/q", "If-None-Match", first.header.Get("ETag"), "Accept-Encoding", "gzip"); r.status != 200 || r.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("first request for /q: %d %q", r.status, r.header.Get("Content-Encoding"))
	}
	if r := e.get(t, "/q"); !strings.Contains(r.body, "/q") || e.renders.Load() != 2 {
		t.Errorf("/q: %d renders", e.renders.Load())
	}
	for i := 1; i <= 30; i++ {
		v := strconv.Itoa(i)
		e.set(t, v)
		if got := version(e.get(t, "/p").body); got != v {
			t.Fatalf("after commit %s the next response shows %s", v, got)
		}
	}
}

// What must not be kept is not: a signed-in reader's page, a response
// setting a cookie, a no-store one, an error; and a signed-in reader never
// gets the anonymous page either.
func TestWhatIsNeverStored(t *testing.T) {
	e := newEnv(t, 8<<20)
	e.get(t, "/p")
	for _, c := range []struct {
		path    string
		headers []string
	}{
		{"/p", []string{"Cookie", "session=abc"}},
		{"/p?cookie", nil},
		{"/p?nostore", nil},
		{"/p?missing", nil},
	} {
		before := e.renders.Load()
		r1 := e.get(t, c.path, c.headers...)
		e.get(t, c.path, c.headers...)
		if e.renders.Load()-before != 2 {
			t.Errorf("%s %v: rendered %d times for 2 requests", c.path, c.headers, e.renders.Load()-before)
		}
		if c.path == "/p?missing" && r1.status != http.StatusNotFound {
			t.Errorf("the 404 became %d", r1.status)
		}
		if c.path == "/p?cookie" && r1.header.Get("Set-Cookie") == "" {
			t.Error("the cookie was lost")
		}
	}
}

// The cache holds at most its bytes, dropping the least recently used
// page first; a page larger than a sixteenth of it is not kept.
func TestBoundedInBytes(t *testing.T) {
	e := newEnv(t, 128<<10) // pages of ~4.4 KB + gzip: about 26 fit
	for i := range 60 {
		e.get(t, fmt.Sprintf("/p?n=%d", i))
		if i == 0 || i%5 == 0 {
			e.get(t, "/p?n=0") // kept in use
		}
	}
	st := e.cache.Stats()
	if st.Bytes > 128<<10 || st.Entries < 15 || st.Entries > 28 {
		t.Fatalf("stats %+v", st)
	}
	before := e.renders.Load()
	e.get(t, "/p?n=0")
	e.get(t, "/p?n=59")
	if e.renders.Load() != before {
		t.Error("the most recently used pages were evicted")
	}
	e.get(t, "/p?n=1")
	if e.renders.Load() != before+1 {
		t.Error("an old page was kept beyond the bound")
	}
	small := newEnv(t, 32<<10) // a sixteenth: 2 KB, less than one page
	small.get(t, "/p")
	small.get(t, "/p")
	if small.renders.Load() != 2 || small.cache.Stats().Entries != 0 {
		t.Errorf("an oversized page was kept: %+v", small.cache.Stats())
	}
}

// A page whose rendering began before a change and ended after the
// change was notified is not kept: the next reader gets the new page.
func TestRenderRacingAChangeIsNotKept(t *testing.T) {
	e := newEnv(t, 8<<20)
	e.hold = make(chan struct{})
	done := make(chan response)
	go func() { done <- e.get(t, "/p") }()
	waitFor(t, "the render", func() bool { return e.renders.Load() == 1 })
	e.set(t, "new")
	// The notification reaches the listener; let the old render finish.
	waitFor(t, "the notification", func() bool { return e.cache.Stats().Entries == 0 && e.cache.Stats().Misses == 1 })
	time.Sleep(50 * time.Millisecond)
	close(e.hold)
	if old := <-done; version(old.body) != "0" {
		t.Fatalf("the racing render read %q", version(old.body))
	}
	e.hold = nil
	if got := version(e.get(t, "/p").body); got != "new" {
		t.Fatalf("after a racing render the page shows %q", got)
	}
}

// With the listening connection cut, no stale page is served, none is
// stored; once it is back, pages are served from memory again.
func TestListeningConnectionCut(t *testing.T) {
	e := newEnv(t, 8<<20)
	e.get(t, "/p")
	ctx := context.Background()
	var n int
	if err := e.pool.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'tachawor-listen' AND datname = current_database()`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminating the listener: %d %v", n, err)
	}
	for i := range 20 {
		v := "cut" + strconv.Itoa(i)
		e.set(t, v)
		if got := version(e.get(t, "/p").body); got != v {
			t.Fatalf("listening connection cut: after commit %s the page shows %s", v, got)
		}
	}
	waitFor(t, "the cache back", func() bool {
		before := e.renders.Load()
		e.get(t, "/p")
		e.get(t, "/p")
		return e.renders.Load()-before == 1
	})
	e.set(t, "back")
	if got := version(e.get(t, "/p").body); got != "back" {
		t.Fatalf("after reconnecting: %s", got)
	}
}

// Under concurrency no reader ever sees a page older than a change
// committed before its request began: readers behind a barrier against a
// writer committing version after version.
func TestNeverStaleUnderConcurrency(t *testing.T) {
	e := newEnv(t, 8<<20)
	var committed atomic.Int64
	start := make(chan struct{})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var stale, served atomic.Int64
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for {
				select {
				case <-stop:
					return
				default:
				}
				want := committed.Load()
				r := e.get(t, fmt.Sprintf("/p?k=%d", want%3))
				got, _ := strconv.ParseInt(version(r.body), 10, 64)
				if got < want {
					stale.Add(1)
				}
				served.Add(1)
			}
		}()
	}
	close(start)
	for i := int64(1); i <= 100; i++ {
		e.set(t, strconv.FormatInt(i, 10))
		committed.Store(i)
		time.Sleep(2 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	st := e.cache.Stats()
	if stale.Load() != 0 || st.Hits == 0 {
		t.Fatalf("%d stale pages of %d served; stats %+v", stale.Load(), served.Load(), st)
	}
	t.Logf("%d served, %d renders, stats %+v", served.Load(), e.renders.Load(), st)
}

// A page read from a hot standby is kept only if that standby had
// replayed past the last change notified: one that was behind shows its
// reader what it had, and the next reader gets a page rendered again.
func TestStandbyPagesKeptOnlyPastTheChange(t *testing.T) {
	e := newEnv(t, 8<<20)
	wal := func() uint64 {
		t.Helper()
		var n uint64
		if err := e.pool.QueryRow(context.Background(), `SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	ahead := fmt.Sprintf("/p?lsn=%d", uint64(1)<<62)
	// Once the listener knows where the WAL ended after the last change,
	// a page read from a standby past it is kept.
	e.set(t, "1")
	waitFor(t, "a page read from a standby ahead kept", func() bool { e.get(t, ahead); return e.cache.Stats().Entries == 1 })

	before := wal()
	e.set(t, "2")
	waitFor(t, "the change dropping the page", func() bool { return e.cache.Stats().Entries == 0 })
	behind := fmt.Sprintf("/p?lsn=%d", before)
	st := e.cache.Stats()
	for range 3 {
		if r := e.get(t, behind); r.status != http.StatusOK {
			t.Fatalf("a page read from a standby behind: %d", r.status)
		}
	}
	if after := e.cache.Stats(); after.Entries != 0 || after.Behind != st.Behind+3 || after.Stores != st.Stores {
		t.Fatalf("a page read from a standby that had not replayed the change was kept: %+v, before %+v", after, st)
	}
	// Read from a standby that has replayed it: kept, and served from memory.
	waitFor(t, "the change's position", func() bool { e.get(t, ahead); return e.cache.Stats().Entries == 1 })
	renders := e.renders.Load()
	if r := e.get(t, ahead); version(r.body) != "2" || e.renders.Load() != renders {
		t.Fatalf("served %q, %d renders", version(r.body), e.renders.Load()-renders)
	}
	// The WAL's end read now is past the change's: kept too.
	if e.get(t, fmt.Sprintf("/p?lsn=%d", wal())); e.cache.Stats().Entries != 2 {
		t.Fatalf("a page read from a standby at the WAL's end was not kept: %+v", e.cache.Stats())
	}
	// And from the primary (lsn 0), as always.
	if e.get(t, "/p?lsn=0"); e.cache.Stats().Entries != 3 {
		t.Fatalf("a page read from the primary was not kept: %+v", e.cache.Stats())
	}
}

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		header, etag string
		want         bool
	}{
		{`W/"abc"`, `W/"abc"`, true},
		{`"abc"`, `W/"abc"`, true},
		{`"x", W/"abc"`, `W/"abc"`, true},
		{`*`, `W/"abc"`, true},
		{`"abd"`, `W/"abc"`, false},
		{``, `W/"abc"`, false},
	} {
		if got := pagecache.Match(c.header, c.etag); got != c.want {
			t.Errorf("Match(%q, %q) = %v", c.header, c.etag, got)
		}
	}
}
