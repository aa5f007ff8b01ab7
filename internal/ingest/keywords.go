package ingest

import (
	"strings"
	"unicode"
)

// words splits text into lowercase words, so that keywords match whole
// words: "nato" matches "NATO's summit" but not "senator".
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// hasKeyword reports whether the words contain one of the keywords, each a
// word or a phrase of words in order.
func hasKeyword(text []string, keywords []string) bool {
	for _, k := range keywords {
		phrase := words(k)
		if len(phrase) == 0 {
			continue
		}
		for i := 0; i+len(phrase) <= len(text); i++ {
			if equalWords(text[i:i+len(phrase)], phrase) {
				return true
			}
		}
	}
	return false
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// wanted applies a source's include and exclude keywords to an item.
func wanted(text string, include, exclude []string) bool {
	w := words(text)
	if len(include) > 0 && !hasKeyword(w, include) {
		return false
	}
	return !hasKeyword(w, exclude)
}
