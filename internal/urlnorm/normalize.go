// Package urlnorm gives an article URL a canonical form, so that the same
// story is recognised whatever tracking junk or spelling variations its link
// carries.
package urlnorm

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Errors Normalize wraps.
var (
	// ErrInvalid: the text is not a URL, or its host or port is malformed.
	ErrInvalid = errors.New("urlnorm: invalid URL")
	// ErrScheme: the URL is not http or https (or has no scheme and no base
	// to take one from).
	ErrScheme = errors.New("urlnorm: not an http or https URL")
	// ErrNoHost: the URL has no host.
	ErrNoHost = errors.New("urlnorm: URL has no host")
)

// Normalize returns the canonical form of raw, resolved against base when it
// is relative (base may be nil). Two links to the same story normalise to the
// same string, which is meant as a lookup key rather than a link to show:
//
//   - only http and https URLs with a host are accepted;
//   - scheme and host are lower case, and an internationalised host is in
//     punycode ("Bücher.example" becomes "xn--bcher-kva.example"); a
//     trailing dot on the host is removed;
//   - the default port (:80 for http, :443 for https) is removed;
//   - user name and password are removed: they never identify a story, and
//     "https://trusted.example@evil.example/" is a phishing trick;
//   - the fragment is removed (so "#!/..." single-page links collapse);
//   - the path keeps its case, "." and ".." segments are resolved, and an
//     empty path becomes "/";
//   - percent-encoding is normalised in the path and query: escapes of
//     letters, digits and "-._~" are decoded, other escapes are upper case,
//     and characters that must be escaped are;
//   - tracking parameters (see tracking.go) are removed, the remaining query
//     parameters are sorted by name and then value, and an empty query loses
//     its "?".
//
// Normalize(Normalize(x)) == Normalize(x) for every x Normalize accepts.
func Normalize(raw string, base *url.URL) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%w: %q", ErrScheme, clip(raw))
	}
	if u.Opaque != "" || u.Host == "" {
		// "http:example.com/x" parses with the rest as opaque data.
		return "", fmt.Errorf("%w: %q", ErrNoHost, clip(raw))
	}
	host, err := normalizeHost(u.Scheme, u.Host)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %w", ErrInvalid, clip(raw), err)
	}

	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteString("://")
	b.WriteString(host)
	b.WriteString(normalizePath(u.EscapedPath()))
	if q := normalizeQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// clip shortens s for an error message: the input may be a whole page.
func clip(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
