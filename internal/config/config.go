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
