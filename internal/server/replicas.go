package server

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"tachawor/internal/auth"
	"tachawor/internal/pagecache"
)

// Reads from hot standbys (DATABASE_REPLICA_URLS; README, "Deployment").
// An anonymous reader's public page that the page cache does not hold is
// read from a standby; everything else goes to the primary: every write,
// every signed-in reader's page, the open data files (the large ones
// stream as they are read, and a file half sent from a standby that went
// away could not be taken back; the page cache keeps the small ones), and
// every read of a reader who has just written.

// wroteCookie marks a reader who has just written, for
// REPLICA_READ_YOUR_WRITES. A cookie, rather than the session, since a
// visitor who comments has none; it says nothing of who they are.
const wroteCookie = "tachawor_wrote"

// readYourWrites gives the answer to every request that may have written
// (any but GET and HEAD, signed in or not, whatever became of it) the
// cookie wroteCookie, which the browser keeps for REPLICA_READ_YOUR_WRITES
// (Max-Age, counted by the browser from the answer: no clock of ours
// involved). While it comes back, the reader's pages are read from the
// primary: a standby may not have replayed their write yet. Pages from
// the page cache are served to them as to anyone: the cache never serves
// a page older than a change committed before the request. Without
// standbys it does nothing.
func (s *Server) readYourWrites(next http.Handler) http.Handler {
	if !s.db.Replicated() {
		return next
	}
	maxAge := int((s.cfg.ReadYourWrites + time.Second - 1) / time.Second)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.SetCookie(w, &http.Cookie{Name: wroteCookie, Value: "1", Path: "/", MaxAge: maxAge,
				HttpOnly: true, Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode})
		}
		next.ServeHTTP(w, r)
	})
}

// standbyGrace is how much longer than PUBLIC_STATEMENT_TIMEOUT a page
// read from a standby may take before the standby is given up for not
// answering: its statements are cut by the standby itself past the
// timeout, so only a standby that no longer answers gets there.
const standbyGrace = time.Second

// standbyReads reads an anonymous reader's page from a healthy standby
// when there is one. No reader's request fails because a standby went
// away: the page goes out only if the standby answered every read of it;
// if one failed because of the standby (gone, shutting down, a query
// cancelled on conflict with its replay), or the standby stopped
// answering, what the handler wrote is dropped, the standby is skipped,
// and the page is read again from the primary. The page cache learns the
// position the standby had replayed (pagecache.ReadAt), and keeps the page
// only if that is past every change it was told of.
func (s *Server) standbyReads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || hasCookie(r, auth.CookieName) || hasCookie(r, wroteCookie) {
			next.ServeHTTP(w, r)
			return
		}
		ctx, read := s.db.ReadFromStandby(r.Context())
		if read == nil {
			next.ServeHTTP(w, r)
			return
		}
		pagecache.ReadAt(r.Context(), read.LSN())
		attempt, cancel := context.WithTimeout(ctx, s.cfg.PublicStatementTimeout+standbyGrace)
		gaveUp := func() bool { return attempt.Err() != nil && r.Context().Err() == nil }
		header := w.Header().Clone()
		held := &heldWriter{ResponseWriter: w, failed: func() bool { return read.Failed() || gaveUp() }}
		next.ServeHTTP(held, r.WithContext(attempt))
		again := held.dropped || (!held.decided && held.failed())
		if again && gaveUp() {
			read.Abandon(fmt.Errorf("no answer in %s", s.cfg.PublicStatementTimeout+standbyGrace))
		}
		cancel()
		if !again {
			return
		}
		s.log.WarnContext(r.Context(), "page read again from the primary: the standby failed", "standby", read.Standby(),
			"path", r.URL.Path, "request_id", middleware.GetReqID(r.Context()))
		pagecache.ReadAt(r.Context(), 0)
		clear(w.Header())
		maps.Copy(w.Header(), header)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), readAgainKey{}, true)))
	})
}

type readAgainKey struct{}

// countSearch counts a search against its reader's rate, unless it is read
// again from the primary after a standby failed under it: it was counted
// the first time.
func (s *Server) countSearch(r *http.Request) (bool, time.Duration) {
	if r.Context().Value(readAgainKey{}) != nil {
		return true, 0
	}
	return s.searchRate.allow(clientIP(r), time.Now())
}

func hasCookie(r *http.Request, name string) bool {
	_, err := r.Cookie(name)
	return err == nil
}

// heldWriter lets a response through from its first byte, unless by then
// failed says the reads behind it failed: it then drops the response, to
// be made again. Handlers read before they write (pages render into a
// buffer first), so a failed read is known by then; the responses that
// write as they read (streamed open data) are not read from a standby.
type heldWriter struct {
	http.ResponseWriter
	failed  func() bool
	decided bool
	dropped bool
}

func (h *heldWriter) decide() {
	if !h.decided {
		h.decided, h.dropped = true, h.failed()
	}
}

func (h *heldWriter) WriteHeader(status int) {
	if h.decide(); !h.dropped {
		h.ResponseWriter.WriteHeader(status)
	}
}

func (h *heldWriter) Write(b []byte) (int, error) {
	if h.decide(); h.dropped {
		return len(b), nil
	}
	return h.ResponseWriter.Write(b)
}

// Flush sends what was written, for http.ResponseController.
func (h *heldWriter) Flush() {
	if h.decide(); !h.dropped {
		http.NewResponseController(h.ResponseWriter).Flush()
	}
}

// Unwrap gives http.ResponseController the writer underneath.
func (h *heldWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }
