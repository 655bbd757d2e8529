package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The flood: floodConns connections on search, each asking for a word
// the cache has not seen, for floodTime, beside watchConns connections on
// the meetings list and as many on /readyz, whose quiet figures are
// measured just before.
const (
	floodConns = 300
	floodTime  = 20 * time.Second
	watchConns = 4
)

type floodResult struct {
	search                       *result
	meetingsQuiet, readyzQuiet   *result
	meetingsFlood, readyzFlood   *result
	searchOK, refused, busy, bad int64 // 200, 429, 503, other 5xx
}

func (f *floodResult) summary() string {
	return fmt.Sprintf("search %d requests (200: %d, 429: %d, 503: %d, other 5xx: %d); meetings p99 %.1f ms quiet, %.1f ms flooded; /readyz p99 %.1f ms flooded",
		f.search.requests, f.searchOK, f.refused, f.busy, f.bad, f.meetingsQuiet.p99, f.meetingsFlood.p99, f.readyzFlood.p99)
}

func flood(ctx context.Context, w *wrk, base string) (*floodResult, error) {
	f := &floodResult{}
	var err error
	if f.meetingsQuiet, err = w.load(ctx, base+"/ar/meetings", nil, watchConns, w.duration, time.Second, w.script); err != nil {
		return nil, err
	}
	if f.readyzQuiet, err = w.load(ctx, base+"/readyz", nil, watchConns, w.duration, 0, w.script); err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	var errs [3]error
	wg.Add(3)
	go func() {
		defer wg.Done()
		f.search, errs[0] = w.load(ctx, base+"/fr/search", nil, floodConns, floodTime, 0, w.floodScript)
	}()
	// The watchers start once the flood is under way and end before it.
	watch := floodTime - 4*time.Second
	go func() {
		defer wg.Done()
		time.Sleep(2 * time.Second)
		f.meetingsFlood, errs[1] = w.load(ctx, base+"/ar/meetings", nil, watchConns, watch, 0, w.script)
	}()
	go func() {
		defer wg.Done()
		time.Sleep(2 * time.Second)
		f.readyzFlood, errs[2] = w.load(ctx, base+"/readyz", nil, watchConns, watch, 0, w.script)
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for code, n := range f.search.codes {
		c, _ := strconv.Atoi(code)
		switch {
		case c == http.StatusOK:
			f.searchOK += n
		case c == http.StatusTooManyRequests:
			f.refused += n
		case c == http.StatusServiceUnavailable:
			f.busy += n
		case c >= 500:
			f.bad += n
		}
	}
	return f, nil
}

// medianPage fetches every page to load, as wrk asks and as browsers ask,
// and returns the bytes of the page of median size: the ceiling serves
// them.
func medianPage(ctx context.Context, base string, rows []*row) (identity, gzipped []byte, err error) {
	type page struct{ identity, gzipped []byte }
	var pages []page
	client := &http.Client{Timeout: 30 * time.Second}
	fetch := func(path string, gz bool) ([]byte, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip") // set by hand: the client leaves the body compressed
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		return io.ReadAll(resp.Body)
	}
	for _, r := range rows {
		var p page
		if p.identity, err = fetch(r.path, false); err != nil {
			return nil, nil, err
		}
		if p.gzipped, err = fetch(r.path, true); err != nil {
			return nil, nil, err
		}
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return len(pages[i].identity) < len(pages[j].identity) })
	m := pages[len(pages)/2]
	return m.identity, m.gzipped, nil
}

type fillResult struct {
	pages int
	bytes int64 // identity bytes asked for; the cache keeps them and their gzip form
}

// fillCache asks for distinct meeting pages, in both languages, until
// well over the cache's size has been asked for: the cache is then full.
func fillCache(ctx context.Context, base string, pool *pgxpool.Pool, cacheBytes int64) (fillResult, error) {
	rows, err := pool.Query(ctx, `SELECT id FROM meetings WHERE state = 'published' ORDER BY id`)
	if err != nil {
		return fillResult{}, err
	}
	var paths []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fillResult{}, err
		}
		paths = append(paths, fmt.Sprintf("/ar/meetings/%d", id), fmt.Sprintf("/fr/meetings/%d", id))
	}
	if err := rows.Err(); err != nil {
		return fillResult{}, err
	}
	var asked atomic.Int64
	var n atomic.Int64
	next := make(chan string)
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+p, nil)
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				b, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					asked.Add(b)
					n.Add(1)
				}
			}
		}()
	}
	for _, p := range paths {
		if asked.Load() > cacheBytes*3/2 || ctx.Err() != nil {
			break
		}
		next <- p
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return fillResult{}, ctx.Err()
	}
	if asked.Load() <= cacheBytes {
		return fillResult{}, fmt.Errorf("only %s bytes of pages to fill a cache of %s", group(asked.Load()), group(cacheBytes))
	}
	return fillResult{pages: int(n.Load()), bytes: asked.Load()}, nil
}
