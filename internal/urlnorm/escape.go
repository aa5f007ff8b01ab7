package urlnorm

import "strings"

const upperHex = "0123456789ABCDEF"

// unreserved reports whether c is an RFC 3986 unreserved character: a URL
// means the same whether these are percent-encoded or not.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// pathSafe reports whether c may appear unescaped in a path (RFC 3986
// pchar and "/"). Reserved characters are left as they are, escaped or not:
// "a%2Fb" and "a/b" are different paths.
func pathSafe(c byte) bool {
	return unreserved(c) || strings.IndexByte("!$&'()*+,;=:@/", c) >= 0
}

// querySafe reports whether c may appear unescaped in a query parameter's
// name or value. "&" and "=" are missing because they separate parameters;
// within one they stay escaped.
func querySafe(c byte) bool {
	return unreserved(c) || strings.IndexByte("!$'()*+,;:@/?", c) >= 0
}

// normalizeEscapes returns s with its percent-encoding in canonical form:
// escapes of unreserved characters decoded, other escapes in upper case, a
// "%" that starts no escape encoded as "%25", and every byte safe does not
// allow (spaces, quotes, non-ASCII...) escaped.
func normalizeEscapes(s string, safe func(byte) bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if unreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex[v>>4])
				b.WriteByte(upperHex[v&15])
			}
			i += 2
			continue
		}
		if c != '%' && safe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// normalizePath returns an escaped URL path in canonical form: escapes
// normalised, dot segments resolved (after decoding, so "%2E%2E" counts as
// ".."), and "/" for an empty path, which means the same with a host.
func normalizePath(escaped string) string {
	p := removeDotSegments(normalizeEscapes(escaped, pathSafe))
	if !strings.HasPrefix(p, "/") {
		// Cannot happen for a URL with a host, which url.Parse gives an
		// absolute or empty path; kept so the result is always one.
		p = "/" + p
	}
	return p
}

// removeDotSegments implements RFC 3986 section 5.2.4 for an absolute path:
// "/a/./b/../c" becomes "/a/c", and ".." never climbs above the root.
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "") // "/a/." is "/a/"
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return strings.Join(out, "/")
}
