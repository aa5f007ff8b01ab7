package urlnorm

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// idnaProfile maps a host name to its ASCII form. The options are spelled out
// rather than taking idna.Lookup, whose configuration "may change over
// time", because the result is stored as a key. It follows UTS #46 lookup
// processing (lower case, width and compatibility mapping, non-transitional
// so "ß" stays a distinct letter, as browsers do), but without the STD3
// rules, which would refuse the underscores some real host names have.
var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.StrictDomainName(false),
)

// normalizeHost returns hostport, a URL's host with its optional port,
// in canonical form for scheme. (net.SplitHostPort is not used because it
// refuses a host without a port, the common case here.)
func normalizeHost(scheme, hostport string) (string, error) {
	host, port := hostport, ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.Contains(hostport[i:], "]") {
		host, port = hostport[:i], hostport[i+1:]
	}
	port, err := normalizePort(scheme, port)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		addr, err := netip.ParseAddr(host[1 : len(host)-1])
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			return "", fmt.Errorf("bad IPv6 host %q", host)
		}
		host = "[" + addr.String() + "]"
	} else if host, err = normalizeName(host); err != nil {
		return "", err
	}
	if port != "" {
		return host + ":" + port, nil
	}
	return host, nil
}

// normalizeName returns a host name or IPv4 address in canonical form.
func normalizeName(host string) (string, error) {
	if addr, err := netip.ParseAddr(host); err == nil {
		if !addr.Is4() {
			return "", fmt.Errorf("IPv6 host %q without brackets", host)
		}
		return addr.String(), nil
	}
	if !utf8.ValidString(host) {
		// idna would encode the bad bytes as U+FFFD and then refuse its
		// own output.
		return "", fmt.Errorf("host %q is not valid UTF-8", host)
	}
	// "example.com." names the same host as "example.com".
	host = strings.TrimSuffix(host, ".")
	ascii, err := idnaProfile.ToASCII(host)
	if err != nil {
		return "", fmt.Errorf("host %q: %w", host, err)
	}
	// A key must map to itself. UTS #46 is not always idempotent on odd
	// input (a label that only becomes invalid once mapped), so such hosts
	// are refused rather than given a key that normalises differently.
	if again, err := idnaProfile.ToASCII(ascii); err != nil || again != ascii {
		return "", fmt.Errorf("host %q has no stable ASCII form", host)
	}
	if ascii == "" {
		return "", errors.New("empty host")
	}
	for _, label := range strings.Split(ascii, ".") {
		if label == "" {
			return "", fmt.Errorf("host %q has an empty label", host)
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return "", fmt.Errorf("host %q has the character %q", host, c)
			}
		}
	}
	return ascii, nil
}

// normalizePort returns port without leading zeros, or "" when it is empty
// or the scheme's default.
func normalizePort(scheme, port string) (string, error) {
	if port == "" {
		return "", nil
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil || n == 0 {
		return "", fmt.Errorf("bad port %q", port)
	}
	if scheme == "http" && n == 80 || scheme == "https" && n == 443 {
		return "", nil
	}
	return strconv.FormatUint(n, 10), nil
}
