// Package slug turns titles and names into the URL segments articles,
// sections, tags, authors and sources are found under.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug Make returns, in bytes. It keeps URLs short
// enough to read and share while leaving room under masthead.MaxSlugLen for
// suffixes a store may add to make a slug unique.
const MaxLen = 80

// modifierApostrophe is U+02BC, the apostrophe Ukrainian spelling prescribes
// ("м'ясо"). Unicode files it as a letter, but readers see punctuation, so it
// separates words like ' and ’ do.
const modifierApostrophe = '\u02BC'

// Make returns the slug of s: lower case, Latin letters without their
// diacritics ("Café Zürich" becomes "cafe-zurich"), letters and digits of
// every other script kept as they are ("Україна 2024" becomes
// "україна-2024"), and each run of anything else turned into a single "-".
// The result has no leading or trailing "-", is valid UTF-8, is at most
// MaxLen bytes, and Make(Make(s)) == Make(s). It is "" when s has no letters
// or digits.
func Make(s string) string {
	// NFKD splits letters from their diacritics and also folds compatibility
	// forms (ﬁ, ², full-width Latin) into the plain characters readers type.
	decomposed := norm.NFKD.String(strings.ToLower(s))

	var b strings.Builder
	b.Grow(len(decomposed))
	var (
		pendingDash bool // a separator was seen since the last word
		keepMarks   bool // the word's last base letter is not Latin
		inWord      bool // the last rune written was a letter, digit or kept mark
	)
	for _, r := range decomposed {
		switch {
		case (unicode.IsLetter(r) || unicode.IsDigit(r)) && r != modifierApostrophe:
			if pendingDash && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingDash = false
			// NFKD can expose upper-case letters (ℌ, Ⅸ) that ToLower
			// above saw in their compatibility form.
			b.WriteRune(unicode.ToLower(r))
			inWord = true
			// Diacritics only go from Latin letters (and digits): in other
			// scripts the marks are part of the letter — й is not и, and a
			// Devanagari vowel sign is not decoration.
			keepMarks = !unicode.Is(unicode.Latin, r) && !unicode.Is(unicode.Common, r)
		case unicode.Is(unicode.M, r):
			// A mark belongs to the letter before it. Marks with no letter
			// before them are dropped without splitting the word.
			if inWord && keepMarks {
				b.WriteRune(r)
			}
		default:
			inWord = false
			pendingDash = true
		}
	}
	// Recompose so that non-Latin letters with marks (й, ї) are stored in the
	// form browsers and databases compare most often.
	return truncate(norm.NFC.String(b.String()))
}

// truncate cuts s to at most MaxLen bytes, preferring to end at a word
// boundary so a slug never stops mid-word when it can help it.
func truncate(s string) string {
	if len(s) <= MaxLen {
		return s
	}
	// s has no leading "-", so a "-" found here has a word before it.
	if i := strings.LastIndexByte(s[:MaxLen+1], '-'); i > 0 {
		return s[:i]
	}
	// One word longer than MaxLen: cut at a rune boundary, and not between a
	// letter and its marks, which would change the letter.
	i := MaxLen
	for i > 0 {
		if utf8.RuneStart(s[i]) {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if !unicode.Is(unicode.M, r) {
				break
			}
		}
		i--
	}
	return s[:i]
}
