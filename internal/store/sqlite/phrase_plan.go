package sqlite

import (
	"context"
	"fmt"
	"strings"
)

// phrasePlan says how a search uses articles_pairs: expr is the query on
// it, empty to walk articles_fts instead; verify checks each article it
// finds against the whole query in articles_fts.
type phrasePlan struct {
	expr   string
	verify bool
}

// verifyLimit is how many articles a phrase's pairs may find for the
// search to check each against the whole query. Each check opens
// articles_fts at that article, which for words most articles have costs
// some half a millisecond on a 100,000-article archive; beyond it, walking
// articles_fts is the cheaper way.
const verifyLimit = 40

// planPhrases chooses the walk for the terms. A query of two-word phrases
// and nothing else is answered by articles_pairs alone: an article has the
// pair exactly when it has the phrase. With other words, exclusions or
// longer phrases, the pairs only narrow the search, worth it when they
// find few articles.
func (db *DB) planPhrases(ctx context.Context, terms []searchTerm) (phrasePlan, error) {
	expr := pairsExpression(terms)
	if expr == "" {
		return phrasePlan{}, nil
	}
	exact := true
	for _, t := range terms {
		exact = exact && !t.exclude && len(t.words) == 2
	}
	if exact {
		return phrasePlan{expr: expr}, nil
	}
	var n int
	err := db.searchPool.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM articles_pairs WHERE articles_pairs MATCH ? LIMIT ?)`,
		expr, verifyLimit+1).Scan(&n)
	if err != nil {
		return phrasePlan{}, fmt.Errorf("count pairs: %w", err)
	}
	if n > verifyLimit {
		return phrasePlan{}, nil
	}
	return phrasePlan{expr: expr, verify: true}, nil
}

// pairsExpression is the query on articles_pairs that every article
// matching the terms' phrases satisfies: all the pairs of neighbouring
// words of each phrase the article must have. It is empty when no such
// phrase is asked for, and the search walks articles_fts as usual.
func pairsExpression(terms []searchTerm) string {
	var all []string
	for _, t := range terms {
		if t.exclude || len(t.words) < 2 {
			continue
		}
		for p := range strings.FieldsSeq(wordPairs(t.raw)) {
			all = append(all, `"`+p+`"`)
		}
	}
	return strings.Join(all, " AND ")
}
