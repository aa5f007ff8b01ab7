package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientIP is the reader's address, for rate limits, login throttling and
// dropping repeated views. It is the peer's address unless the peer is one
// of the configured reverse proxies: then X-Forwarded-For is read from the
// right, each proxy appending the address it was reached from, and the
// first address that is not a trusted proxy is the reader. Entries to the
// left of it were written by the client and could be anything, so they are
// never believed. A malformed entry stops the walk at the last trusted hop,
// which groups such requests under the proxy rather than letting a forged
// header pick an address.
func (s *Server) clientIP(r *http.Request) string {
	return clientAddr(r, s.opts.TrustedProxies)
}

func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if len(trusted) == 0 { // the usual case, on every counted view
		return host
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	hops := forwardedFor(r.Header)
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			break
		}
		peer = a.Unmap()
		if !isTrusted(peer, trusted) {
			break
		}
	}
	return peer.String()
}

// forwardedFor is every X-Forwarded-For entry, in order, across repeated
// headers; entries may carry a port, which is dropped.
func forwardedFor(h http.Header) []string {
	var hops []string
	for _, line := range h.Values("X-Forwarded-For") {
		for hop := range strings.SplitSeq(line, ",") {
			hop = strings.TrimSpace(hop)
			if host, _, err := net.SplitHostPort(hop); err == nil {
				hop = host
			}
			hops = append(hops, strings.Trim(hop, "[]"))
		}
	}
	return hops
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
