// Package config reads the portal's configuration from the environment,
// once, validates it, and hands it to the constructors that need it.
package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is everything the portal is configured with.
type Config struct {
	// Addr is where the portal listens (ADDR, default 127.0.0.1:8080).
	Addr string
	// DatabaseURL is the PostgreSQL to use (DATABASE_URL). Empty: the
	// private cluster under DataDir.
	DatabaseURL string
	// DataDir holds the private PostgreSQL cluster (TACHAWOR_DATA_DIR, default ./.data).
	DataDir string
	// BaseURL is the portal's public address, used in canonical links, the
	// sitemap and calendar files (BASE_URL, default http://ADDR).
	BaseURL string
	// LogFormat is "text" or "json" (LOG_FORMAT, default text).
	LogFormat string
	// ShutdownTimeout bounds a graceful shutdown (SHUTDOWN_TIMEOUT, default 20s).
	ShutdownTimeout time.Duration

	Limits
}

// Limits are the page cache, the database pool and what keeps one reader's
// flood from slowing the others (README, "Cache, limits and scaling").
type Limits struct {
	// PageCacheBytes bounds the rendered public pages kept in memory
	// (PAGE_CACHE_BYTES, default 32 MiB; 0 turns the cache off).
	PageCacheBytes int64
	// DBMaxConns is the size of the database pool (DB_MAX_CONNS, default
	// four per CPU, at least 8).
	DBMaxConns int
	// PublicStatementTimeout bounds each query run for an anonymous
	// reader's page (PUBLIC_STATEMENT_TIMEOUT, default 5s).
	PublicStatementTimeout time.Duration
	// ExportStatementTimeout bounds the query of an open data file, which
	// streams for as long as the download lasts (EXPORT_STATEMENT_TIMEOUT,
	// default 2m).
	ExportStatementTimeout time.Duration
	// SearchConcurrency searches run at once, SearchQueue more wait
	// (SEARCH_CONCURRENCY, default two per CPU: a search waits on the
	// database part of the time; SEARCH_QUEUE, default 32);
	// past them a search is answered 503 with Retry-After.
	SearchConcurrency, SearchQueue int
	// SearchBudget is the time a search has to rank its matches before the
	// newest are shown instead (SEARCH_BUDGET, default 300ms).
	SearchBudget time.Duration
	// SearchRate is how many searches one address may run a minute
	// (SEARCH_RATE, default 60; 0 turns the limit off). Pages served from
	// the cache do not count.
	SearchRate int
	// ExportConcurrency open data files are produced at once, ExportQueue
	// more wait (EXPORT_CONCURRENCY, default 2; EXPORT_QUEUE, default 8).
	ExportConcurrency, ExportQueue int
}

// FromEnv reads and validates the configuration.
func FromEnv() (Config, error) {
	c := Config{
		Addr:        env("ADDR", "127.0.0.1:8080"),
		DatabaseURL: os.Getenv("DATABASE_URL"),
		DataDir:     env("TACHAWOR_DATA_DIR", ".data"),
		LogFormat:   env("LOG_FORMAT", "text"),
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return c, fmt.Errorf("ADDR %q is not host:port: %w", c.Addr, err)
	}
	c.BaseURL = strings.TrimRight(env("BASE_URL", "http://"+c.Addr), "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("BASE_URL %q is not an http(s) URL", c.BaseURL)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("LOG_FORMAT %q must be text or json", c.LogFormat)
	}
	d, err := time.ParseDuration(env("SHUTDOWN_TIMEOUT", "20s"))
	if err != nil || d <= 0 {
		return c, fmt.Errorf("SHUTDOWN_TIMEOUT %q is not a positive duration", os.Getenv("SHUTDOWN_TIMEOUT"))
	}
	c.ShutdownTimeout = d
	if err := c.Limits.parse(os.Getenv); err != nil {
		return c, err
	}
	return c, nil
}

// DefaultLimits are the limits with every setting at its default.
func DefaultLimits() Limits {
	var l Limits
	if err := l.parse(func(string) string { return "" }); err != nil {
		panic(err) // the defaults are valid on any machine
	}
	return l
}

// parse reads the limits from get (os.Getenv), an empty value meaning the default.
func (l *Limits) parse(get func(string) string) error {
	env := func(key, def string) string {
		if v := get(key); v != "" {
			return v
		}
		return def
	}
	cpus := runtime.NumCPU()
	ints := []struct {
		key      string
		def, min int
		dst      *int
	}{
		{"DB_MAX_CONNS", max(8, 4*cpus), 2, &l.DBMaxConns},
		{"SEARCH_CONCURRENCY", 2 * cpus, 1, &l.SearchConcurrency},
		{"SEARCH_QUEUE", 32, 0, &l.SearchQueue},
		{"SEARCH_RATE", 60, 0, &l.SearchRate},
		{"EXPORT_CONCURRENCY", 2, 1, &l.ExportConcurrency},
		{"EXPORT_QUEUE", 8, 0, &l.ExportQueue},
	}
	for _, v := range ints {
		n, err := strconv.Atoi(env(v.key, strconv.Itoa(v.def)))
		if err != nil || n < v.min {
			return fmt.Errorf("%s %q must be a whole number of at least %d", v.key, get(v.key), v.min)
		}
		*v.dst = n
	}
	if l.SearchConcurrency+l.ExportConcurrency >= l.DBMaxConns {
		return fmt.Errorf("DB_MAX_CONNS (%d) must exceed SEARCH_CONCURRENCY + EXPORT_CONCURRENCY (%d): other pages need connections too",
			l.DBMaxConns, l.SearchConcurrency+l.ExportConcurrency)
	}
	n, err := strconv.ParseInt(env("PAGE_CACHE_BYTES", strconv.Itoa(32<<20)), 10, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("PAGE_CACHE_BYTES %q must be a number of bytes (0 turns the cache off)", get("PAGE_CACHE_BYTES"))
	}
	l.PageCacheBytes = n
	durations := []struct {
		key, def string
		dst      *time.Duration
	}{
		{"PUBLIC_STATEMENT_TIMEOUT", "5s", &l.PublicStatementTimeout},
		{"EXPORT_STATEMENT_TIMEOUT", "2m", &l.ExportStatementTimeout},
		{"SEARCH_BUDGET", "300ms", &l.SearchBudget},
	}
	for _, v := range durations {
		d, err := time.ParseDuration(env(v.key, v.def))
		if err != nil || d < time.Millisecond {
			return fmt.Errorf("%s %q is not a duration of a millisecond or more", v.key, get(v.key))
		}
		*v.dst = d
	}
	return nil
}

// Secure reports whether the portal is served over HTTPS (cookies are then
// marked Secure).
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}
