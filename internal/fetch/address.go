package fetch

import (
	"fmt"
	"net/netip"
)

// AddressError reports a connection refused because the address is not on
// the public internet. It matches ErrForbiddenAddress.
type AddressError struct {
	Host   string     // the host as written in the URL; "" when only the address is known
	Addr   netip.Addr // the resolved address that was refused
	Reason string     // what kind of address it is, e.g. "loopback"
}

func (e *AddressError) Error() string {
	where := e.Addr.String()
	if e.Host != "" && e.Host != where {
		where = fmt.Sprintf("%q at %s", e.Host, where)
	}
	return fmt.Sprintf("refusing to connect to %s: %s address, not a public one (Options.AllowPrivate is off)", where, e.Reason)
}

// Is makes errors.Is(err, ErrForbiddenAddress) true.
func (e *AddressError) Is(target error) bool { return target == ErrForbiddenAddress }

// special is a block that is not reachable on the public internet, or that
// we refuse to reach anyway, with the word used to describe it.
type special struct {
	prefix netip.Prefix
	reason string
}

// special4 lists the IPv4 blocks of the IANA special-purpose registry that
// are not globally reachable, beyond what netip's Is* methods cover.
var special4 = []special{
	{netip.MustParsePrefix("0.0.0.0/8"), "this-network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // includes 255.255.255.255
}

// special6 lists blocks inside 2000::/3 (global unicast) that are still not
// somewhere a feed should live. Everything outside 2000::/3 is refused
// wholesale, which covers IPv4-compatible ::a.b.c.d, 100::/64, and any
// block assigned after this was written.
var special6 = []special{
	{netip.MustParsePrefix("2001::/32"), "Teredo"},
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("3fff::/20"), "documentation"},
}

var (
	globalUnicast6 = netip.MustParsePrefix("2000::/3")
	nat64          = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052 well-known prefix
	sixToFour      = netip.MustParsePrefix("2002::/16")    // RFC 3056
)

// nonPublic returns what kind of address a is when it is not a public
// internet address ("loopback", "private", ...), or "" when it is.
func nonPublic(a netip.Addr) string {
	if !a.IsValid() {
		return "invalid"
	}
	// Zoned addresses never match a Prefix, and ::ffff:127.0.0.1 reaches
	// 127.0.0.1, so judge the plain form.
	a = a.WithZone("").Unmap()
	switch {
	case a.IsUnspecified():
		return "unspecified" // dialing 0.0.0.0 or :: reaches this machine
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast():
		return "link-local"
	case a.IsMulticast():
		return "multicast"
	}
	if a.Is4() {
		return lookupSpecial(special4, a)
	}
	// Addresses that carry an IPv4 address inside may be routed to it by a
	// translator or relay, so the inner address decides.
	if nat64.Contains(a) || sixToFour.Contains(a) {
		if why := nonPublic(embedded4(a)); why != "" {
			return why + " (embedded in IPv6)"
		}
		return ""
	}
	if !globalUnicast6.Contains(a) {
		return "reserved"
	}
	return lookupSpecial(special6, a)
}

func lookupSpecial(list []special, a netip.Addr) string {
	for _, s := range list {
		if s.prefix.Contains(a) {
			return s.reason
		}
	}
	return ""
}

// embedded4 returns the IPv4 address inside a NAT64 (last 32 bits) or 6to4
// (bits 16 to 48) address.
func embedded4(a netip.Addr) netip.Addr {
	b := a.As16()
	if sixToFour.Contains(a) {
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
	}
	return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
}
