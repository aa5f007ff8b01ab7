package feed

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// cleanText makes s safe to place in an XML 1.0 document or a JSON string.
// Invalid UTF-8 becomes U+FFFD so readers can see something was lost;
// characters outside the XML 1.0 Char production (C0 controls other than
// tab, LF and CR, and U+FFFE/U+FFFF) are dropped because no escape can
// represent them in XML 1.0. The same cleaning is applied to JSON output so
// the three formats carry identical text.
func cleanText(s string) string {
	if isClean(s) {
		return s // common case: no allocation
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case isXMLChar(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean reports whether cleanText would return s unchanged.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
			return false
		}
		i += size
	}
	return true
}

// isXMLChar reports whether r matches the Char production of XML 1.0.
func isXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// cleanList cleans every string and drops those left blank, since an empty
// category or tag is meaningless to readers.
func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(cleanText(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// langTag is the language-tag pattern of RFC 3066 as used by the Atom
// schema; anything else is left out rather than emitted invalid.
var langTag = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)

// cleanLang returns lang if it is a well-formed language tag, else "".
func cleanLang(lang string) string {
	lang = strings.TrimSpace(lang)
	if langTag.MatchString(lang) {
		return lang
	}
	return ""
}

// Bounds for emitted dates: RFC 3339 and RFC 1123 only have room for
// four-digit, non-negative years, so times outside are clamped.
var (
	minTime = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, time.December, 31, 23, 59, 59, 0, time.UTC)
)

// utc converts t to UTC at whole-second precision, clamped to years
// 0001–9999 so every format can represent it.
func utc(t time.Time) time.Time {
	t = t.UTC().Truncate(time.Second)
	switch {
	case t.Before(minTime):
		return minTime
	case t.After(maxTime):
		return maxTime
	}
	return t
}

// rfc3339 formats t for Atom and JSON Feed.
func rfc3339(t time.Time) string { return utc(t).Format(time.RFC3339) }

// rfc1123 formats t for RSS 2.0, whose dates follow RFC 822 (as updated by
// RFC 1123) with a numeric zone.
func rfc1123(t time.Time) string { return utc(t).Format(time.RFC1123Z) }
