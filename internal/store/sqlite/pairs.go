package sqlite

import (
	"database/sql/driver"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"
)

// Phrase searches of common words are slow in FTS5: it finds the articles
// holding every word of the phrase, which for words most articles use is
// most of the archive, and compares their word positions one by one; bm25
// then does it all again to count how many articles hold the phrase. So
// besides articles_fts, articles_pairs (migration 0017) indexes each pair
// of neighbouring words as one token, "regional council" as
// regional_council: a phrase's pairs are a short list to start from, and
// the phrase itself is checked on those articles only.
//
// The pairs are made by masthead_pairs, a function the triggers that keep
// both indexes call, so it is registered with the driver for every
// connection this process opens. (A tool outside Masthead that writes
// articles into the file needs it too.)
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("masthead_pairs", 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return wordPairs(v), nil
			case []byte:
				return wordPairs(string(v)), nil
			default:
				return "", nil
			}
		})
}

// pairJoiner joins the two words of a pair into one token; articles_pairs'
// tokenizer takes it as a token character, and words never contain it.
const pairJoiner = "_"

// wordPairs returns the pairs of neighbouring words of text, separated by
// spaces: "The regional council" gives "the_regional regional_council".
func wordPairs(text string) string {
	var b strings.Builder
	var prev string
	for w := range ftsWords(text) {
		if prev != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(prev)
			b.WriteString(pairJoiner)
			b.WriteString(w)
		}
		prev = w
	}
	return b.String()
}

// ftsWords yields the words of text as articles_fts's tokenizer (unicode61,
// remove_diacritics 2) cuts them: a word starts at a letter, number or
// private-use character and runs while those or combining diacritical
// marks follow, the marks dropped. Each word is folded to lower case with
// the diacritics of its letters removed. The folding may join words FTS5
// keeps apart (it folds more scripts), never the reverse: the pairs must
// find every article the phrase is in, and the check that follows drops
// the rest.
func ftsWords(text string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		var w strings.Builder
		for _, r := range text {
			switch {
			case isTokenRune(r):
				foldRune(&w, r)
			case w.Len() > 0 && isDiacritic(r):
				// part of the word, dropped
			case w.Len() > 0:
				if !yield(w.String()) {
					return
				}
				w.Reset()
			}
		}
		if w.Len() > 0 {
			yield(w.String())
		}
	}
}

func isTokenRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r))
}

// isDiacritic reports the combining diacritical marks (U+0300 to U+036F),
// which unicode61 keeps inside a word and removes.
func isDiacritic(r rune) bool { return r >= 0x300 && r <= 0x36f }

// foldRune writes r in lower case without its diacritics.
func foldRune(w *strings.Builder, r rune) {
	r = unicode.ToLower(r)
	if r < utf8.RuneSelf {
		w.WriteByte(byte(r))
		return
	}
	var buf [utf8.UTFMax]byte
	d := norm.NFD.AppendString(buf[:0], string(r))
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if !isDiacritic(c) {
			w.WriteRune(c)
		}
	}
}
