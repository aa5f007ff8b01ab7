package extract

import "strings"

// phrases is a list of words or word sequences looked for in a block's
// normalised text (normText: lower case, words separated by one space).
// Looking for them there, rather than with case-insensitive regular
// expressions over the raw text, costs a substring search per phrase: the
// expressions, unanchored, took a tenth of the extraction time.
type phrases struct {
	whole  []string // must match whole words
	prefix []string // must start a word; written "subscrib*"
}

// newPhrases builds a phrase list. A phrase ending in "*" matches any
// word starting with it.
func newPhrases(list ...string) phrases {
	var p phrases
	for _, s := range list {
		if stem, ok := strings.CutSuffix(s, "*"); ok {
			p.prefix = append(p.prefix, stem)
		} else {
			p.whole = append(p.whole, s)
		}
	}
	return p
}

// in reports whether norm holds one of the phrases.
func (p phrases) in(norm string) bool {
	for _, s := range p.whole {
		if containsWords(norm, s, false) {
			return true
		}
	}
	for _, s := range p.prefix {
		if containsWords(norm, s, true) {
			return true
		}
	}
	return false
}

// containsWords reports whether s occurs in norm starting at a word, and,
// unless prefix, ending at one.
func containsWords(norm, s string, prefix bool) bool {
	for off := 0; off <= len(norm); {
		i := strings.Index(norm[off:], s)
		if i < 0 {
			return false
		}
		start, end := off+i, off+i+len(s)
		if (start == 0 || norm[start-1] == ' ') && (prefix || end == len(norm) || norm[end] == ' ') {
			return true
		}
		off = start + 1
	}
	return false
}
