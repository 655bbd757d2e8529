package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/store"
	"tachawor/internal/testdb"
)

// portal is a portal process started from the built binary.
type portal struct {
	cmd  *exec.Cmd
	base string
	logs *strings.Builder
}

// buildBinary builds the portal once for the test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tachawor")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("building: %v\n%s", err, out)
	}
	return bin
}

// startPortal starts "tachawor serve" on databaseURL and waits for its address.
func startPortal(t *testing.T, bin, databaseURL string) *portal {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL, "ADDR=127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	p := &portal{cmd: cmd, logs: &strings.Builder{}}
	cmd.Stderr = &lockedWriter{w: p.logs}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if addr, ok := strings.CutPrefix(sc.Text(), "Tachawor: "); ok {
				found <- strings.TrimSuffix(addr, "/")
			}
		}
	}()
	select {
	case p.base = <-found:
	case <-time.After(30 * time.Second):
		t.Fatalf("portal did not start: %s", p.logs)
	}
	return p
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}

func postForm(t *testing.T, base, path string, cookie *http.Cookie, form url.Values) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// Two portal processes on one empty database: they start together (the
// migrations run once, under the advisory lock), a user signed in on one is
// signed in on the other, and concurrent edits through both keep the
// optimistic-concurrency guarantee.
func TestTwoProcessesShareOneDatabase(t *testing.T) {
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, testdb.AdminURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("two_processes_%d", os.Getpid())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)") })
	u, _ := url.Parse(testdb.AdminURL(t))
	u.Path = "/" + name
	dbURL := u.String()

	bin := buildBinary(t)
	var a, b *portal
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a = startPortal(t, bin, dbURL) }()
	go func() { defer wg.Done(); b = startPortal(t, bin, dbURL) }()
	wg.Wait()
	if a == nil || b == nil {
		t.FailNow()
	}

	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var version int
	var dirty bool
	if err := pool.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations`).Scan(&version, &dirty); err != nil || dirty || version < 9 {
		t.Fatalf("migrations: version %d dirty %v err %v\nA: %s\nB: %s", version, dirty, err, a.logs, b.logs)
	}
	db := store.New(pool)
	if _, err := db.LoadReference(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.NewAccounts(db).CreateUser(ctx, "", domain.NewUser{Email: "agent@example.ma", DisplayName: "Agent", Role: domain.RoleStaff},
		"une phrase de passe assez longue", 0); err != nil {
		t.Fatal(err)
	}
	// Signed in on A ...
	res := postForm(t, a.base, "/fr/login", nil, url.Values{"email": {"agent@example.ma"}, "password": {"une phrase de passe assez longue"}})
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName {
			cookie = c
		}
	}
	if res.StatusCode != http.StatusSeeOther || cookie == nil {
		t.Fatalf("sign-in on A: %d", res.StatusCode)
	}
	// ... and so on B.
	req, _ := http.NewRequest(http.MethodGet, b.base+"/fr/staff/", nil)
	req.AddCookie(cookie)
	res2, err := noRedirect.Do(req)
	if err != nil || res2.StatusCode != http.StatusOK {
		t.Fatalf("the session on B: %v %d", err, res2.StatusCode)
	}
	res2.Body.Close()

	// A meeting, then two concurrent edits from the same version, one through each process.
	var meeting int64
	if err := pool.QueryRow(ctx, `INSERT INTO meetings (region_id, title_ar, venue_ar, starts_at, format) VALUES (2, 'لقاء', 'وجدة', now(), 'remote') RETURNING id`).Scan(&meeting); err != nil {
		t.Fatal(err)
	}
	edit := func(base, title string) int {
		form := url.Values{"version": {"1"}, "region": {"2"}, "title_ar": {title}, "venue_ar": {"وجدة"}, "date": {"2022-01-19"}, "format": {"remote"}}
		return postForm(t, base, fmt.Sprintf("/fr/staff/meetings/%d", meeting), cookie, form).StatusCode
	}
	codes := make(chan int, 2)
	go func() { codes <- edit(a.base, "تعديل أ") }()
	go func() { codes <- edit(b.base, "تعديل ب") }()
	got := map[int]int{<-codes: 1}
	got[<-codes]++
	if got[http.StatusSeeOther] != 1 || got[http.StatusConflict] != 1 {
		t.Errorf("concurrent edits answered %v, want one 303 and one 409", got)
	}
	var title string
	var v int
	pool.QueryRow(ctx, `SELECT title_ar, version FROM meetings WHERE id = $1`, meeting).Scan(&title, &v)
	if v != 2 || (title != "تعديل أ" && title != "تعديل ب") {
		t.Errorf("after the edits: %q v%d", title, v)
	}
}

// Two portal processes on one database, both serving public pages from
// memory: a staff edit made through one is on the other's very next
// response; with the other's listening connection cut, it serves no stale
// page, says so in its log, and caches again once it listens again.
func TestTwoProcessesKeepTheirCachesFresh(t *testing.T) {
	ctx := context.Background()
	dbURL := testdb.URL(t)
	bin := buildBinary(t)
	pool, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	db := store.New(pool)
	if _, err := db.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.NewAccounts(db).CreateUser(ctx, "", domain.NewUser{Email: "agent@example.ma", DisplayName: "Agent", Role: domain.RoleStaff},
		"une phrase de passe assez longue", 0); err != nil {
		t.Fatal(err)
	}
	var a, b *portal
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a = startPortal(t, bin, dbURL) }()
	go func() { defer wg.Done(); b = startPortal(t, bin, dbURL) }()
	wg.Wait()
	if a == nil || b == nil {
		t.FailNow()
	}
	res := postForm(t, a.base, "/fr/login", nil, url.Values{"email": {"agent@example.ma"}, "password": {"une phrase de passe assez longue"}})
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatalf("sign-in on A: %d", res.StatusCode)
	}
	var id int64
	if err := pool.QueryRow(ctx, `SELECT id FROM meetings WHERE ref = 'oujda-2022'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/fr/meetings/%d", id)
	get := func(p *portal, path string) (int, string) {
		t.Helper()
		res, err := noRedirect.Get(p.base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	waitForCache := func(p *portal) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(p.logs.String(), "page cache on"); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("no page cache: %s", p.logs)
			}
		}
	}
	waitForCache(a)
	waitForCache(b)
	setState := func(to string) {
		t.Helper()
		var version int
		pool.QueryRow(ctx, `SELECT version FROM meetings WHERE id = $1`, id).Scan(&version)
		if res := postForm(t, a.base, fmt.Sprintf("/fr/staff/meetings/%d/state", id), cookie,
			url.Values{"version": {fmt.Sprint(version)}, "to": {to}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("setting the meeting %s through A: %d", to, res.StatusCode)
		}
	}
	for round := range 5 {
		// Read on B twice: the second read comes from memory.
		if code, body := get(b, page); code != http.StatusOK || !strings.Contains(body, "Oujda") {
			t.Fatalf("round %d: B answers %d before the edit", round, code)
		}
		get(b, page)
		get(b, "/fr/meetings")
		setState("draft")
		if code, _ := get(b, page); code != http.StatusNotFound {
			t.Fatalf("round %d: the meeting, unpublished through A, is still on B (%d)", round, code)
		}
		if _, body := get(b, "/fr/meetings"); strings.Contains(body, page+`"`) {
			t.Fatalf("round %d: B's meetings list still links the unpublished meeting", round)
		}
		setState("published")
		if code, _ := get(b, page); code != http.StatusOK {
			t.Fatalf("round %d: the meeting, published again through A, is missing on B (%d)", round, code)
		}
	}

	// B's listening connection cut: no stale page, and B says so.
	get(b, page)
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'tachawor-listen' AND datname = current_database()`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("cutting the listening connections: %d, %v", n, err)
	}
	for i := range 10 {
		title := fmt.Sprintf("Rencontre n° %d", i)
		if _, err := pool.Exec(ctx, `UPDATE meetings SET title_fr = $1 WHERE id = $2`, title, id); err != nil {
			t.Fatal(err)
		}
		if _, body := get(b, page); !strings.Contains(body, title) {
			t.Fatalf("listening connection cut: B serves a stale page (want %q)", title)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); strings.Count(b.logs.String(), "page cache on") < 2; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("B did not listen again: %s", b.logs)
		}
	}
	if !strings.Contains(b.logs.String(), "page cache off") {
		t.Errorf("B did not log that its cache was off: %s", b.logs)
	}
	if _, err := pool.Exec(ctx, `UPDATE meetings SET title_fr = 'Après' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, body := get(b, page); !strings.Contains(body, "Après") {
		t.Error("after listening again, B serves a stale page")
	}
}
