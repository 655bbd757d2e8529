package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"tachawor/internal/config"
	"tachawor/internal/domain"
	"tachawor/internal/i18n"
	"tachawor/internal/pagecache"
	"tachawor/internal/server"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
	"tachawor/locales"
)

// newTunedEnv is a portal with limits of its own on a demo database; with
// listen, its page cache listens for changes, as the serving process's does.
func newTunedEnv(t *testing.T, tune func(*config.Limits), listen bool) (*env, *server.Server) {
	t.Helper()
	u := testdb.URL(t)
	pool, err := store.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	db := store.New(pool)
	if _, err := db.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	catalog, err := i18n.NewCatalog(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	tune(&cfg.Limits)
	logs := &strings.Builder{}
	srv, err := server.New(cfg, db, catalog, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	if listen {
		l, err := pagecache.NewListener(srv.PageCache(), u, discardLogger())
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { l.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		for l.Fence(ctx) != nil {
			time.Sleep(10 * time.Millisecond)
		}
	}
	return &env{h: srv.Handler(), db: db, logs: logs}, srv
}

// from sends a GET from a client address.
func (e *env) from(addr, path string) *http.Response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec.Result()
}

// Searches beyond the gate's places and queue are turned away at once
// with a localized 503 and Retry-After, while the other pages, /healthz
// and /readyz answer as usual; those admitted all finish.
func TestSearchGate(t *testing.T) {
	e, _ := newTunedEnv(t, func(l *config.Limits) {
		l.SearchConcurrency, l.SearchQueue, l.SearchBudget, l.PublicStatementTimeout = 2, 3, 10*time.Second, 10*time.Second
	}, false)
	ctx := context.Background()
	// Searches wait on a lock, as they would on a saturated database.
	tx, err := e.db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE search_documents IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	const n = 10
	codes := make(chan *http.Response, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes <- e.from(fmt.Sprintf("192.0.2.%d:1234", i), "/fr/search?q=Oujda")
		}()
	}
	close(start)
	// Five are turned away now, the others wait.
	turned := 0
	for turned < n-5 {
		select {
		case res := <-codes:
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
				!strings.Contains(string(body), "trop de demandes de ce type") {
				t.Fatalf("turned away with %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
			}
			turned++
		case <-time.After(5 * time.Second):
			t.Fatalf("only %d searches turned away", turned)
		}
	}
	var waiting int
	for deadline := time.Now().Add(5 * time.Second); waiting != 2 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		e.db.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
	}
	if waiting != 2 {
		t.Fatalf("%d searches at work in the database, want 2", waiting)
	}
	for _, path := range []string{"/healthz", "/readyz", "/fr/meetings", "/ar/"} {
		began := time.Now()
		if res := e.get(t, path); res.StatusCode != http.StatusOK || time.Since(began) > 2*time.Second {
			t.Errorf("%s with the search gate full: %d after %s", path, res.StatusCode, time.Since(began))
		}
	}
	tx.Rollback(ctx)
	wg.Wait()
	close(codes)
	for res := range codes {
		if res.StatusCode != http.StatusOK {
			t.Errorf("an admitted search answered %d", res.StatusCode)
		}
	}
}

// An address may run SEARCH_RATE searches a minute: not one more, however
// many arrive at once; another address is not held back; and pages served
// from the cache do not count.
func TestSearchRatePerAddress(t *testing.T) {
	e, _ := newTunedEnv(t, func(l *config.Limits) { l.SearchRate = 5 }, false)
	const n = 20
	codes := make(chan int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes <- e.from("198.51.100.7:4000", fmt.Sprintf("/ar/search?q=Oujda+%d", i)).StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for c := range codes {
		got[c]++
	}
	if got[http.StatusOK] != 5 || got[http.StatusTooManyRequests] != n-5 {
		t.Errorf("from one address: %v, want 5 answered and %d refused", got, n-5)
	}
	// A refused request waits for its answer: the flooder waits, not the others.
	began := time.Now()
	res := e.from("198.51.100.7:4001", "/fr/search?q=Oujda")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "Trop de recherches") {
		t.Errorf("the sixth: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if d := time.Since(began); d < 900*time.Millisecond {
		t.Errorf("a refused search answered after %s, not held back", d)
	}
	began = time.Now()
	// The same /64 is the same subscriber; another address is not.
	if c := e.from("[2001:db8::1]:1", "/fr/search?q=a"); c.StatusCode != http.StatusOK {
		t.Errorf("another address: %d", c.StatusCode)
	}
	if c := e.from("198.51.100.8:1", "/fr/search?q=a"); c.StatusCode != http.StatusOK {
		t.Errorf("another address: %d", c.StatusCode)
	}
	if res := e.from("198.51.100.7:4002", "/fr/meetings"); res.StatusCode != http.StatusOK {
		t.Errorf("other pages are not limited: %d", res.StatusCode)
	}
	if d := time.Since(began); d > 500*time.Millisecond {
		t.Errorf("the others waited %s", d)
	}

	cached, _ := newTunedEnv(t, func(l *config.Limits) { l.SearchRate = 2 }, true)
	for i := range 10 {
		if c := cached.from("203.0.113.9:1", "/fr/search?q=Oujda").StatusCode; c != http.StatusOK {
			t.Fatalf("the same search from the cache, #%d: %d", i+1, c)
		}
	}
}

// Open data files are produced behind their own gate.
func TestExportGate(t *testing.T) {
	e, _ := newTunedEnv(t, func(l *config.Limits) { l.ExportConcurrency, l.ExportQueue = 1, 0 }, false)
	ctx := context.Background()
	tx, err := e.db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE expectations IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	first := make(chan int)
	go func() { first <- e.get(t, "/data/expectations.csv").StatusCode }()
	var waiting int
	for deadline := time.Now().Add(5 * time.Second); waiting != 1 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		e.db.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
	}
	if res := e.get(t, "/data/commitments.csv"); res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("a second file while one is produced: %d", res.StatusCode)
	}
	if res := e.get(t, "/fr/data"); res.StatusCode != http.StatusOK {
		t.Errorf("the data page: %d", res.StatusCode)
	}
	tx.Rollback(ctx)
	if c := <-first; c != http.StatusOK {
		t.Errorf("the first file: %d", c)
	}
}

// Anonymous readers get pages from memory, signed-in readers never do,
// and never another reader's page; a staff edit is on the next anonymous
// response.
func TestPublicPagesFromMemory(t *testing.T) {
	e, srv := newTunedEnv(t, func(*config.Limits) {}, true)
	first := e.get(t, "/fr/meetings")
	firstBody, _ := io.ReadAll(first.Body)
	before := srv.PageCache().Stats()
	again := e.get(t, "/fr/meetings")
	againBody, _ := io.ReadAll(again.Body)
	if st := srv.PageCache().Stats(); st.Hits != before.Hits+1 || string(againBody) != string(firstBody) || again.Header.Get("ETag") != first.Header.Get("ETag") {
		t.Fatalf("the second anonymous read: stats %+v then %+v", before, st)
	}
	if again.Header.Get("Content-Security-Policy") == "" || again.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("a page from memory lacks the security headers")
	}
	if res := e.do(t, http.MethodGet, "/fr/meetings", map[string]string{"If-None-Match": first.Header.Get("ETag")}, nil); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match from memory: %d", res.StatusCode)
	}
	staff := e.as(t, domain.RoleStaff, 0)
	hits := srv.PageCache().Stats().Hits
	res := e.getAs(t, staff, "/fr/meetings")
	body, _ := io.ReadAll(res.Body)
	if srv.PageCache().Stats().Hits != hits || !strings.Contains(string(body), "/fr/staff") || string(body) == string(firstBody) {
		t.Error("a signed-in reader got the anonymous page")
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("a signed-in reader's page is %q, not no-store", cc)
	}
	e.getAs(t, staff, "/fr/meetings")
	if srv.PageCache().Stats().Hits != hits {
		t.Error("a signed-in reader's page was served from memory")
	}
	// A staff edit through the portal: the next anonymous read shows it.
	id := e.id(t, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`)
	path := fmt.Sprintf("/fr/meetings/%d", id)
	e.get(t, path)
	if _, err := e.db.Pool().Exec(context.Background(), `UPDATE meetings SET title_fr = 'Rencontre renommée' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if doc := e.page(t, path, http.StatusOK); !strings.Contains(text(doc.Find("h1")), "Rencontre renommée") {
		t.Errorf("after the edit: %q", text(doc.Find("h1")))
	}
}
