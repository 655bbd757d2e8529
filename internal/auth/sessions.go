package auth

import (
	"context"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Session settings.
const (
	CookieName      = "tachawor_session"
	IdleTimeout     = 30 * time.Minute // ends a session left unused
	SessionLifetime = 12 * time.Hour   // ends any session, used or not
)

// Session keys.
const (
	keyUserID     = "user_id"
	keySignedInAt = "signed_in_at" // Unix seconds
	keyFlash      = "flash"
)

// Sessions are the server-side sessions of signed-in users, stored in
// PostgreSQL (table sessions) so that any portal process serves any user.
// The cookie carries only a random token; the table holds its SHA-256.
type Sessions struct {
	m *scs.SessionManager
}

// NewSessions keeps sessions in pool's database. secure marks the cookie
// Secure (set it when the portal is served over HTTPS). Expired rows are
// removed by Accounts.Cleanup.
func NewSessions(pool *pgxpool.Pool, secure bool) *Sessions {
	m := scs.New()
	// No cleanup goroutine of its own: Accounts.Cleanup deletes expired
	// rows, on a schedule the caller controls and stops.
	m.Store = pgxstore.NewWithCleanupInterval(pool, 0)
	m.HashTokenInStore = true
	m.IdleTimeout = IdleTimeout
	m.Lifetime = SessionLifetime
	m.Cookie.Name = CookieName
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = secure
	m.Cookie.Path = "/"
	// A browser session cookie: closing the browser forgets it, and the
	// server ends the session anyway after IdleTimeout or SessionLifetime.
	m.Cookie.Persist = false
	return &Sessions{m: m}
}

// SetErrorHandler replaces the plain 500 answer given when the session
// cannot be loaded or saved (the database is away ...).
//
// onSave is told of a failure to save the session once the handler has
// answered: by then the response is being written (a change the handler
// made may already be committed), so nothing more is written; the response
// goes out as the handler meant it, without a renewed session cookie.
func (s *Sessions) SetErrorHandler(onLoad func(http.ResponseWriter, *http.Request, error), onSave func(*http.Request, error)) {
	s.m.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		if started, _ := r.Context().Value(handlerStartedKey{}).(*bool); started != nil && *started {
			onSave(r, err)
			return
		}
		onLoad(w, r, err)
	}
}

type handlerStartedKey struct{}

// LoadAndSave is the middleware that loads the request's session and saves
// it, setting the cookie, before the response is written. Every other
// method needs a context that went through it.
func (s *Sessions) LoadAndSave(next http.Handler) http.Handler {
	// A flag set once the handler runs tells a failure to load the session
	// (nothing written yet: answer with an error page) from a failure to
	// save it (the handler's response is under way: write nothing more).
	inner := s.m.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if started, _ := r.Context().Value(handlerStartedKey{}).(*bool); started != nil {
			*started = true
		}
		next.ServeHTTP(w, r)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := false
		inner.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), handlerStartedKey{}, &started)))
	})
}

// SignIn binds the session to the user, under a new token: the token the
// browser had before signing in (which someone may have planted) is deleted
// from the store and no longer works.
func (s *Sessions) SignIn(ctx context.Context, userID int64) error {
	if err := s.m.RenewToken(ctx); err != nil {
		return err
	}
	s.m.Put(ctx, keyUserID, userID)
	s.m.Put(ctx, keySignedInAt, time.Now().Unix())
	return nil
}

// SignOut ends the session on the server (its row is deleted) and has the
// browser drop the cookie.
func (s *Sessions) SignOut(ctx context.Context) error { return s.m.Destroy(ctx) }

// UserID is the signed-in user's id, 0 if none.
func (s *Sessions) UserID(ctx context.Context) int64 { return s.m.GetInt64(ctx, keyUserID) }

// SignedInAt is when the session's user signed in (zero if none).
func (s *Sessions) SignedInAt(ctx context.Context) time.Time {
	if t := s.m.GetInt64(ctx, keySignedInAt); t != 0 {
		return time.Unix(t, 0)
	}
	return time.Time{}
}

// Token is the session's current token (the cookie's value), "" before the
// session is first saved. For tests; never log it.
func (s *Sessions) Token(ctx context.Context) string { return s.m.Token(ctx) }

// Flash keeps a message (a message ID) for the next page shown, typically
// after a redirect.
func (s *Sessions) Flash(ctx context.Context, msg string) { s.m.Put(ctx, keyFlash, msg) }

// PopFlash returns the flash message and removes it ("" if none).
func (s *Sessions) PopFlash(ctx context.Context) string { return s.m.PopString(ctx, keyFlash) }
