package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// sessionServer serves a few routes through the session middleware:
// /flash?set=MSG keeps a flash message,
// /pop pops it, /login?id=N signs user N in, /whoami writes the session's
// user (through LoadUser), /logout signs out.
func sessionServer(t *testing.T, a *Accounts, s *Sessions) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/flash", func(w http.ResponseWriter, r *http.Request) {
		s.Flash(r.Context(), r.URL.Query().Get("set"))
	})
	mux.HandleFunc("/pop", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, s.PopFlash(r.Context()))
	})
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		u, err := a.db.UserByID(r.Context(), id)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		if err := s.SignIn(r.Context(), u); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		s.Flash(r.Context(), "signed_in")
		http.Redirect(w, r, "/whoami", http.StatusSeeOther)
	})
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		if u := UserFrom(r.Context()); u != nil {
			fmt.Fprintf(w, "%d", u.ID)
			return
		}
		fmt.Fprint(w, "public")
	})
	mux.HandleFunc("/logout", func(w http.ResponseWriter, r *http.Request) {
		if err := s.SignOut(r.Context()); err != nil {
			http.Error(w, err.Error(), 500)
		}
	})
	onError := func(w http.ResponseWriter, r *http.Request, err error) {
		t.Errorf("%s: %v", r.URL, err)
		http.Error(w, "error", 500)
	}
	srv := httptest.NewServer(s.LoadAndSave(a.LoadUser(s, onError)(mux)))
	t.Cleanup(srv.Close)
	return srv
}

// get requests path with the given session cookie (none if ""), and
// returns the body and the session cookie set by the answer (nil if none).
func get(t *testing.T, srv *httptest.Server, path, token string) (string, *http.Cookie) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if token != "" {
		req.AddCookie(&http.Cookie{Name: CookieName, Value: token})
	}
	res, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, c := range res.Cookies() {
		if c.Name == CookieName {
			return string(body), c
		}
	}
	return string(body), nil
}

// stored reports whether the sessions table holds token (as its SHA-256).
func stored(t *testing.T, db *store.DB, token string) bool {
	t.Helper()
	h := sha256.Sum256([]byte(token))
	return count(t, db, `SELECT count(*) FROM sessions WHERE token = $1`, base64.RawURLEncoding.EncodeToString(h[:])) == 1
}

func TestSessionLifecycle(t *testing.T) {
	a, db := newAccounts(t)
	u := createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	s := NewSessions(db, false)
	srv := sessionServer(t, a, s)

	// A public page read without a session starts none.
	if body, c := get(t, srv, "/whoami", ""); body != "public" || c != nil {
		t.Fatalf("anonymous: %q, cookie %v", body, c)
	}
	// A visitor's flash makes no session: it travels in a cookie of its
	// own, read once.
	res := getRes(t, srv, "/flash?set=comment_flash_pending", nil)
	flash := cookieNamed(res, FlashCookieName)
	if cookieNamed(res, CookieName) != nil || flash == nil || flash.Value != "comment_flash_pending" || !flash.HttpOnly || flash.MaxAge <= 0 {
		t.Fatalf("visitor's flash: cookies %v", res.Cookies())
	}
	if n := count(t, db, `SELECT count(*) FROM sessions`); n != 0 {
		t.Fatalf("%d session rows for a visitor's flash", n)
	}
	res = getRes(t, srv, "/pop", flash)
	if body, _ := io.ReadAll(res.Body); string(body) != "comment_flash_pending" {
		t.Errorf("visitor's flash: %q", body)
	}
	if gone := cookieNamed(res, FlashCookieName); gone == nil || gone.MaxAge >= 0 || cookieNamed(res, CookieName) != nil {
		t.Errorf("popping the flash: cookies %v", res.Cookies())
	}
	// Not a message ID: never shown.
	res = getRes(t, srv, "/pop", &http.Cookie{Name: FlashCookieName, Value: "<script>"})
	if body, _ := io.ReadAll(res.Body); string(body) != "" {
		t.Errorf("forged flash shown: %q", body)
	}
	// A token an attacker planted before the sign-in.
	c0 := &http.Cookie{Name: CookieName, Value: "planted-token"}
	if n := count(t, db, `SELECT count(*) FROM sessions`); n != 0 {
		t.Fatalf("%d session rows before any sign-in", n)
	}

	// Signing in gives a new token; the old one no longer exists.
	_, c1 := get(t, srv, fmt.Sprintf("/login?id=%d", u.ID), c0.Value)
	if c1 == nil || c1.Value == c0.Value {
		t.Fatalf("sign-in kept the session token (%v)", c1)
	}
	if stored(t, db, c0.Value) || !stored(t, db, c1.Value) {
		t.Error("after sign-in: the old token is stored, or the new one is not")
	}
	if n := count(t, db, `SELECT count(*) FROM sessions WHERE user_id = $1`, u.ID); n != 1 {
		t.Errorf("%d sessions stored with their user, want 1", n)
	}
	if body, _ := get(t, srv, "/whoami", c0.Value); body != "public" {
		t.Errorf("the pre-sign-in token still works: %q", body)
	}
	if body, _ := get(t, srv, "/whoami", c1.Value); body != strconv.FormatInt(u.ID, 10) {
		t.Errorf("signed in: %q", body)
	}
	if body, _ := get(t, srv, "/pop", c1.Value); body != "signed_in" {
		t.Errorf("flash after sign-in: %q", body)
	}
	if body, _ := get(t, srv, "/pop", c1.Value); body != "" {
		t.Errorf("flash popped twice: %q", body)
	}
	// The idle timeout bounds the stored expiry.
	var expiry time.Time
	h := sha256.Sum256([]byte(c1.Value))
	if err := db.Pool().QueryRow(context.Background(), `SELECT expiry FROM sessions WHERE token = $1`,
		base64.RawURLEncoding.EncodeToString(h[:])).Scan(&expiry); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(expiry); d > IdleTimeout+time.Minute || d < IdleTimeout-time.Minute {
		t.Errorf("session expires in %v, want the idle timeout %v", d, IdleTimeout)
	}

	// Signing out deletes the session on the server and the cookie.
	_, c2 := get(t, srv, "/logout", c1.Value)
	if c2 == nil || c2.MaxAge >= 0 || c2.Value != "" {
		t.Errorf("sign-out cookie %v, want it deleted", c2)
	}
	if stored(t, db, c1.Value) {
		t.Error("the session is still stored after sign-out")
	}
	if body, _ := get(t, srv, "/whoami", c1.Value); body != "public" {
		t.Errorf("the token works after sign-out: %q", body)
	}
}

func checkCookie(t *testing.T, c *http.Cookie, secure bool) {
	t.Helper()
	if c.Name != "tachawor_session" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != secure {
		t.Errorf("cookie %s: want HttpOnly, SameSite=Lax, Path=/, Secure=%v", c.String(), secure)
	}
	if c.MaxAge != 0 || !c.Expires.IsZero() {
		t.Errorf("cookie %s outlives the browser", c.String())
	}
}

func TestSessionSecureCookie(t *testing.T) {
	a, db := newAccounts(t)
	s := NewSessions(db, true)
	srv := sessionServer(t, a, s)
	u := createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	_, c := get(t, srv, fmt.Sprintf("/login?id=%d", u.ID), "")
	if c == nil {
		t.Fatal("no cookie")
	}
	checkCookie(t, c, true)
	if f := cookieNamed(getRes(t, srv, "/flash?set=x", nil), FlashCookieName); f == nil || !f.Secure {
		t.Errorf("flash cookie %v, want Secure", f)
	}
}

// getRes requests path with cookie (none if nil), following no redirect.
func getRes(t *testing.T, srv *httptest.Server, path string, cookie *http.Cookie) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func cookieNamed(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestDisablingEndsEverySession: disabling an account ends all its
// sessions at once (their rows go in the same transaction), and enabling
// it again brings none back.
func TestDisablingEndsEverySession(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)
	u := createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	other := createUser(t, a, "other@social.gov.ma", domain.RoleStaff, 0)
	s := NewSessions(db, false)
	srv := sessionServer(t, a, s)
	var cookies []string
	for range 3 {
		_, c := get(t, srv, fmt.Sprintf("/login?id=%d", u.ID), "")
		cookies = append(cookies, c.Value)
	}
	_, kept := get(t, srv, fmt.Sprintf("/login?id=%d", other.ID), "")
	if body, _ := get(t, srv, "/whoami", cookies[0]); body != strconv.FormatInt(u.ID, 10) {
		t.Fatalf("signed in: %q", body)
	}
	if _, err := db.SetDisabled(ctx, u.ID, true, 0); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM sessions WHERE user_id = $1`, u.ID); n != 0 {
		t.Errorf("%d sessions left right after disabling", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND action = 'disable' AND changes->>'sessions_ended' = '3'`, u.ID); n != 1 {
		t.Error("the audit log does not say three sessions ended")
	}
	if _, err := db.SetDisabled(ctx, u.ID, false, 0); err != nil {
		t.Fatal(err)
	}
	for i, c := range cookies {
		if body, _ := get(t, srv, "/whoami", c); body != "public" {
			t.Errorf("session %d works after disable and enable: %q", i, body)
		}
	}
	if body, _ := get(t, srv, "/whoami", kept.Value); body != strconv.FormatInt(other.ID, 10) {
		t.Errorf("another account's session ended: %q", body)
	}
}

// TestEndedSessionWrittenBackIsRefused: a request in flight when the
// sessions end writes its row back afterwards; the session's epoch,
// older than the account's, still refuses it.
func TestEndedSessionWrittenBackIsRefused(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)
	u := createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	srv := sessionServer(t, a, NewSessions(db, false))
	_, c := get(t, srv, fmt.Sprintf("/login?id=%d", u.ID), "")
	var data []byte
	var expiry time.Time
	if err := db.Pool().QueryRow(ctx, `SELECT data, expiry FROM sessions WHERE token = $1`, storedToken(c.Value)).Scan(&data, &expiry); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetDisabled(ctx, u.ID, true, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetDisabled(ctx, u.ID, false, 0); err != nil {
		t.Fatal(err)
	}
	if err := db.CommitSession(ctx, storedToken(c.Value), data, expiry, u.ID); err != nil {
		t.Fatal(err)
	}
	if body, _ := get(t, srv, "/whoami", c.Value); body != "public" {
		t.Errorf("a session written back after its end is served: %q", body)
	}
	if stored(t, db, c.Value) {
		t.Error("the refused session is still stored")
	}
}

// TestSessionsAcrossProcesses: a session started through one Sessions (one
// portal process) is known to another on the same database.
func TestSessionsAcrossProcesses(t *testing.T) {
	a, db := newAccounts(t)
	u := createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	one := sessionServer(t, a, NewSessions(db, false))
	two := sessionServer(t, NewAccounts(db), NewSessions(db, false))
	_, c := get(t, one, fmt.Sprintf("/login?id=%d", u.ID), "")
	if body, _ := get(t, two, "/whoami", c.Value); body != strconv.FormatInt(u.ID, 10) {
		t.Errorf("the other process: %q", body)
	}
}

func TestCleanup(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	for _, sql := range []string{
		`INSERT INTO sessions (token, data, expiry) VALUES ('old', '\x00', now() - interval '1 minute'), ('live', '\x00', now() + interval '1 hour')`,
		`INSERT INTO login_attempts (email_lower, ip, at, succeeded) VALUES ('a@b.ma', '192.0.2.1', now() - interval '100 days', false), ('a@b.ma', '192.0.2.1', now(), false)`,
	} {
		if _, err := db.Pool().Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `SELECT count(*) FROM sessions`) + count(t, db, `SELECT count(*) FROM login_attempts`); got != 2 {
		t.Errorf("%d rows left, want the live session and the recent attempt", got)
	}
}

// httptestServer serves h for the test and returns its URL.
func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// getURL is get with a full URL.
func getURL(t *testing.T, u, token string) (string, *http.Cookie) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if token != "" {
		req.AddCookie(&http.Cookie{Name: CookieName, Value: token})
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return string(body), cookieNamed(res, CookieName)
}
