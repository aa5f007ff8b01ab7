package store

import "unicode/utf8"

// SpellingReach is how many edits Search.SuggestQuery allows between a word
// typed and an indexed word: one for words of up to five letters, two for
// longer ones.
func SpellingReach(word string) int {
	if utf8.RuneCountInString(word) > 5 {
		return 2
	}
	return 1
}

// SpellingPrefix is how many leading letters (runes) of a word typed
// Search.SuggestQuery keeps: typos seldom touch the first letters, and
// looking only among the indexed words that share them keeps the look-up
// cheap, the more so the longer the prefix. One for words of up to three
// letters, two up to five, three from six.
func SpellingPrefix(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n < 4:
		return 1
	case n < 6:
		return 2
	default:
		return 3
	}
}

// EditDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours, in runes),
// or limit+1 as soon as it must exceed limit.
func EditDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if diff := len(ra) - len(rb); diff > limit || -diff > limit {
		return limit + 1
	}
	// Three rows of the table: two back, one back, and this one.
	before, last, row := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range last {
		last[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		row[0] = i
		least := i
		for j := 1; j <= len(rb); j++ {
			sub := 1
			if ra[i-1] == rb[j-1] {
				sub = 0
			}
			row[j] = min(last[j]+1, row[j-1]+1, last[j-1]+sub)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				row[j] = min(row[j], before[j-2]+1)
			}
			least = min(least, row[j])
		}
		if least > limit {
			return limit + 1
		}
		before, last, row = last, row, before
	}
	return min(last[len(rb)], limit+1)
}
