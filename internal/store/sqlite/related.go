package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

// Candidates for related articles are drawn from bounded index ranges only:
// the newest articles of each tag and of the section. A popular tag may hold
// tens of thousands of articles; scoring them all cost tens of milliseconds a
// page, and the newest few dozen hold the ones worth showing. These bounds
// keep related articles under a millisecond of an uncached page.
const (
	relatedPerTag     = 50
	relatedPerSection = 30
	relatedScored     = 20 // candidates read in full and scored
)

// Weights of the related score: a shared tag says most, a shared title word
// a little, the section a little less; recency breaks near-ties, fading over
// about a month.
const (
	weightTag     = 3.0
	weightWord    = 1.0
	weightSection = 0.5
	weightRecency = 1.0
	recencyDays   = 30.0
)

// RelatedArticles scores the articles sharing a's tags or section.
func (db *DB) RelatedArticles(ctx context.Context, a *masthead.Article, visibleAt time.Time, limit int) ([]*masthead.Article, error) {
	limit, _ = pageBounds(limit, 0)
	score := map[int64]float64{}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		for _, t := range a.Tags {
			if err := addCandidates(ctx, tx, score, weightTag, `
				SELECT article_id FROM article_tags
				WHERE tag_id = ? AND article_id <> ?
				ORDER BY article_id DESC LIMIT ?`,
				t.ID, a.ID, relatedPerTag); err != nil {
				return err
			}
		}
		if a.Section != nil {
			return addCandidates(ctx, tx, score, weightSection, `
				SELECT id FROM articles
				WHERE section_id = ? AND status = 'published' AND published_at <= ? AND id <> ?
				ORDER BY published_at DESC, id DESC LIMIT ?`,
				a.Section.ID, millis(visibleAt), a.ID, relatedPerSection)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("related to %d: %w", a.ID, err)
	}
	if len(score) == 0 {
		return nil, nil
	}

	// Read the best candidates by tags and section, then add title words
	// and recency, which need the rows.
	ids := make([]int64, 0, len(score))
	for id := range score {
		ids = append(ids, id)
	}
	byScoreThenNewest := func(x, y int64) int {
		if c := cmp.Compare(score[y], score[x]); c != 0 {
			return c
		}
		return cmp.Compare(y, x)
	}
	slices.SortFunc(ids, byScoreThenNewest)
	ids = ids[:min(len(ids), relatedScored)]

	args := make([]any, 0, len(ids)+1)
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, millis(visibleAt))
	// The unary pluses keep SQLite from the articles_visible index, which
	// it preferred and walked through every visible article, over looking
	// up the few candidates by ID.
	candidates, err := db.listByQuery(ctx, `
		SELECT `+listColumns+` FROM articles a `+articleJoins+`
		WHERE a.id IN (?`+strings.Repeat(`, ?`, len(ids)-1)+`)
		AND +a.status = 'published' AND +a.published_at <= ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("related to %d: %w", a.ID, err)
	}

	words := titleWords(a.Title)
	for _, c := range candidates {
		for w := range titleWords(c.Title) {
			if words[w] {
				score[c.ID] += weightWord
			}
		}
		age := math.Abs(a.PublishedAt.Sub(c.PublishedAt).Hours()) / 24
		score[c.ID] += weightRecency * math.Exp(-age/recencyDays)
	}
	slices.SortFunc(candidates, func(x, y *masthead.Article) int { return byScoreThenNewest(x.ID, y.ID) })
	return candidates[:min(len(candidates), limit)], nil
}

func addCandidates(ctx context.Context, tx *sql.Tx, score map[int64]float64, weight float64, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		score[id] += weight
	}
	return rows.Err()
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
