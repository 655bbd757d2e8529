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

func TestReplicas(t *testing.T) {
	var d Replicas
	if err := d.parse(func(string) string { return "" }); err != nil || d.ReplicaURLs != nil || d.ReplicaMaxLag != 5*time.Second || d.ReadYourWrites != 10*time.Second {
		t.Fatalf("defaults: %+v %v", d, err)
	}
	for _, c := range []struct {
		env  map[string]string
		urls []string
		fail string
	}{
		{env: map[string]string{"DATABASE_REPLICA_URLS": "postgres://r1/db, postgresql://u:p@r2:5433/db?sslmode=require,"},
			urls: []string{"postgres://r1/db", "postgresql://u:p@r2:5433/db?sslmode=require"}},
		// A URL of several hosts keeps its commas.
		{env: map[string]string{"DATABASE_REPLICA_URLS": "postgres://a:5432,b:5432/db?target_session_attrs=standby,postgres://c/db"},
			urls: []string{"postgres://a:5432,b:5432/db?target_session_attrs=standby", "postgres://c/db"}},
		{env: map[string]string{"DATABASE_REPLICA_URLS": "host=r1 password=secret"}, fail: "postgres:// URL"},
		{env: map[string]string{"DATABASE_REPLICA_URLS": "postgres://u:secret@r1:port/db"}, fail: "does not parse"},
		// The read-your-writes window: REPLICA_MAX_LAG and a second at least.
		{env: map[string]string{"REPLICA_MAX_LAG": "9500ms"}, fail: "REPLICA_READ_YOUR_WRITES (10s) must be at least"},
		{env: map[string]string{"REPLICA_MAX_LAG": "9s", "REPLICA_READ_YOUR_WRITES": "10s"}},
		{env: map[string]string{"REPLICA_MAX_LAG": "9001ms", "REPLICA_READ_YOUR_WRITES": "10s"}, fail: "REPLICA_READ_YOUR_WRITES"},
		{env: map[string]string{"REPLICA_MAX_LAG": "100ms", "REPLICA_READ_YOUR_WRITES": "1100ms"}},
		{env: map[string]string{"REPLICA_MAX_LAG": "99ms"}, fail: "REPLICA_MAX_LAG"},
		{env: map[string]string{"REPLICA_READ_YOUR_WRITES": "later"}, fail: "REPLICA_READ_YOUR_WRITES"},
	} {
		var r Replicas
		err := r.parse(func(k string) string { return c.env[k] })
		switch {
		case c.fail == "" && err != nil:
			t.Errorf("%v: %v", c.env, err)
		case c.fail != "" && (err == nil || !strings.Contains(err.Error(), c.fail)):
			t.Errorf("%v: %v, want an error about %s", c.env, err, c.fail)
		case c.fail != "" && strings.Contains(err.Error(), "secret"):
			t.Errorf("%v: the error shows the password: %v", c.env, err)
		case c.urls != nil && strings.Join(r.ReplicaURLs, " ") != strings.Join(c.urls, " "):
			t.Errorf("%v: URLs %q, want %q", c.env, r.ReplicaURLs, c.urls)
		}
	}
}
