package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	tests := []struct {
		name      string
		peer      string
		forwarded []string // X-Forwarded-For lines
		trusted   []netip.Prefix
		want      string
	}{
		{"NoProxiesConfigured", "10.0.0.5:4000", []string{"203.0.113.9"}, nil, "10.0.0.5"},
		{"UntrustedPeerIgnoresHeader", "198.51.100.7:4000", []string{"203.0.113.9"}, proxies, "198.51.100.7"},
		{"OneProxy", "10.0.0.5:4000", []string{"203.0.113.9"}, proxies, "203.0.113.9"},
		{"ForgedLeftEntriesIgnored", "10.0.0.5:4000", []string{"1.2.3.4, 203.0.113.9"}, proxies, "203.0.113.9"},
		{"ChainOfProxies", "10.0.0.5:4000", []string{"203.0.113.9, 10.9.9.9"}, proxies, "203.0.113.9"},
		{"RepeatedHeaders", "10.0.0.5:4000", []string{"1.2.3.4", "203.0.113.9, 10.9.9.9"}, proxies, "203.0.113.9"},
		{"AllTrusted", "10.0.0.5:4000", []string{"10.1.1.1, 10.2.2.2"}, proxies, "10.1.1.1"},
		{"NoHeader", "10.0.0.5:4000", nil, proxies, "10.0.0.5"},
		{"MalformedStopsAtProxy", "10.0.0.5:4000", []string{"203.0.113.9, not-an-address"}, proxies, "10.0.0.5"},
		{"EntryWithPort", "10.0.0.5:4000", []string{"203.0.113.9:5555"}, proxies, "203.0.113.9"},
		{"IPv6", "[2001:db8::1]:4000", []string{"[2001:db8::2]:80, 2001:db8::3"}, proxies, "2001:db8::2"},
		{"IPv6Reader", "[2001:db8::1]:4000", []string{"2a00:1450::5"}, proxies, "2a00:1450::5"},
		{"MappedIPv4Peer", "[::ffff:10.0.0.5]:4000", []string{"203.0.113.9"}, proxies, "203.0.113.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			for _, line := range tt.forwarded {
				r.Header.Add("X-Forwarded-For", line)
			}
			if got := clientAddr(r, tt.trusted); got != tt.want {
				t.Errorf("clientAddr = %q, want %q", got, tt.want)
			}
		})
	}
}
