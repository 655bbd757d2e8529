// Package config reads the portal's configuration from the environment,
// once, validates it, and hands it to the constructors that need it.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
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
	return c, nil
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
