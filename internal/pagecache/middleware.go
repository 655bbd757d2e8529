package pagecache

import (
	"bytes"
	"context"
	"net/http"
	"strings"
)

// Middleware serves the pages of the requests key names from memory and
// stores those it renders. key returns false for a request that must not
// be served from, nor stored in, the cache (a signed-in reader's: see
// the README): such a request goes through untouched.
//
// A response is stored when it is a 200 to a GET, carries an ETag (the
// handler's conditional middleware computed it over the whole body: a
// streamed file has none), sets no cookie, is neither no-store nor
// private, is no larger than a sixteenth of the cache and, read from a
// hot standby (ReadAt), was read once that standby had replayed every
// change notified before the request. The request
// goes to the handler without If-None-Match and Accept-Encoding, so that
// the full identity body is what is stored; this middleware then answers
// 304 or gzip itself, for the first reader as for the next.
func (c *Cache) Middleware(key func(*http.Request) (string, bool)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.max <= 0 || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
				next.ServeHTTP(w, r)
				return
			}
			k, ok := key(r)
			if !ok {
				next.ServeHTTP(w, r)
				return
			}
			gen := c.gen.Load()
			if _, ok := c.peek(k); ok {
				// In memory: served once every change committed before
				// this request has been applied, if it is still there.
				if err := c.fence(r.Context()); err != nil {
					// Not listening: what is in memory may be stale.
					next.ServeHTTP(w, r)
					return
				}
				if e, ok := c.get(k); ok {
					c.hits.Add(1)
					serve(w, r, e)
					return
				}
				gen = c.gen.Load()
			}
			c.misses.Add(1)
			if r.Method == http.MethodHead {
				next.ServeHTTP(w, r)
				return
			}
			rs := &render{}
			inner := r.Clone(context.WithValue(r.Context(), renderKey{}, rs))
			inner.Header.Del("If-None-Match")
			inner.Header.Del("If-Modified-Since")
			inner.Header.Del("Accept-Encoding")
			rec := &recorder{ResponseWriter: w, limit: int(c.maxEntry)}
			before := w.Header().Clone()
			next.ServeHTTP(rec, inner)
			if rec.pass {
				return
			}
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			header := http.Header{}
			for k, vs := range w.Header() {
				if _, set := before[k]; !set && k != "Content-Length" {
					header[k] = vs
				}
			}
			e := newEntry(k, header, rec.buf.Bytes())
			if rec.status == http.StatusOK && storable(header) {
				c.put(gen, rs.lsn.Load(), e)
			} else {
				w.WriteHeader(rec.status)
				w.Write(e.body)
				return
			}
			// The reader gets what the next one will: 304, gzip or identity.
			for k := range header {
				w.Header().Del(k)
			}
			serve(w, r, e)
		})
	}
}

// storable reports whether a response with these headers may be kept.
func storable(h http.Header) bool {
	if h.Get("ETag") == "" || len(h.Values("Set-Cookie")) > 0 || h.Get("Content-Encoding") != "" {
		return false
	}
	cc := strings.ToLower(h.Get("Cache-Control"))
	return !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private")
}

// recorder holds a response back until the handler is done, unless it is
// not one to store: an answer other than 200, one without an ETag at its
// header (streamed), or one growing past limit. Those go through as they
// are written.
type recorder struct {
	http.ResponseWriter
	status int
	limit  int
	buf    bytes.Buffer
	pass   bool
}

func (r *recorder) WriteHeader(status int) {
	if r.status != 0 || r.pass {
		return
	}
	r.status = status
	if status != http.StatusOK || !storable(r.Header()) {
		r.passThrough()
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	if r.pass {
		return r.ResponseWriter.Write(b)
	}
	if r.buf.Len()+len(b) > r.limit {
		r.passThrough()
		return r.ResponseWriter.Write(b)
	}
	return r.buf.Write(b)
}

func (r *recorder) passThrough() {
	r.pass = true
	r.ResponseWriter.WriteHeader(r.status)
	if r.buf.Len() > 0 {
		r.ResponseWriter.Write(r.buf.Bytes())
		r.buf.Reset()
	}
}

// Flush sends what was written, for a streamed response.
func (r *recorder) Flush() {
	if !r.pass {
		return
	}
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the writer underneath.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
