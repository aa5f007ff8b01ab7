package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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
// more visible articles have winning a tie, then the first in byte order.
// A suggestion is made only if it finds visible articles, so the words of
// drafts are never revealed.
//
// The words come from search_words (migration 0007), where SQLite reads its
// index's own vocabulary. That table keeps every word ever indexed, drafts'
// and removed ones included, so a candidate counts only by the visible
// articles that have it now, which the GIN index answers.
func (db *DB) SuggestQuery(ctx context.Context, q masthead.SearchQuery) (string, bool, error) {
	visible := q.VisibleAt
	if visible.IsZero() {
		visible = now()
	}
	fields := strings.Fields(q.Text)
	changed := false
	inQuote := false
	for i, f := range fields {
		quoted := inQuote || strings.HasPrefix(f, `"`)
		if strings.Count(f, `"`)%2 == 1 {
			inQuote = !inQuote
		}
		n := utf8.RuneCountInString(f)
		if quoted || strings.HasPrefix(f, "-") || !allLetters(f) || n < 3 || n > 40 {
			continue
		}
		fix, err := db.nearestWord(ctx, f, millis(visible))
		if err != nil {
			return "", false, fmt.Errorf("suggest: %w", err)
		}
		if fix != "" {
			fields[i], changed = fix, true
		}
	}
	if !changed {
		return "", false, nil
	}
	suggestion := strings.Join(fields, " ")
	check := q
	check.Text, check.Limit, check.Offset, check.VisibleAt = suggestion, 1, 0, visible
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

// nearestWord returns the indexed word to put in place of typed, or "" when
// typed is indexed already or nothing near enough is in visible articles.
func (db *DB) nearestWord(ctx context.Context, typed string, visibleAt int64) (string, error) {
	// The word as the index keeps it: lowercased, without diacritics when
	// unaccent is there.
	var (
		word  string
		known bool
	)
	err := db.db.QueryRowContext(ctx, `
		SELECT w.lexeme, EXISTS (SELECT 1 FROM search_words WHERE word = w.lexeme)
		FROM unnest(to_tsvector(`+searchConfig+`, $1)) AS w`, typed).Scan(&word, &known)
	if errors.Is(err, sql.ErrNoRows) || known {
		return "", nil
	} else if err != nil {
		return "", err
	}

	n := utf8.RuneCountInString(word)
	reach := store.SpellingReach(word)
	keep := store.SpellingPrefix(word)
	// In byte order the words that start with the same letters are one
	// range of the primary key: from the prefix up to the prefix with its
	// last letter the next one.
	prefix := string([]rune(word)[:keep])
	last, size := utf8.DecodeLastRuneInString(prefix)
	rows, err := db.db.QueryContext(ctx, `
		SELECT word FROM search_words
		WHERE word >= $1 AND word < $2 AND length(word) BETWEEN $3 AND $4`,
		prefix, prefix[:len(prefix)-size]+string(last+1), n-reach, n+reach)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	type candidate struct {
		word string
		dist int
		docs int
	}
	var near []candidate
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return "", err
		}
		if d := store.EditDistance(word, w, reach); d <= reach {
			near = append(near, candidate{word: w, dist: d})
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(near) == 0 {
		return "", nil
	}

	words := make([]string, len(near))
	for i, c := range near {
		words[i] = c.word
	}
	docs, err := db.visibleDocs(ctx, words, visibleAt)
	if err != nil {
		return "", err
	}
	for i := range near {
		near[i].docs = docs[near[i].word]
	}
	near = slices.DeleteFunc(near, func(c candidate) bool { return c.docs == 0 })
	if len(near) == 0 {
		return "", nil
	}
	best := slices.MinFunc(near, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(x.dist, y.dist), cmp.Compare(y.docs, x.docs), cmp.Compare(x.word, y.word))
	})
	return best.word, nil
}

// maxCountedDocs is as far as visibleDocs counts: enough to break ties
// between candidates, without counting every article a common word is in.
const maxCountedDocs = 1000

// visibleDocs counts, for each word (a lexeme of the index), the articles
// visible at visibleAt that have it, up to maxCountedDocs. A lexeme is
// plain text to phraseto_tsquery and comes back as itself.
func (db *DB) visibleDocs(ctx context.Context, words []string, visibleAt int64) (map[string]int, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT w, (
			SELECT COUNT(*) FROM (
				SELECT 1 FROM article_search s JOIN articles a ON a.id = s.article_id
				WHERE s.document @@ phraseto_tsquery(`+searchConfig+`, w)
				AND a.status = 'published' AND a.published_at <= $2
				LIMIT $3
			) c
		)
		FROM unnest($1::text[]) AS w`, words, visibleAt, maxCountedDocs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	docs := make(map[string]int, len(words))
	for rows.Next() {
		var (
			w string
			n int
		)
		if err := rows.Scan(&w, &n); err != nil {
			return nil, err
		}
		docs[w] = n
	}
	return docs, rows.Err()
}
