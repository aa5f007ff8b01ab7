package fingerprint

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// words returns the words of text in lower case: NFKC-normalised (so
// full-width letters, ligatures and composed or decomposed accents compare
// equal) runs of letters, digits and combining marks. Everything else,
// punctuation, symbols and spaces, only separates words, which is what
// makes a text's punctuation irrelevant to its fingerprint. Chinese and
// Japanese are written without spaces, so each Han, Hiragana or Katakana
// character counts as a word; scripts such as Thai, also written without
// spaces, come out as a few very long words and fingerprint poorly.
func words(text string) []string {
	text = strings.ToLower(norm.NFKC.String(text))
	var out []string
	start := -1
	for i, r := range text {
		switch {
		case isIdeographic(r):
			if start >= 0 {
				out = append(out, text[start:i])
				start = -1
			}
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				out = append(out, text[start:i])
				start = -1
			}
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

func isIdeographic(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}
