package config

import (
	"fmt"
	"net/netip"
	"strings"
)

// parseProxies reads a comma-separated list of addresses and CIDR prefixes
// ("10.0.0.0/8, 192.0.2.7"); a bare address stands for itself alone.
func parseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for field := range strings.SplitSeq(list, ",") {
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		if strings.Contains(field, "/") {
			p, err := netip.ParsePrefix(field)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a CIDR prefix such as 10.0.0.0/8", field)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(field)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR prefix such as 10.0.0.0/8", field)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
