package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"time"

	"github.com/alexedwards/scs/v2"

	"tachawor/internal/domain"
	"tachawor/internal/store"
)

// Session settings.
const (
	CookieName      = "tachawor_session"
	FlashCookieName = "tachawor_flash" // the flash of a visitor who is not signed in
	IdleTimeout     = 30 * time.Minute // ends a session left unused
	SessionLifetime = 12 * time.Hour   // ends any session, used or not
)

// Session keys.
const (
	keyUserID = "user_id"
	keyEpoch  = "epoch" // the user's session epoch at sign-in
	keyFlash  = "flash"
)

// Sessions are the server-side sessions of signed-in users, stored in
// PostgreSQL (table sessions) so that any portal process serves any user.
// The cookie carries only a random token; the table holds its SHA-256.
//
// Only what must be remembered makes a session: signing in. A visitor who
// only reads, or whose post is refused, gets no session row, and the one
// thing a visitor's next page must be told (a flash: "your comment awaits
// moderation") travels in a short-lived cookie of its own instead.
type Sessions struct {
	m      *scs.SessionManager
	secure bool
}

// NewSessions keeps sessions in db. secure marks the cookies Secure (set
// it when the portal is served over HTTPS). Expired rows are removed by
// Accounts.Cleanup.
func NewSessions(db *store.DB, secure bool) *Sessions {
	m := scs.New()
	m.Store = sessionStore{db}
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
	return &Sessions{m: m, secure: secure}
}

// sessionStore keeps scs's sessions in table sessions through the store,
// with the id of their user, so that store can end all of a user's
// sessions at once.
type sessionStore struct{ db *store.DB }

func (st sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return st.db.FindSession(ctx, token)
}

func (st sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var userID int64
	if _, values, err := (scs.GobCodec{}).Decode(b); err == nil {
		userID, _ = values[keyUserID].(int64)
	}
	return st.db.CommitSession(ctx, token, b, expiry, userID)
}

func (st sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return st.db.DeleteSession(ctx, token)
}

func (st sessionStore) Find(token string) ([]byte, bool, error) {
	return st.FindCtx(context.Background(), token)
}

func (st sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return st.CommitCtx(context.Background(), token, b, expiry)
}

func (st sessionStore) Delete(token string) error { return st.DeleteCtx(context.Background(), token) }

// storedToken is what the table keeps of a session token (as scs's
// HashTokenInStore computes it).
func storedToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(h[:])
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
		ctx := context.WithValue(r.Context(), handlerStartedKey{}, &started)
		ctx = context.WithValue(ctx, exchangeKey{}, &exchange{w: w, r: r})
		inner.ServeHTTP(w, r.WithContext(ctx))
	})
}

// exchange is the request and response of a context, for the flash cookie.
type exchange struct {
	w      http.ResponseWriter
	r      *http.Request
	popped bool // the flash cookie was read
}

type exchangeKey struct{}

// SignIn binds the session to the user, under a new token: the token the
// browser had before signing in (which someone may have planted) is deleted
// from the store and no longer works.
func (s *Sessions) SignIn(ctx context.Context, u domain.User) error {
	if err := s.m.RenewToken(ctx); err != nil {
		return err
	}
	s.m.Put(ctx, keyUserID, u.ID)
	s.m.Put(ctx, keyEpoch, int64(u.SessionEpoch))
	return nil
}

// epoch is the user's session epoch when the session signed in.
func (s *Sessions) epoch(ctx context.Context) int32 { return int32(s.m.GetInt64(ctx, keyEpoch)) }

// setEpoch makes the session carry epoch: the one kept when the user's
// other sessions end.
func (s *Sessions) setEpoch(ctx context.Context, epoch int32) { s.m.Put(ctx, keyEpoch, int64(epoch)) }

// SignOut ends the session on the server (its row is deleted) and has the
// browser drop the cookie.
func (s *Sessions) SignOut(ctx context.Context) error { return s.m.Destroy(ctx) }

// UserID is the signed-in user's id, 0 if none.
func (s *Sessions) UserID(ctx context.Context) int64 { return s.m.GetInt64(ctx, keyUserID) }

// Token is the session's current token (the cookie's value), "" before the
// session is first saved: the one a password change keeps. Never log it.
func (s *Sessions) Token(ctx context.Context) string { return s.m.Token(ctx) }

// flashCookieAge bounds how long a visitor's flash waits for the page
// that shows it (the one the answer redirects to).
const flashCookieAge = 5 * time.Minute

// messageID is what a flash may hold: a message ID of the catalogue.
var messageID = regexp.MustCompile(`^[a-z][a-z0-9_]{0,79}$`)

// Flash keeps a message (a message ID) for the next page shown, typically
// after a redirect: in the session of a signed-in user, in a cookie of its
// own for a visitor (no session row is made for it).
func (s *Sessions) Flash(ctx context.Context, msg string) {
	if s.UserID(ctx) != 0 {
		s.m.Put(ctx, keyFlash, msg)
		return
	}
	if x, ok := ctx.Value(exchangeKey{}).(*exchange); ok && messageID.MatchString(msg) {
		http.SetCookie(x.w, &http.Cookie{Name: FlashCookieName, Value: msg, Path: "/", MaxAge: int(flashCookieAge.Seconds()),
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	}
}

// PopFlash returns the flash message and removes it ("" if none).
func (s *Sessions) PopFlash(ctx context.Context) string {
	if msg := s.m.PopString(ctx, keyFlash); msg != "" {
		return msg
	}
	x, ok := ctx.Value(exchangeKey{}).(*exchange)
	if !ok || x.popped {
		return ""
	}
	c, err := x.r.Cookie(FlashCookieName)
	if err != nil {
		return ""
	}
	x.popped = true
	http.SetCookie(x.w, &http.Cookie{Name: FlashCookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	if !messageID.MatchString(c.Value) {
		return ""
	}
	return c.Value
}
