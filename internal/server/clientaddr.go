package server

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// clientAddr is the address of the client that sent r, the one every
// limit counts by and every record of an address keeps: the TCP peer,
// unless the peer is one of the trusted proxies (TRUSTED_PROXIES). Then
// X-Forwarded-For is read from right to left, each trusted proxy having
// appended the address it received the request from: trusted hops are
// skipped and the first other address is the client. Whatever a client
// writes into the header itself stands to the left of that and is never
// read. An entry that is not an address ends the walk at the last trusted
// hop: that proxy is then the client, as good as it gets.
func (s *Server) clientAddr(r *http.Request) string {
	peer, ok := parseHostAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr // never happens: net/http always gives ip:port
	}
	if !s.trusted(peer) {
		return peer.String()
	}
	hops := r.Header.Values("X-Forwarded-For")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		entries := strings.Split(hops[i], ",")
		for j := len(entries) - 1; j >= 0; j-- {
			a, ok := parseHostAddr(entries[j])
			if !ok {
				return client.String()
			}
			client = a
			if !s.trusted(a) {
				return a.String()
			}
		}
	}
	return client.String()
}

// trusted reports whether a is the address of a trusted proxy.
func (s *Server) trusted(a netip.Addr) bool {
	return slices.ContainsFunc(s.cfg.TrustedProxies, func(p netip.Prefix) bool { return p.Contains(a) })
}

// parseHostAddr reads an address as a peer or a proxy writes it: "192.0.2.1",
// "192.0.2.1:5678", "2001:db8::1", "[2001:db8::1]:443", with spaces around.
func parseHostAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().WithZone("").Unmap(), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone("").Unmap(), true
}
