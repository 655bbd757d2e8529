// Package pagecache keeps the rendered public pages in memory, for
// anonymous readers, and forgets them the moment the database says
// anything public changed.
//
// Entries are the bytes a handler wrote (and their gzip compression, made
// once), keyed by path, query and language, bounded in bytes and evicted
// least recently used first. Invalidation comes from PostgreSQL: every
// transaction that changes public content notifies the channel
// tachawor_public from its own transaction (migrations/000041), and each
// portal process holds one connection listening to it (Listen). Staleness
// is ruled out, not just made unlikely:
//
//   - a page is served from memory only once a round trip on the listening
//     connection, started after the request arrived, has come back: by then
//     the server has delivered every notification of every transaction
//     committed before the request, and those were applied (Fence);
//   - a page is stored only if no notification came in while it was being
//     rendered (the generation it started at is still current): a page
//     rendered from data older than a change is dropped by the change's
//     notification, before or after it is stored, and never served past
//     the fence; a page not in memory is rendered without waiting;
//   - while the listening connection is down, nothing is served from memory
//     nor stored, and what was kept is dropped when it comes back, since
//     notifications sent meanwhile were lost;
//   - a page rendered from a hot standby (ReadAt) is stored only if that
//     standby had replayed the primary's WAL past every change already
//     notified: after each notification the listener reads where the
//     primary's WAL ends, which is past the commit of every transaction
//     whose notification came before the answer, and a standby that had
//     replayed up to there when the render began shows those changes.
//     Notifications come from the primary only (a standby's sessions
//     never get them).
package pagecache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Cache is a byte-bounded LRU of rendered pages. The zero value is not
// usable; see New.
type Cache struct {
	max      int64
	maxEntry int64

	mu      sync.Mutex
	entries map[string]*list.Element
	lru     *list.List // front: most recently used
	bytes   int64

	gen   atomic.Uint64 // bumped by each invalidation
	live  atomic.Bool   // the listener listens: pages may be stored
	fence func(context.Context) error

	// Every change notified up to generation coveredGen committed at or
	// before the primary's WAL position coveredLSN (guarded by mu).
	coveredGen, coveredLSN uint64

	hits, misses, stores, behind atomic.Int64
}

// entry is one stored response.
type entry struct {
	key    string
	header http.Header
	body   []byte
	gz     []byte // nil when not worth compressing
	etag   string
	size   int64
}

// New returns a cache of at most maxBytes (bodies, their gzip form and
// their headers); maxBytes <= 0 gives a cache that keeps nothing. Until
// SetFence is called no page is served from it.
func New(maxBytes int64) *Cache {
	c := &Cache{max: maxBytes, entries: map[string]*list.Element{}, lru: list.New()}
	// One page may take a sixteenth of the cache, so that a few huge pages
	// cannot push out all the others.
	c.maxEntry = maxBytes / 16
	c.fence = func(context.Context) error { return errNoFence }
	return c
}

var errNoFence = errors.New("pagecache: not listening")

// SetFence sets the function that waits until every change committed
// before the call has been applied (Listener.Fence).
func (c *Cache) SetFence(f func(context.Context) error) { c.fence = f }

// setLive says whether the listener listens. Each change of state also
// invalidates, so that a page rendered across it is not stored.
func (c *Cache) setLive(on bool) {
	c.live.Store(on)
	c.Invalidate()
}

// Invalidate drops every page. Every public page joins across many
// tables (each shows the navigation, the home page counts meetings and
// agreements, a region page lists five kinds of records), so a change
// drops them all: a map from tables to pages would be a second source of
// truth that could go stale unnoticed, while public content changes a few
// times a day and each page is rendered once after a change.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.gen.Add(1)
	clear(c.entries)
	c.lru.Init()
	c.bytes = 0
	c.mu.Unlock()
}

// cover records that every change notified up to generation gen
// committed at or before WAL position lsn.
func (c *Cache) cover(gen, lsn uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen > c.coveredGen {
		c.coveredGen, c.coveredLSN = gen, lsn
	}
}

// covered reports whether the WAL position of every invalidation so far is
// known.
func (c *Cache) covered() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.coveredGen == c.gen.Load()
}

type renderKey struct{}

// render is what the handler of a page the cache may keep tells it.
type render struct{ lsn atomic.Uint64 }

// ReadAt tells the cache that the page being rendered for ctx reads from a
// hot standby that had replayed the primary's WAL up to position lsn when
// its reads began (0: from the primary, whose data is current). The page
// is then kept only if lsn is past every change notified before the render
// began. Outside a render the cache may keep, it does nothing.
func ReadAt(ctx context.Context, lsn uint64) {
	if r, ok := ctx.Value(renderKey{}).(*render); ok {
		r.lsn.Store(lsn)
	}
}

// Stats are the cache's counters since it started. Behind counts the pages
// rendered from a standby that had not replayed the last change yet, and
// so not kept.
type Stats struct {
	Hits, Misses, Stores, Behind int64
	Entries                      int
	Bytes                        int64
}

// Stats returns the counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Stores: c.stores.Load(), Behind: c.behind.Load(),
		Entries: len(c.entries), Bytes: c.bytes}
}

// peek reports whether key is in memory, without marking it used.
func (c *Cache) peek(key string) (*entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	return el.Value.(*entry), true
}

func (c *Cache) get(key string) (*entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*entry), true
}

// put stores e unless an invalidation came since gen was read, or e was
// read from a standby (at WAL position lsn, not 0) that had not replayed
// every change notified by then.
func (c *Cache) put(gen, lsn uint64, e *entry) bool {
	if e.size > c.maxEntry {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen.Load() != gen || !c.live.Load() {
		return false
	}
	if lsn != 0 && (c.coveredGen != gen || lsn < c.coveredLSN) {
		c.behind.Add(1)
		return false
	}
	if old, ok := c.entries[e.key]; ok {
		c.bytes -= old.Value.(*entry).size
		c.lru.Remove(old)
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.bytes += e.size
	for c.bytes > c.max {
		last := c.lru.Back()
		old := last.Value.(*entry)
		c.lru.Remove(last)
		delete(c.entries, old.key)
		c.bytes -= old.size
	}
	c.stores.Add(1)
	return true
}

// compressible are the content types kept gzipped as well.
var compressible = []string{"text/", "application/json", "application/xml", "image/svg+xml"}

func newEntry(key string, header http.Header, body []byte) *entry {
	// The page varies by Accept-Encoding: said once here, so that serving
	// it only assigns the stored values (never appends to them).
	if v := header.Get("Vary"); v == "" {
		header.Set("Vary", "Accept-Encoding")
	} else {
		header.Set("Vary", v+", Accept-Encoding")
	}
	e := &entry{key: key, header: header, body: body, etag: header.Get("ETag")}
	ct := header.Get("Content-Type")
	if len(body) >= 512 && header.Get("Content-Encoding") == "" {
		for _, p := range compressible {
			if strings.HasPrefix(ct, p) {
				var b bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
				zw.Write(body)
				zw.Close()
				e.gz = b.Bytes()
				break
			}
		}
	}
	e.size = int64(len(key) + len(body) + len(e.gz) + 64)
	for k, vs := range header {
		e.size += int64(len(k) + 16)
		for _, v := range vs {
			e.size += int64(len(v) + 16)
		}
	}
	return e
}

// Match reports whether an If-None-Match header lists etag (weak
// comparison, RFC 9110 13.1.2).
func Match(header, etag string) bool {
	for v := range strings.SplitSeq(header, ",") {
		v = strings.TrimSpace(v)
		if v == "*" || strings.TrimPrefix(v, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for v := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(v), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
			return !ok || (q != "0" && q != "0.0" && q != "0.00" && q != "0.000")
		}
	}
	return false
}

// serve writes e as the answer to r. The stored header values are shared
// by every response: they are assigned, never appended to.
func serve(w http.ResponseWriter, r *http.Request, e *entry) {
	h := w.Header()
	for k, vs := range e.header {
		h[k] = vs
	}
	if e.etag != "" && Match(r.Header.Get("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := e.body
	if e.gz != nil && acceptsGzip(r) {
		body = e.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
