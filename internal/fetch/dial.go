package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// dialer resolves a host itself and checks every address before it
// connects, so the address check sees exactly what is dialled: a redirect
// to a private host and a DNS answer that changes between polls (rebinding)
// meet the same check as the first URL.
type dialer struct {
	net net.Dialer
	// lookup resolves a host name; tests swap in a fixed table so that
	// they never depend on real DNS.
	lookup func(ctx context.Context, network, host string) ([]netip.Addr, error)
	// refuse says why an address may not be dialled, or "" if it may. It is
	// nil when everything is allowed. Tests wrap it to let one loopback
	// server through.
	refuse func(netip.AddrPort) string
}

func newDialer(timeout time.Duration, allowPrivate bool) *dialer {
	d := &dialer{lookup: net.DefaultResolver.LookupNetIP}
	if !allowPrivate {
		d.refuse = func(ap netip.AddrPort) string { return nonPublic(ap.Addr()) }
	}
	d.net = net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: d.control}
	return d
}

// dialContext is the Transport's DialContext.
func (d *dialer) dialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("dial %q: %w", address, err)
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("dial %q: bad port: %w", address, err)
	}
	addrs, err := d.resolve(ctx, network, host)
	if err != nil {
		return nil, err
	}
	// Refuse the host if any of its addresses is forbidden, rather than
	// quietly using the others: a public name that also points inside is a
	// misconfiguration or an attack, and either way the outcome should not
	// depend on which address answers first.
	if d.refuse != nil {
		for _, a := range addrs {
			if why := d.refuse(netip.AddrPortFrom(a, uint16(port))); why != "" {
				return nil, &AddressError{Host: host, Addr: a, Reason: why}
			}
		}
	}
	var first error
	for _, a := range addrs {
		conn, err := d.net.DialContext(ctx, network, netip.AddrPortFrom(a, uint16(port)).String())
		if err == nil {
			return conn, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if len(addrs) > 1 {
		return nil, fmt.Errorf("none of the %d addresses of %q answered, first error: %w", len(addrs), host, first)
	}
	return nil, first
}

// resolve returns the addresses to dial for host, which may be an IP
// literal.
func (d *dialer) resolve(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a.Unmap()}, nil
	}
	ipNet := "ip"
	switch network {
	case "tcp4":
		ipNet = "ip4"
	case "tcp6":
		ipNet = "ip6"
	}
	addrs, err := d.lookup(ctx, ipNet, host)
	if err != nil {
		return nil, fmt.Errorf("resolve %q: %w", host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("resolve %q: no addresses", host)
	}
	out := make([]netip.Addr, len(addrs))
	for i, a := range addrs {
		// The resolver may hand back IPv4 in its IPv6-mapped form.
		out[i] = a.Unmap()
	}
	return out, nil
}

// control runs on the socket just before it connects. dialContext has
// already checked the address; this second check is here so that a future
// change that dials a host name, or a Dialer reused elsewhere, cannot skip
// the guard.
func (d *dialer) control(_, address string, _ syscall.RawConn) error {
	if d.refuse == nil {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("address guard: cannot parse %q: %w", address, err)
	}
	if why := d.refuse(ap); why != "" {
		return &AddressError{Addr: ap.Addr(), Reason: why}
	}
	return nil
}
