package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// SuggestQuery offers the query with its misspelt words corrected: each
// plain word the index does not have is replaced by the indexed word
// nearest to it (at most one edit for words of up to five letters, two for
// longer ones; the first letters kept, see store.SpellingPrefix), the word
// more articles have winning a tie. A suggestion is made only if it finds
// visible articles, so the words of drafts are never revealed.
func (db *DB) SuggestQuery(ctx context.Context, q masthead.SearchQuery) (string, bool, error) {
	fields := strings.Fields(q.Text)
	changed := false
	inQuote := false
	for i, f := range fields {
		quoted := inQuote || strings.HasPrefix(f, `"`)
		if strings.Count(f, `"`)%2 == 1 {
			inQuote = !inQuote
		}
		if quoted || strings.HasPrefix(f, "-") || !allLetters(f) || utf8.RuneCountInString(f) < 3 || utf8.RuneCountInString(f) > 40 {
			continue
		}
		word := strings.ToLower(f)
		fix, err := db.nearestTerm(ctx, word)
		if err != nil {
			return "", false, fmt.Errorf("suggest: %w", err)
		}
		if fix != "" && fix != word {
			fields[i], changed = fix, true
		}
	}
	if !changed {
		return "", false, nil
	}
	suggestion := strings.Join(fields, " ")
	check := q
	check.Text, check.Limit, check.Offset = suggestion, 1, 0
	_, n, err := db.Search(ctx, check)
	if err != nil || n == 0 {
		return "", false, err
	}
	return suggestion, true, nil
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// nearestTerm returns word when the index has it, else the nearest indexed
// word within reach, else "".
func (db *DB) nearestTerm(ctx context.Context, word string) (string, error) {
	// Whether the index has the word is one look-up in it; the vocabulary
	// table would count the word's articles first, which for a common
	// word means reading its whole list.
	var one int
	err := db.searchPool.QueryRowContext(ctx, `SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1`,
		`"`+strings.ReplaceAll(word, `"`, `""`)+`"`).Scan(&one)
	if err == nil {
		return word, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	n := utf8.RuneCountInString(word)
	reach := store.SpellingReach(word)
	// The vocabulary table takes term ranges from the index, but counts
	// each term's articles as it reads it, which on a big archive cost a
	// fifth of a second for one first letter: only words with the same
	// first letters (store.SpellingPrefix) are read.
	keep := store.SpellingPrefix(word)
	prefix := string([]rune(word)[:keep])
	last, size := utf8.DecodeLastRuneInString(prefix)
	next := prefix[:len(prefix)-size] + string(last+1)
	rows, err := db.searchPool.QueryContext(ctx, `
		SELECT term, doc FROM articles_fts_vocab
		WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?`,
		prefix, next, n-reach, n+reach)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	best, bestDist, bestDocs := "", reach+1, 0
	for rows.Next() {
		var (
			term string
			docs int
		)
		if err := rows.Scan(&term, &docs); err != nil {
			return "", err
		}
		d := store.EditDistance(word, term, reach)
		if d < bestDist || (d == bestDist && docs > bestDocs) {
			best, bestDist, bestDocs = term, d, docs
		}
	}
	return best, rows.Err()
}
