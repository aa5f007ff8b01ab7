package auth

import (
	"strings"
	"testing"
)

func TestAccountKey(t *testing.T) {
	key := accountKey("Jane.Doe@Example.com")
	if !strings.HasPrefix(key, "account:") || len(key) != len("account:")+64 {
		t.Fatalf("accountKey = %q, want account: and 64 hex digits", key)
	}
	if strings.Contains(strings.ToLower(key), "jane") {
		t.Errorf("accountKey = %q holds the email", key)
	}
	for _, same := range []string{"jane.doe@example.com", " JANE.DOE@EXAMPLE.COM\t"} {
		if got := accountKey(same); got != key {
			t.Errorf("accountKey(%q) = %q, want %q (case and space must not matter)", same, got, key)
		}
	}
	if accountKey("john@example.com") == key {
		t.Errorf("two emails share a key")
	}
}

func TestIPKey(t *testing.T) {
	tests := []struct {
		name, ip, want string
	}{
		{"IPv4", "203.0.113.9", "ip:203.0.113.9"},
		{"IPv4WithPort", "203.0.113.9:52100", "ip:203.0.113.9"},
		{"IPv4Mapped", "::ffff:203.0.113.9", "ip:203.0.113.9"},
		{"IPv6", "2001:db8:1:2:3:4:5:6", "ip:2001:db8:1:2::/64"},
		{"IPv6SameSlash64", "2001:db8:1:2:ffff:ffff:ffff:ffff", "ip:2001:db8:1:2::/64"},
		{"IPv6OtherSlash64", "2001:db8:1:3::1", "ip:2001:db8:1:3::/64"},
		{"IPv6WithPort", "[2001:db8:1:2::1]:443", "ip:2001:db8:1:2::/64"},
		{"IPv6WithZone", "fe80::1%eth0", "ip:fe80::/64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ipKey(tt.ip)
			if err != nil || got != tt.want {
				t.Fatalf("ipKey(%q) = %q, %v; want %q", tt.ip, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "unknown", "203.0.113", "example.com:80"} {
		if got, err := ipKey(bad); err == nil {
			t.Errorf("ipKey(%q) = %q, want an error", bad, got)
		}
	}
}
