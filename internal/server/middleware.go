package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"tachawor/internal/i18n"
	"tachawor/internal/pagecache"
)

const (
	// maxBody bounds request bodies; forms that take files raise it.
	maxBody = 1 << 20
	// langCookie remembers the language a reader chose with the switch.
	langCookie = "lang"
)

// securityHeaders sets a strict Content-Security-Policy (no inline script
// or style) and the other headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// tokenPage marks the pages that show a secret token (an invitation's,
// a password reset's): never stored by any cache (no-store, so no ETag
// either), and the token never sent in a Referer.
func tokenPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// refuseBadPaths answers the localized 404 for a path that no route can
// hold: one with NUL or another control character, or that is not valid
// UTF-8 once decoded ("/fr/regions/%00"), before any handler hands it to
// the database. The page is rendered for the language's home, not for the
// path itself.
func (s *Server) refuseBadPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if utf8.ValidString(r.URL.Path) && !strings.ContainsFunc(r.URL.Path, unicode.IsControl) {
			next.ServeHTTP(w, r)
			return
		}
		home := r.Clone(r.Context())
		home.URL.Path = "/" + string(lang(r)) + "/"
		home.URL.RawPath, home.URL.RawQuery = "", ""
		s.notFound(w, home)
	})
}

// limitBody caps the size of request bodies at maxBody; a route that takes
// files raises its own cap (allowUpload).
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = &cappedBody{ReadCloser: http.MaxBytesReader(w, r.Body, maxBody), raw: r.Body}
		}
		next.ServeHTTP(w, r)
	})
}

// cappedBody is a request body read through a size cap, keeping the body
// itself for a route that raises the cap.
type cappedBody struct {
	io.ReadCloser
	raw io.ReadCloser
}

// logRequests logs each request once it is answered: method, path (never
// the query, which may carry what a reader typed), status, size, duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		start := time.Now()
		next.ServeHTTP(ww, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", middleware.GetReqID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", time.Since(start)))
	})
}

// recoverPanics turns a panic into a logged error and a localized 500 page.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Error(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// withLocale puts the localizer of the URL's language prefix, and what every
// page shares, in the request context.
func (s *Server) withLocale(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, ok := i18n.ParseLang(chi.URLParam(r, "lang"))
		if !ok {
			l = s.readerLang(r)
		}
		ctx := i18n.WithLocalizer(s.withSite(r.Context()), s.catalog.For(l))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// readerLang is the language for a request without a prefix: the one the
// reader chose before, else the browser's preference, else Arabic.
func (s *Server) readerLang(r *http.Request) i18n.Lang {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.ParseLang(c.Value); ok {
			return l
		}
	}
	if seg, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/"); seg != "" {
		if l, ok := i18n.ParseLang(seg); ok {
			return l
		}
	}
	return i18n.Negotiate(r.Header.Get("Accept-Language"))
}

// etagWriter holds a response back so that its ETag can be computed,
// unless the handler streams it (see streamed).
type etagWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
	direct bool // written through as it comes, without an ETag
}

func (e *etagWriter) WriteHeader(status int) {
	e.status = status
	if e.direct {
		e.ResponseWriter.WriteHeader(status)
	}
}

func (e *etagWriter) Write(b []byte) (int, error) {
	if e.status == 0 {
		e.status = http.StatusOK
	}
	if e.direct {
		return e.ResponseWriter.Write(b)
	}
	return e.buf.Write(b)
}

// streamed lets a public response too large to hold in memory (an open
// data file of hundreds of thousands of rows) go out as it is written: it
// then has no ETag. Call it before writing anything.
func streamed(w http.ResponseWriter) {
	e, ok := w.(*etagWriter)
	if !ok || e.direct {
		return
	}
	e.direct = true
	if e.status != 0 {
		e.ResponseWriter.WriteHeader(e.status)
		e.ResponseWriter.Write(e.buf.Bytes())
		e.buf.Reset()
	}
}

// conditional gives public GET responses an ETag computed from their body
// and answers a matching If-None-Match with 304 Not Modified. Readers
// revalidate each time (no-cache), so a published change shows at once.
func conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		ew := &etagWriter{ResponseWriter: w}
		next.ServeHTTP(ew, r)
		if ew.direct {
			return
		}
		if ew.status == 0 {
			ew.status = http.StatusOK
		}
		if ew.status != http.StatusOK || w.Header().Get("Cache-Control") == "no-store" {
			w.WriteHeader(ew.status)
			w.Write(ew.buf.Bytes())
			return
		}
		sum := sha256.Sum256(ew.buf.Bytes())
		etag := `W/"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
		w.Header().Set("ETag", etag)
		if w.Header().Get("Cache-Control") == "" {
			w.Header().Set("Cache-Control", "no-cache")
		}
		if pagecache.Match(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(ew.buf.Len()))
		w.WriteHeader(http.StatusOK)
		w.Write(ew.buf.Bytes())
	})
}
