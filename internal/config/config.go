// Package config reads the portal's configuration from the environment,
// once, validates it, and hands it to the constructors that need it.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
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
	// TrustedProxies are the networks of the reverse proxies and load
	// balancers in front of the portal (TRUSTED_PROXIES, CIDRs or addresses
	// separated by commas or spaces; none by default). Only a request from
	// one of them has its X-Forwarded-For header believed.
	TrustedProxies []netip.Prefix
	// SMTP is the mail server (SMTP_URL, smtp:// or smtps://, with the
	// credentials in the URL or the password in SMTP_PASSWORD_FILE). Nil:
	// the portal sends no e-mail.
	SMTP *SMTP

	Limits
	Replicas
}

// SMTP is where and how the portal sends e-mail.
type SMTP struct {
	Host     string
	Port     int
	TLS      bool // smtps://: TLS from the first byte; smtp://: STARTTLS when the server offers it
	Username string
	Password string
	From     string // MAIL_FROM, the sender address
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
	if c.TrustedProxies, err = ParsePrefixes(os.Getenv("TRUSTED_PROXIES")); err != nil {
		return c, fmt.Errorf("TRUSTED_PROXIES: %w", err)
	}
	if raw := os.Getenv("SMTP_URL"); raw != "" {
		if c.SMTP, err = ParseSMTP(raw, os.Getenv("SMTP_PASSWORD_FILE"), os.Getenv("MAIL_FROM"), c.BaseURL); err != nil {
			return c, err
		}
	}
	if err := c.Limits.parse(os.Getenv); err != nil {
		return c, err
	}
	if err := c.Replicas.parse(os.Getenv); err != nil {
		return c, err
	}
	return c, nil
}

// ParseSMTP reads SMTP_URL ("smtps://user:password@mail.example.ma",
// "smtp://relay.example.ma:25"), the password in passwordFile if one is
// named (it wins over the URL's), and the sender from (by default
// noreply@ the host of baseURL).
func ParseSMTP(raw, passwordFile, from, baseURL string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || u.Path != "" && u.Path != "/" {
		return nil, errors.New("SMTP_URL must be smtp://[user[:password]@]host[:port] or smtps://...")
	}
	s := &SMTP{Host: u.Hostname(), TLS: u.Scheme == "smtps", Port: 587}
	if s.TLS {
		s.Port = 465
	}
	if p := u.Port(); p != "" {
		if s.Port, err = strconv.Atoi(p); err != nil || s.Port < 1 || s.Port > 65535 {
			return nil, fmt.Errorf("SMTP_URL: port %q is not a port number", p)
		}
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	if passwordFile != "" {
		b, err := os.ReadFile(passwordFile)
		if err != nil {
			return nil, fmt.Errorf("SMTP_PASSWORD_FILE: %w", err)
		}
		s.Password = strings.TrimRight(string(b), "\r\n")
	}
	if from == "" {
		host := "localhost"
		if b, err := url.Parse(baseURL); err == nil && b.Hostname() != "" {
			host = b.Hostname()
		}
		from = "noreply@" + host
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("MAIL_FROM %q is not an address: %w", from, err)
	}
	s.From = a.String()
	return s, nil
}

// ParsePrefixes reads a list of networks ("10.0.0.0/8, 192.0.2.1
// 2001:db8::/32"), separated by commas or spaces; an address alone is a
// network of one.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither a CIDR network nor an IP address", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
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

// Replicas are the PostgreSQL hot standbys anonymous readers' pages may be
// read from (README, "Deployment").
type Replicas struct {
	// ReplicaURLs are the standbys (DATABASE_REPLICA_URLS: postgres://
	// URLs separated by commas; none by default, and every read goes to
	// the primary).
	ReplicaURLs []string
	// ReplicaMaxLag: a standby whose replay is further behind the primary
	// is skipped until it has caught up (REPLICA_MAX_LAG, default 5s).
	ReplicaMaxLag time.Duration
	// ReadYourWrites is how long after a request that may have written
	// (any but GET and HEAD) the reader's reads all go to the primary
	// (REPLICA_READ_YOUR_WRITES, default 10s). It must exceed
	// REPLICA_MAX_LAG by a second: a standby in use has replayed what the
	// primary had REPLICA_MAX_LAG ago, give or take a health check (a
	// quarter of a second) and the WAL writer's delay.
	ReadYourWrites time.Duration
}

// parse reads the standbys' settings from get (os.Getenv).
func (r *Replicas) parse(get func(string) string) error {
	var err error
	if r.ReplicaURLs, err = SplitURLs(get("DATABASE_REPLICA_URLS")); err != nil {
		return fmt.Errorf("DATABASE_REPLICA_URLS: %w", err)
	}
	durations := []struct {
		key, def string
		min      time.Duration
		dst      *time.Duration
	}{
		{"REPLICA_MAX_LAG", "5s", 100 * time.Millisecond, &r.ReplicaMaxLag},
		{"REPLICA_READ_YOUR_WRITES", "10s", time.Second, &r.ReadYourWrites},
	}
	for _, v := range durations {
		raw := get(v.key)
		if raw == "" {
			raw = v.def
		}
		d, err := time.ParseDuration(raw)
		if err != nil || d < v.min {
			return fmt.Errorf("%s %q is not a duration of %s or more", v.key, get(v.key), v.min)
		}
		*v.dst = d
	}
	if r.ReadYourWrites < r.ReplicaMaxLag+time.Second {
		return fmt.Errorf("REPLICA_READ_YOUR_WRITES (%s) must be at least REPLICA_MAX_LAG (%s) and a second: a reader who has just written could otherwise read a standby that has not replayed their write yet",
			r.ReadYourWrites, r.ReplicaMaxLag)
	}
	return nil
}

// SplitURLs splits a comma-separated list of postgres:// URLs. A URL
// naming several hosts has commas of its own ("postgres://a,b/db"): a
// comma starts a new URL only where a scheme follows it.
func SplitURLs(list string) ([]string, error) {
	var out []string
	for part := range strings.SplitSeq(list, ",") {
		trimmed := strings.TrimSpace(part)
		switch {
		case trimmed == "":
		case strings.HasPrefix(trimmed, "postgres://") || strings.HasPrefix(trimmed, "postgresql://"):
			out = append(out, trimmed)
		case len(out) > 0:
			out[len(out)-1] += "," + trimmed
		default:
			// Not quoted: a keyword/value string may hold a password.
			return nil, errors.New("each standby must be given as a postgres:// URL")
		}
	}
	for _, u := range out {
		if _, err := url.Parse(u); err != nil {
			return nil, fmt.Errorf("a URL that does not parse: %v", redact(err))
		}
	}
	return out, nil
}

// redact keeps a URL's password out of a parse error.
func redact(err error) string {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err.Error()
	}
	return err.Error()
}
