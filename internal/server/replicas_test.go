package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/pagecache"
	"tachawor/internal/server"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
	"tachawor/locales"
)

// The tests of this file share the package's standby (testdb.GetStandby),
// pause, stop and restart it: none runs in parallel.

// replicatedEnv is a portal on a demo database of the primary whose
// anonymous readers' pages may come from the standby.
type replicatedEnv struct {
	*env
	srv      *server.Server
	replicas *store.Replicas
	standby  *testdb.Standby
	logs     *lockedLog
}

// newReplicatedEnv starts the portal with the standby checked every 20 ms
// and waits until it is in use; with listen, its page cache listens for
// changes as the serving process's does (otherwise it keeps nothing, and
// every request is read).
func newReplicatedEnv(t *testing.T, maxLag time.Duration, listen bool) *replicatedEnv {
	t.Helper()
	ctx := context.Background()
	u := testdb.URL(t)
	pool, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	db := store.New(pool)
	if _, err := db.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	sb := testdb.GetStandby(t)
	standbyURL := sb.URL(t, u)
	logs := &lockedLog{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	replicas, err := store.OpenReplicas(ctx, pool, []string{standbyURL}, store.ReplicaOptions{MaxLag: maxLag, Interval: 20 * time.Millisecond, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { replicas.Run(rctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; replicas.Close() })

	cfg := testConfig()
	cfg.ReplicaURLs, cfg.ReplicaMaxLag, cfg.ReadYourWrites = []string{standbyURL}, maxLag, maxLag+time.Second
	catalog, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg, db.WithReplicas(replicas), catalog, log)
	if err != nil {
		t.Fatal(err)
	}
	if listen {
		l, err := pagecache.NewListener(srv.PageCache(), u, log)
		if err != nil {
			t.Fatal(err)
		}
		lctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { l.Run(lctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		waitUntil(t, "the page cache listening", func() bool { return l.Fence(ctx) == nil })
	}
	e := &replicatedEnv{env: &env{h: srv.Handler(), db: db}, srv: srv, replicas: replicas, standby: sb, logs: logs}
	waitUntil(t, "the standby in use", e.inUse)
	return e
}

func (e *replicatedEnv) status() store.StandbyStatus { return e.replicas.Status()[0] }
func (e *replicatedEnv) inUse() bool                 { return e.status().InUse }

// exec runs SQL on the primary, as staff editing through any portal would.
func (e *replicatedEnv) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := e.db.Pool().Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// title is the heading of the page at path, read with cookies, and the
// number of requests read from the standby meanwhile.
func (e *replicatedEnv) title(t *testing.T, path string, cookies ...*http.Cookie) (string, int64) {
	t.Helper()
	before := e.status().Reads
	h := map[string]string{}
	var pairs []string
	for _, c := range cookies {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	if len(pairs) > 0 {
		h["Cookie"] = strings.Join(pairs, "; ")
	}
	res := e.do(t, http.MethodGet, path, h, nil)
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return text(doc.Find("main h1")), e.status().Reads - before
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// An anonymous reader's page is read from the standby; a signed-in
// reader's from the primary, and so is every page of a reader who has just
// written, for REPLICA_READ_YOUR_WRITES: their browser brings back the
// cookie their post was answered with. The standby's replay is paused, so
// that what each page shows tells where it was read.
func TestStandbyReads(t *testing.T) {
	e := newReplicatedEnv(t, time.Hour, false)
	const path = "/fr/meetings/1"
	before, reads := e.title(t, path)
	if reads != 1 || before == "" {
		t.Fatalf("an anonymous page: %d reads from the standby, title %q", reads, before)
	}
	// Every kind of public page reads the standby, none falls back to the
	// primary: one of each the sitemap lists, the feeds, a search.
	res := e.get(t, "/sitemap.xml")
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	paths := []string{"/sitemap.xml", "/fr/feed.atom", "/ar/regions/oriental/feed.atom", "/fr/meetings.ics", "/ar/meetings/1.ics",
		"/fr/search?q=formation", "/ar/search?q=%D8%A7%D9%84%D8%AC%D9%87%D8%A9"}
	kinds := map[string]bool{}
	for _, loc := range strings.Split(string(b), "<loc>")[1:] {
		loc, _, _ = strings.Cut(loc, "</loc>")
		p := strings.TrimPrefix(loc, "http://portal.test")
		kind := strings.TrimRight(p, "0123456789")
		if strings.HasPrefix(p, "/ar/") && !kinds[kind] {
			kinds[kind] = true
			paths = append(paths, p, "/fr/"+strings.TrimPrefix(p, "/ar/"))
		}
	}
	t.Logf("%d pages", len(paths))
	if len(paths) < 30 {
		t.Fatalf("%d kinds of page in the sitemap", len(kinds))
	}
	for _, p := range paths {
		before := e.status().Reads
		res := e.get(t, p)
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || e.status().Reads != before+1 {
			t.Errorf("%s: %d, %d reads from the standby", p, res.StatusCode, e.status().Reads-before)
		}
	}
	if strings.Contains(e.logs.String(), "read again from the primary") {
		t.Fatalf("pages read again from the primary with the standby healthy:\n%s", e.logs)
	}

	staff := e.as(t, domain.RoleStaff, 0)
	e.standby.PauseReplay(t)
	t.Cleanup(func() { e.standby.ResumeReplay(t) })
	e.exec(t, `UPDATE meetings SET title_fr = 'Rencontre modifiée pendant la pause' WHERE id = 1`)
	const changed = "Rencontre modifiée pendant la pause"

	if got, reads := e.title(t, path); got != before || reads != 1 {
		t.Fatalf("anonymous, standby paused: %q (%d reads from the standby), want %q from the standby", got, reads, before)
	}
	if got, reads := e.title(t, path, staff); got != changed || reads != 0 {
		t.Fatalf("signed in: %q (%d reads from the standby), want %q from the primary", got, reads, changed)
	}

	// A visitor posts a comment: the answer marks them for the window,
	// and their next pages come from the primary.
	res = e.commentPost(t, "192.0.2.7:1234", nil, "/fr/meetings/1/comments", commentForm("Une remarque sur la rencontre."))
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", res.StatusCode)
	}
	var wrote *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "tachawor_wrote" {
			wrote = c
		}
	}
	if wrote == nil || wrote.MaxAge != int((time.Hour+time.Second)/time.Second) || !wrote.HttpOnly || wrote.Path != "/" || wrote.SameSite != http.SameSiteLaxMode {
		t.Fatalf("the answer to a post: cookie %+v, want tachawor_wrote for REPLICA_READ_YOUR_WRITES", wrote)
	}
	cookies := []*http.Cookie{wrote}
	if flash := flashCookie(res); flash != nil {
		cookies = append(cookies, flash)
	}
	if got, reads := e.title(t, path, cookies...); got != changed || reads != 0 {
		t.Fatalf("just wrote: %q (%d reads from the standby), want %q from the primary", got, reads, changed)
	}
	if got, reads := e.title(t, path, wrote); got != changed || reads != 0 {
		t.Fatalf("just wrote, flash shown: %q (%d reads from the standby), want %q from the primary", got, reads, changed)
	}
	// A read is no write: it marks no one.
	for _, c := range e.get(t, path).Cookies() {
		if c.Name == "tachawor_wrote" {
			t.Fatal("a GET was answered with the read-your-writes cookie")
		}
	}
	// /readyz reports the primary.
	if res := e.get(t, "/readyz"); res.StatusCode != http.StatusOK {
		t.Fatalf("/readyz: %d", res.StatusCode)
	}

	e.standby.ResumeReplay(t)
	e.standby.CatchUp(t)
	if got, reads := e.title(t, path); got != changed || reads != 1 {
		t.Fatalf("anonymous, standby caught up: %q (%d reads from the standby)", got, reads)
	}

	// Without standbys, nothing changes: no cookie either.
	plain := newEnv(t, true)
	res = plain.commentPost(t, "192.0.2.8:1234", nil, "/fr/meetings/1/comments", commentForm("Une autre remarque."))
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "tachawor_wrote" {
			t.Fatal("without standbys, a post was answered with the read-your-writes cookie")
		}
	}
}

// A standby whose replay falls behind by more than REPLICA_MAX_LAG is
// skipped, the primary serving its reads, and used again once it has
// caught up; the log's status line says so each time. Its lag is measured
// on both sides of the limit: in use at or under it, skipped past it.
func TestLaggingStandbyIsSkipped(t *testing.T) {
	const maxLag = 300 * time.Millisecond
	e := newReplicatedEnv(t, maxLag, false)
	const path = "/fr/meetings/1"
	e.standby.PauseReplay(t)
	t.Cleanup(func() { e.standby.ResumeReplay(t) })
	e.exec(t, `UPDATE meetings SET title_fr = 'Rencontre en avance sur la copie' WHERE id = 1`)

	var lastInUse, firstSkipped store.StandbyStatus
	waitUntil(t, "the lagging standby skipped", func() bool {
		st := e.status()
		if st.InUse {
			lastInUse = st
			return false
		}
		firstSkipped = st
		return true
	})
	if lastInUse.Name != "" && lastInUse.Lag > maxLag {
		t.Errorf("in use while %s behind (REPLICA_MAX_LAG %s)", lastInUse.Lag, maxLag)
	}
	if firstSkipped.Lag <= maxLag || !strings.Contains(firstSkipped.Why, "behind the primary") {
		t.Errorf("skipped %s behind (%q), REPLICA_MAX_LAG %s", firstSkipped.Lag, firstSkipped.Why, maxLag)
	}
	if got, reads := e.title(t, path); got != "Rencontre en avance sur la copie" || reads != 0 {
		t.Fatalf("standby skipped: %q, %d reads from it; want the primary's page", got, reads)
	}
	if !strings.Contains(e.logs.String(), "standbys in use: none; the primary serves every read") {
		t.Errorf("no status line saying the standby is skipped:\n%s", e.logs)
	}

	e.standby.ResumeReplay(t)
	waitUntil(t, "the standby back in use", e.inUse)
	// In use, it has replayed what the primary had flushed: the test
	// server commits asynchronously, flushing a moment later.
	e.standby.CatchUp(t)
	if got, reads := e.title(t, path); got != "Rencontre en avance sur la copie" || reads != 1 {
		t.Fatalf("standby caught up: %q, %d reads from it", got, reads)
	}
	if n := strings.Count(e.logs.String(), "standbys in use: 1 of 1"); n != 2 {
		t.Errorf("%d status lines saying the standby is in use, want 2 (at start, after catching up):\n%s", n, e.logs)
	}
}

// A standby stopped under load costs no reader anything: requests in
// flight on it are read again from the primary, the next ones go there,
// and once it is started again it is used again.
func TestStandbyStoppedUnderLoad(t *testing.T) {
	e := newReplicatedEnv(t, 5*time.Second, false)
	paths := []string{"/fr/", "/ar/meetings", "/fr/meetings/1", "/ar/agreements", "/fr/regions/oriental", "/ar/dashboard",
		"/fr/search?q=formation", "/ar/strategy", "/fr/expectations", "/sitemap.xml"}
	var served atomic.Int64
	var mu sync.Mutex
	failures := map[string]int{}
	start, stop := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			<-start
			for n := i; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				p := paths[n%len(paths)]
				res := e.do(t, http.MethodGet, p, nil, nil)
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				served.Add(1)
				if res.StatusCode != http.StatusOK {
					mu.Lock()
					failures[fmt.Sprintf("%s %d", p, res.StatusCode)]++
					mu.Unlock()
				}
			}
		})
	}
	close(start)
	waitUntil(t, "load on the standby", func() bool { return e.status().Reads > 50 })
	e.standby.Stop(t)
	atStop := served.Load()
	waitUntil(t, "the stopped standby skipped", func() bool { return !e.inUse() })
	waitUntil(t, "load on the primary", func() bool { return served.Load() > atStop+50 })
	if res := e.get(t, "/readyz"); res.StatusCode != http.StatusOK {
		t.Errorf("/readyz with the standby stopped: %d", res.StatusCode)
	}
	e.standby.Start(t)
	waitUntil(t, "the standby back in use", e.inUse)
	reads := e.status().Reads
	waitUntil(t, "load on the standby again", func() bool { return e.status().Reads > reads+50 })
	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d requests served, failures: %v\n%s", served.Load(), failures, e.logs)
	}
	t.Logf("%d requests served, none failed; %d read from the standby; %d read again from the primary", served.Load(),
		e.status().Reads, strings.Count(e.logs.String(), "page read again from the primary"))
}

// No stale page is kept from a standby. With its replay paused, a change
// notified drops the page; the standby's copy goes to each reader who asks
// (and only to them) but is not kept; once the standby has replayed the
// change its page is kept again. Then under concurrency, with the standby
// replaying as it goes: after each change, once the standby has replayed
// it, no reader gets an older page, from memory or not.
func TestNoStalePageCachedFromStandby(t *testing.T) {
	e := newReplicatedEnv(t, time.Hour, true)
	cache := e.srv.PageCache()
	const path = "/fr/meetings/1"
	before, _ := e.title(t, path)
	waitUntil(t, "the page kept", func() bool { e.title(t, path); return cache.Stats().Entries > 0 })
	hits := cache.Stats().Hits
	if got, reads := e.title(t, path); got != before || reads != 0 || cache.Stats().Hits != hits+1 {
		t.Fatalf("from memory: %q, %d reads from the standby, %+v", got, reads, cache.Stats())
	}

	e.standby.PauseReplay(t)
	t.Cleanup(func() { e.standby.ResumeReplay(t) })
	e.exec(t, `UPDATE meetings SET title_fr = 'Version 0' WHERE id = 1`)
	waitUntil(t, "the change dropping the page", func() bool { return cache.Stats().Entries == 0 })
	st := cache.Stats()
	for range 3 {
		if got, reads := e.title(t, path); got != before || reads != 1 {
			t.Fatalf("standby behind: %q, %d reads from it", got, reads)
		}
	}
	// Nothing kept; each read either refused for the standby's position
	// or, when a late notification of the same change overlapped it,
	// for that notification (so Behind counts at least one, not three).
	if now := cache.Stats(); now.Entries != 0 || now.Stores != st.Stores || now.Behind == st.Behind {
		t.Fatalf("a page read from a standby that had not replayed the change was kept: %+v (before %+v)", now, st)
	}
	e.standby.ResumeReplay(t)
	e.standby.CatchUp(t)
	waitUntil(t, "the new page kept", func() bool { e.title(t, path); return cache.Stats().Entries > 0 })
	if got, reads := e.title(t, path); got != "Version 0" || reads != 0 {
		t.Fatalf("after catching up, from memory: %q, %d reads from the standby", got, reads)
	}

	// Under concurrency.
	start, stop := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	var served atomic.Int64
	for i := range 12 {
		wg.Go(func() {
			<-start
			paths := []string{path, "/ar/meetings/1", "/fr/meetings"}
			for n := i; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				res := e.get(t, paths[n%len(paths)])
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				served.Add(1)
			}
		})
	}
	close(start)
	stale := 0
	for v := 1; v <= 30; v++ {
		want := fmt.Sprintf("Version %d", v)
		e.exec(t, `UPDATE meetings SET title_fr = $1 WHERE id = 1`, want)
		e.standby.CatchUp(t)
		if got, _ := e.title(t, path); got != want {
			stale++
			t.Errorf("change %d replayed by the standby, then the page shows %q", v, got)
		}
	}
	close(stop)
	wg.Wait()
	st = cache.Stats()
	if st.Stores == 0 || st.Hits == 0 {
		t.Errorf("the cache kept nothing read from the standby: %+v", st)
	}
	t.Logf("%d concurrent requests, %d stale; cache %+v; standby %+v", served.Load(), stale, st, e.status())
}
