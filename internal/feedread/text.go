package feedread

import (
	"strings"
	"unicode/utf8"
)

// plainText returns s as a short plain-text field: valid UTF-8, no control
// characters, runs of whitespace (feeds often wrap titles over lines) turned
// into one space, trimmed, at most max bytes.
func plainText(s string, max int) string {
	// Cut before cleaning so a gigantic field costs only max bytes of work,
	// with room for the whitespace the cleaning removes.
	s = cleanText(cut(s, 2*max))
	s = strings.Join(strings.Fields(s), " ")
	return cut(s, max)
}

// rawHTML returns s as a Summary or Content: valid UTF-8, no control
// characters other than tab and newline, trimmed, at most max bytes.
func rawHTML(s string, max int) string {
	s = strings.TrimSpace(cleanText(cut(s, max)))
	// Replacing invalid bytes with U+FFFD can lengthen the text.
	return cut(s, max)
}

// cut returns s shortened to at most max bytes, on a rune boundary so the
// result stays valid UTF-8 when s is.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	// A rune is at most utf8.UTFMax bytes, so at most UTFMax-1 steps back
	// reach its start; invalid input stops there and is cleaned later.
	for j := 0; j < utf8.UTFMax-1 && i > 0 && !utf8.RuneStart(s[i]); j++ {
		i--
	}
	return s[:i]
}

// cleanText makes s valid UTF-8 and drops the C0 and C1 control characters
// other than tab, newline and carriage return. JSON feeds can carry any of
// them (as \u0000 escapes, say), and a NUL or an escape sequence stored in
// an article title does nothing but harm.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			return -1
		}
		return r
	}, s)
}

// dropXMLControls returns data without the C0 control bytes XML forbids,
// copying only when there are some. gofeed filters its input the same way
// before parsing; doing it first lets checkXMLShape see exactly the bytes
// gofeed's decoder will.
func dropXMLControls(data []byte) []byte {
	i := 0
	for i < len(data) && !isXMLControl(data[i]) {
		i++
	}
	if i == len(data) {
		return data
	}
	out := make([]byte, i, len(data))
	copy(out, data[:i])
	for _, b := range data[i:] {
		if !isXMLControl(b) {
			out = append(out, b)
		}
	}
	return out
}

func isXMLControl(b byte) bool {
	return b < 0x20 && b != '\t' && b != '\n' && b != '\r'
}
