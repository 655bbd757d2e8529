package server

import (
	"net/http/httptest"
	"testing"

	"tachawor/internal/config"
)

func TestClientAddr(t *testing.T) {
	proxies, err := config.ParsePrefixes("10.0.0.0/8, 192.0.2.10 2001:db8:1::/48")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{cfg: config.Config{TrustedProxies: proxies}}
	none := &Server{}
	for _, c := range []struct {
		name, peer string
		xff        []string
		want       string
		untrusted  string // with no trusted proxies configured
	}{
		{"direct", "198.51.100.7:5000", nil, "198.51.100.7", "198.51.100.7"},
		{"a client's own header is ignored", "198.51.100.7:5000", []string{"203.0.113.1"}, "198.51.100.7", "198.51.100.7"},
		{"one trusted proxy", "10.1.2.3:80", []string{"203.0.113.5"}, "203.0.113.5", "10.1.2.3"},
		{"spoofed entries left of the proxy's", "10.1.2.3:80", []string{"1.2.3.4, 203.0.113.5"}, "203.0.113.5", "10.1.2.3"},
		{"two trusted hops", "10.1.2.3:80", []string{"203.0.113.5, 192.0.2.10"}, "203.0.113.5", "10.1.2.3"},
		{"hops over several headers", "10.1.2.3:80", []string{"6.6.6.6, 203.0.113.5", "10.9.9.9"}, "203.0.113.5", "10.1.2.3"},
		{"an untrusted hop stops the walk", "10.1.2.3:80", []string{"203.0.113.5, 198.51.100.99"}, "198.51.100.99", "10.1.2.3"},
		{"garbage ends at the last trusted hop", "10.1.2.3:80", []string{"evil, 10.4.4.4"}, "10.4.4.4", "10.1.2.3"},
		{"garbage right after the peer", "10.1.2.3:80", []string{"' OR 1=1 --"}, "10.1.2.3", "10.1.2.3"},
		{"no header from a proxy", "10.1.2.3:80", nil, "10.1.2.3", "10.1.2.3"},
		{"only proxies", "10.1.2.3:80", []string{"10.2.2.2, 10.3.3.3"}, "10.2.2.2", "10.1.2.3"},
		{"entries with ports and brackets", "10.1.2.3:80", []string{"[2001:db8:9::1]:443"}, "2001:db8:9::1", "10.1.2.3"},
		{"an IPv6 proxy", "[2001:db8:1:5::7]:443", []string{"203.0.113.8:1234"}, "203.0.113.8", "2001:db8:1:5::7"},
		{"an IPv4-mapped peer", "[::ffff:10.1.2.3]:80", []string{"203.0.113.5"}, "203.0.113.5", "10.1.2.3"},
		{"an empty entry", "10.1.2.3:80", []string{"203.0.113.5, "}, "10.1.2.3", "10.1.2.3"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientAddr(r); got != c.want {
			t.Errorf("%s: clientAddr = %q, want %q", c.name, got, c.want)
		}
		if got := none.clientAddr(r); got != c.untrusted {
			t.Errorf("%s, no trusted proxies: clientAddr = %q, want %q", c.name, got, c.untrusted)
		}
	}
	if _, err := config.ParsePrefixes("10.0.0.0/8, localhost"); err == nil {
		t.Error("a host name accepted as a proxy")
	}
	if p, err := config.ParsePrefixes(""); err != nil || len(p) != 0 {
		t.Errorf("empty list: %v, %v", p, err)
	}
}
