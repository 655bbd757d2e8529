package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"tachawor/internal/domain"
)

// passwordServer is sessionServer with /change?current=&new= changing the
// signed-in user's password, keeping that session.
func passwordServer(t *testing.T, a *Accounts, s *Sessions) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		u, _ := a.db.UserByID(r.Context(), id)
		s.SignIn(r.Context(), u)
	})
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		if u := UserFrom(r.Context()); u != nil {
			fmt.Fprintf(w, "%d", u.ID)
			return
		}
		fmt.Fprint(w, "public")
	})
	mux.HandleFunc("/change", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if err := a.ChangePassword(r.Context(), s, "192.0.2.44", q.Get("current"), q.Get("new")); err != nil {
			fmt.Fprint(w, domain.ErrorMessage(err))
			return
		}
		fmt.Fprint(w, "changed")
	})
	onError := func(w http.ResponseWriter, r *http.Request, err error) { t.Errorf("%s: %v", r.URL, err) }
	srv := httptestServer(t, s.LoadAndSave(a.LoadUser(s, onError)(mux)))
	return srv
}

func TestChangePasswordEndsTheOtherSessions(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	u := createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	s := NewSessions(db, false)
	srv := passwordServer(t, a, s)
	var tokens []string
	for range 3 {
		_, c := getURL(t, srv+"/login?id="+strconv.FormatInt(u.ID, 10), "")
		tokens = append(tokens, c.Value)
	}
	mine, others := tokens[0], tokens[1:]
	change := func(current, next string) string {
		body, _ := getURL(t, srv+"/change?current="+url.QueryEscape(current)+"&new="+url.QueryEscape(next), mine)
		return body
	}
	// The current password is required; the new one follows the rules.
	if got := change("pas le bon mot de passe", "une nouvelle phrase"); got != "password_current_wrong" {
		t.Errorf("wrong current password: %q", got)
	}
	if got := change(testPassword, "azerty123"); got != "password_common" {
		t.Errorf("common password: %q", got)
	}
	if got := change(testPassword, "staff@social.gov.ma"); got != "password_is_email" {
		t.Errorf("the email as password: %q", got)
	}
	for _, tok := range tokens {
		if body, _ := getURL(t, srv+"/whoami", tok); body != strconv.FormatInt(u.ID, 10) {
			t.Fatalf("a refused change ended a session: %q", body)
		}
	}
	if got := change(testPassword, "une nouvelle phrase de passe"); got != "changed" {
		t.Fatalf("change: %q", got)
	}
	// This session goes on; the others have ended, rows and all.
	if body, _ := getURL(t, srv+"/whoami", mine); body != strconv.FormatInt(u.ID, 10) {
		t.Errorf("the session that changed the password ended: %q", body)
	}
	if body, _ := getURL(t, srv+"/whoami", mine); body != strconv.FormatInt(u.ID, 10) {
		t.Errorf("the kept session, again: %q", body)
	}
	for i, tok := range others {
		if stored(t, db, tok) {
			t.Errorf("other session %d still stored", i)
		}
		if body, _ := getURL(t, srv+"/whoami", tok); body != "public" {
			t.Errorf("other session %d still works: %q", i, body)
		}
	}
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "une nouvelle phrase de passe", "198.51.100.1"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", testPassword, "198.51.100.2"); !errors.Is(err, ErrLoginFailed) {
		t.Errorf("the old password: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'password_change' AND entity_id = $1 AND user_id = $1
		AND changes->>'sessions_ended' = '2'`, u.ID); n != 1 {
		t.Errorf("%d audit lines of the change", n)
	}
	// Guessing the current password is limited like a sign-in.
	for range LimitPerAccountAddress {
		change("encore une erreur", "une autre phrase de passe")
	}
	if got := change("une nouvelle phrase de passe", "une autre phrase de passe"); got != "login_throttled" {
		t.Errorf("after %d wrong current passwords: %q", LimitPerAccountAddress, got)
	}
}

func TestPasswordReset(t *testing.T) {
	ctx := context.Background()
	a, db := newAccounts(t)
	admin := createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)
	u := createUser(t, a, "staff@social.gov.ma", domain.RoleStaff, 0)
	srv := passwordServer(t, a, NewSessions(db, false))
	_, c := getURL(t, srv+"/login?id="+strconv.FormatInt(u.ID, 10), "")

	first, _, err := a.CreatePasswordReset(ctx, admin.ID, u.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	token, r, err := a.CreatePasswordReset(ctx, admin.ID, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(r.ExpiresAt); d < 59*time.Minute || d > 61*time.Minute || r.Email != "staff@social.gov.ma" {
		t.Errorf("reset %+v", r)
	}
	// Hashed at rest.
	h, _ := tokenHash(token)
	if n := count(t, db, `SELECT count(*) FROM password_resets WHERE token_hash = $1`, h); n != 1 {
		t.Error("the reset link is not stored under its token's SHA-256")
	}
	if n := count(t, db, `SELECT count(*) FROM password_resets WHERE encode(token_hash, 'escape') LIKE '%'||$1||'%'`, token); n != 0 {
		t.Error("the raw token is stored")
	}
	// The newer link supersedes the older.
	if _, err := a.PasswordReset(ctx, first); domain.ErrorMessage(err) != "password_reset_invalid" {
		t.Errorf("the superseded link: %v", err)
	}
	if _, err := a.ResetPassword(ctx, token, "azerty123"); domain.ErrorMessage(err) != "password_common" {
		t.Errorf("a weak new password: %v", err)
	}
	got, err := a.ResetPassword(ctx, token, "une phrase choisie par moi")
	if err != nil || got.ID != u.ID {
		t.Fatalf("ResetPassword: %+v, %v", got, err)
	}
	// The account's sessions have ended; the new password works; the link works once.
	if body, _ := getURL(t, srv+"/whoami", c.Value); body != "public" {
		t.Errorf("a session survived the reset: %q", body)
	}
	if n := count(t, db, `SELECT count(*) FROM sessions WHERE user_id = $1`, u.ID); n != 0 {
		t.Errorf("%d sessions left", n)
	}
	if _, err := a.Authenticate(ctx, "staff@social.gov.ma", "une phrase choisie par moi", "198.51.100.3"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	if _, err := a.ResetPassword(ctx, token, "encore une autre phrase"); domain.ErrorMessage(err) != "password_reset_used" {
		t.Errorf("a second use: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND
		((action = 'password_reset_issue' AND user_id = $2) OR (action = 'password_reset' AND user_id = $1 AND changes->>'sessions_ended' = '1'))`, u.ID, admin.ID); n != 3 {
		t.Errorf("%d audit lines of the resets, want 2 issued and 1 used", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE changes::text LIKE '%'||$1||'%'`, token); n != 0 {
		t.Error("the token is in the audit log")
	}

	// Expiry, checked by the store too.
	token, r, _ = a.CreatePasswordReset(ctx, admin.ID, u.ID, time.Hour)
	db.Pool().Exec(ctx, `UPDATE password_resets SET created_at = created_at - interval '2 hours', expires_at = expires_at - interval '2 hours' WHERE id = $1`, r.ID)
	if _, err := a.ResetPassword(ctx, token, "une phrase trop tardive"); domain.ErrorMessage(err) != "password_reset_expired" {
		t.Errorf("an expired link: %v", err)
	}
	h, _ = tokenHash(token)
	if _, err := db.ResetPassword(ctx, h, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5"); domain.ErrorMessage(err) != "password_reset_expired" {
		t.Errorf("store, an expired link: %v", err)
	}
	// A disabled account: no link, and an issued one dies.
	token, _, _ = a.CreatePasswordReset(ctx, admin.ID, u.ID, 0)
	if _, err := db.SetDisabled(ctx, u.ID, true, admin.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ResetPassword(ctx, token, "une phrase de retour"); domain.ErrorMessage(err) != "password_reset_invalid" {
		t.Errorf("the link of a disabled account: %v", err)
	}
	if _, _, err := a.CreatePasswordReset(ctx, admin.ID, u.ID, 0); domain.ErrorMessage(err) != "user_disabled" {
		t.Errorf("a link for a disabled account: %v", err)
	}
	for _, bad := range []string{"", "x", token + "x", strings.Repeat("A", 43)} {
		if _, err := a.PasswordReset(ctx, bad); domain.ErrorMessage(err) != "password_reset_invalid" {
			t.Errorf("token %q: %v", bad, err)
		}
	}
	for _, ttl := range []time.Duration{-time.Hour, time.Second, 8 * 24 * time.Hour} {
		if _, _, err := a.CreatePasswordReset(ctx, admin.ID, admin.ID, ttl); domain.ErrorMessage(err) != "password_reset_ttl_invalid" {
			t.Errorf("ttl %v: %v", ttl, err)
		}
	}
}

// TestPasswordResetConcurrentUse: a link used twice at once works once.
func TestPasswordResetConcurrentUse(t *testing.T) {
	ctx := context.Background()
	a, _ := newAccounts(t)
	admin := createUser(t, a, "admin@social.gov.ma", domain.RoleAdmin, 0)
	token, _, err := a.CreatePasswordReset(ctx, admin.ID, admin.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	start := make(chan struct{})
	for i := range 4 {
		go func() {
			<-start
			_, err := a.ResetPassword(ctx, token, fmt.Sprintf("phrase numero %d choisie", i))
			errs <- err
		}()
	}
	close(start)
	ok := 0
	for range 4 {
		if err := <-errs; err == nil {
			ok++
		} else if domain.ErrorMessage(err) != "password_reset_used" {
			t.Errorf("concurrent use: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d uses succeeded, want 1", ok)
	}
}
