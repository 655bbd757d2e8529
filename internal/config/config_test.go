package config

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	d := DefaultLimits()
	if d.DBMaxConns != max(8, 4*runtime.NumCPU()) || d.PageCacheBytes != 32<<20 || d.SearchBudget != 300*time.Millisecond ||
		d.SearchConcurrency+d.ExportConcurrency >= d.DBMaxConns || d.SearchRate != 60 {
		t.Errorf("defaults: %+v", d)
	}
	for _, c := range []struct {
		env  map[string]string
		fail string
	}{
		{map[string]string{"PAGE_CACHE_BYTES": "0", "SEARCH_RATE": "0", "SEARCH_QUEUE": "0"}, ""},
		{map[string]string{"DB_MAX_CONNS": "64", "SEARCH_CONCURRENCY": "61", "EXPORT_CONCURRENCY": "2"}, ""},
		{map[string]string{"DB_MAX_CONNS": "8", "SEARCH_CONCURRENCY": "6", "EXPORT_CONCURRENCY": "2"}, "DB_MAX_CONNS (8) must exceed"},
		{map[string]string{"PAGE_CACHE_BYTES": "-1"}, "PAGE_CACHE_BYTES"},
		{map[string]string{"PAGE_CACHE_BYTES": "32MB"}, "PAGE_CACHE_BYTES"},
		{map[string]string{"DB_MAX_CONNS": "1"}, "DB_MAX_CONNS"},
		{map[string]string{"SEARCH_CONCURRENCY": "0"}, "SEARCH_CONCURRENCY"},
		{map[string]string{"SEARCH_RATE": "-1"}, "SEARCH_RATE"},
		{map[string]string{"SEARCH_BUDGET": "0s"}, "SEARCH_BUDGET"},
		{map[string]string{"PUBLIC_STATEMENT_TIMEOUT": "soon"}, "PUBLIC_STATEMENT_TIMEOUT"},
		{map[string]string{"EXPORT_STATEMENT_TIMEOUT": "1ms"}, ""},
	} {
		var l Limits
		err := l.parse(func(k string) string { return c.env[k] })
		switch {
		case c.fail == "" && err != nil:
			t.Errorf("%v: %v", c.env, err)
		case c.fail != "" && (err == nil || !strings.Contains(err.Error(), c.fail)):
			t.Errorf("%v: %v, want an error about %s", c.env, err, c.fail)
		}
	}
}
