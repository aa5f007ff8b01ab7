package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
)

// accountKey returns the attempt key of a login email. The email is folded,
// so that case variants share one count, and hashed, so that the attempts
// table is not a list of the emails people tried. The hash is unsalted and
// would not stop someone testing a list of known emails against a stolen
// table; it keeps the table from volunteering them.
func accountKey(email string) string {
	sum := sha256.Sum256([]byte(fold(email)))
	return "account:" + hex.EncodeToString(sum[:])
}

// ipKey returns the attempt key of a client address. An IPv6 client is
// counted by its /64, because one subscriber is routinely handed a whole
// /64 and could otherwise rotate through addresses for free. IPv4 clients,
// including IPv4-mapped IPv6 ones, are counted by their single address.
//
// ip may carry a port ("203.0.113.9:52100", "[2001:db8::1]:443"), as
// http.Request.RemoteAddr does. An address that does not parse is an error
// rather than a shared "unknown" key, which would let one client throttle
// everyone else whose address is also missing.
func ipKey(ip string) (string, error) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		ap, perr := netip.ParseAddrPort(ip)
		if perr != nil {
			return "", fmt.Errorf("auth: client IP %q: %w", ip, err)
		}
		addr = ap.Addr()
	}
	addr = addr.WithZone("").Unmap()
	if addr.Is4() {
		return "ip:" + addr.String(), nil
	}
	prefix, err := addr.Prefix(64)
	if err != nil {
		return "", fmt.Errorf("auth: client IP %q: %w", ip, err)
	}
	return "ip:" + prefix.String(), nil
}
