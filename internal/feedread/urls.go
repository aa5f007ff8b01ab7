package feedread

import (
	"net/url"
	"strings"
)

// absoluteURL resolves ref against base (which may be nil) and returns it if
// the result is an absolute http or https URL no longer than max bytes, or ""
// otherwise. Other schemes are dropped because these URLs end up as links
// and image sources on masthead's pages: a javascript: or data: URL there is
// an attack, and a file: or ftp: one is of no use to readers. A URL too long
// is dropped rather than cut, because a cut URL points somewhere else.
func absoluteURL(base *url.URL, ref string, max int) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > max {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	s := u.String()
	if len(s) > max || strings.ContainsAny(s, " \t\r\n") {
		return ""
	}
	return s
}
