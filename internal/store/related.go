package store

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

// What Articles.RelatedArticles means, the same in every store: candidates
// come from bounded index ranges only (the newest RelatedPerTag articles of
// each of the article's tags and the newest RelatedPerSection of its
// section), so a page's cost does not grow with the archive; the
// RelatedScored best by tags and section are read and scored in full.
const (
	RelatedPerTag     = 50
	RelatedPerSection = 30
	RelatedScored     = 20
)

// Weights of the related score: a shared tag says most, a shared title word
// a little, the section a little less; recency breaks near-ties, fading over
// about a month.
const (
	WeightTag     = 3.0
	WeightSection = 0.5
	weightWord    = 1.0
	weightRecency = 1.0
	recencyDays   = 30.0
)

// RelatedScores collects the candidates for an article's related list and
// ranks them; stores feed it the IDs their index ranges give.
type RelatedScores map[int64]float64

// Add counts a candidate once more: WeightTag for each shared tag,
// WeightSection for the section.
func (s RelatedScores) Add(id int64, weight float64) { s[id] += weight }

// Best returns the RelatedScored best candidates so far, the newer (by ID)
// first among equals: the ones worth reading in full.
func (s RelatedScores) Best() []int64 {
	ids := make([]int64, 0, len(s))
	for id := range s {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, s.order)
	return ids[:min(len(ids), RelatedScored)]
}

func (s RelatedScores) order(x, y int64) int {
	if c := cmp.Compare(s[y], s[x]); c != 0 {
		return c
	}
	return cmp.Compare(y, x)
}

// Rank adds what needs the rows (shared title words, closeness in time) to
// the candidates read, and returns the best limit of them.
func (s RelatedScores) Rank(a *masthead.Article, candidates []*masthead.Article, limit int) []*masthead.Article {
	words := titleWords(a.Title)
	for _, c := range candidates {
		for w := range titleWords(c.Title) {
			if words[w] {
				s[c.ID] += weightWord
			}
		}
		age := math.Abs(a.PublishedAt.Sub(c.PublishedAt).Hours()) / 24
		s[c.ID] += weightRecency * math.Exp(-age/recencyDays)
	}
	slices.SortFunc(candidates, func(x, y *masthead.Article) int { return s.order(x.ID, y.ID) })
	return candidates[:min(len(candidates), limit)]
}

// titleWords are a title's words of four letters or more, lowercased: short
// words are mostly articles and prepositions in the languages news is
// written in, and a stop list would serve one language only.
func titleWords(title string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if utf8.RuneCountInString(w) >= 4 {
			words[w] = true
		}
	}
	return words
}
