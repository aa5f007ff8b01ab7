package fetch

import (
	"net/netip"
	"testing"
)

func TestNonPublic(t *testing.T) {
	tests := []struct {
		addr string
		want string // "" means public
	}{
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"93.184.215.14", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4007:80e::200e", ""},
		{"64:ff9b::808:808", ""}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", ""},  // 6to4 of 8.8.8.8
		{"::ffff:8.8.8.8", ""},   // mapped public
		{"127.0.0.1", "loopback"},
		{"127.255.255.254", "loopback"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"::ffff:10.0.0.1", "private"},
		{"fc00::1", "private"},
		{"fd12:3456::1", "private"},
		{"169.254.169.254", "link-local"},
		{"::ffff:169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"0.1.2.3", "this-network"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.255", "carrier-grade NAT"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"ff02::1", "multicast"},
		{"ff0e::1", "multicast"},
		{"255.255.255.255", "reserved"},
		{"240.0.0.1", "reserved"},
		{"192.0.0.8", "IETF protocol"},
		{"192.0.2.1", "documentation"},
		{"198.51.100.7", "documentation"},
		{"203.0.113.9", "documentation"},
		{"2001:db8::1", "documentation"},
		{"198.18.0.1", "benchmarking"},
		{"2001::1", "Teredo"},
		{"fec0::1", "reserved"},     // old site-local
		{"::127.0.0.1", "reserved"}, // IPv4-compatible
		{"100::1", "reserved"},      // discard-only
		{"64:ff9b::7f00:1", "loopback (embedded in IPv6)"},
		{"64:ff9b::a9fe:a9fe", "link-local (embedded in IPv6)"},
		{"2002:a00:1::1", "private (embedded in IPv6)"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := nonPublic(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("nonPublic(%s) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
	if got := nonPublic(netip.Addr{}); got != "invalid" {
		t.Errorf("nonPublic(zero Addr) = %q, want %q", got, "invalid")
	}
}
