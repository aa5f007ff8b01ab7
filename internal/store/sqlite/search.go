package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// Search weights for bm25, in the column order of articles_fts (and of
// articles_pairs): title, standfirst, body, tags, source.
const (
	searchRank = `bm25(articles_fts, 10.0, 5.0, 1.0, 3.0, 2.0)`
	pairsRank  = `bm25(articles_pairs, 10.0, 5.0, 1.0, 3.0, 2.0)`
)

// searchRecency is a penalty on an article's age in days at the visibility
// time (the first two parameters of a search). It grows from 0 towards 1
// (half of it at 30 days), so it reorders near-equal matches without
// burying a much better old one.
const searchRecency = `(
	(max(? - published_at, 0) / 86400000.0) /
	((max(? - published_at, 0) / 86400000.0) + 30.0))`

// Search finds the visible articles matching q, best first. The words are
// looked for as typed; only when that finds too few to fill the page is the
// last bare word also taken as a prefix ("harb" finds "harbour"), because a
// prefix of a common word spans many words, and ranking the newest of their
// merged matches cost FTS5 hundreds of milliseconds on a big archive.
func (db *DB) Search(ctx context.Context, q masthead.SearchQuery) ([]masthead.SearchResult, int, error) {
	terms := parseSearch(q.Text)
	match, ok := matchExpression(terms, false)
	if !ok {
		return nil, 0, masthead.Errorf(masthead.EINVALID, "Type a word to search for.")
	}
	pairs, err := db.planPhrases(ctx, terms)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	results, n, err := db.search(ctx, q, match, pairs)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := store.PageBounds(q.Limit, q.Offset)
	if n >= offset+limit {
		return results, n, nil
	}
	if prefixed, _ := matchExpression(terms, true); prefixed != match {
		return db.search(ctx, q, prefixed, pairs)
	}
	return results, n, nil
}

// search runs one FTS5 match expression, walking articles_fts, or
// articles_pairs as the plan says.
func (db *DB) search(ctx context.Context, q masthead.SearchQuery, match string, pairs phrasePlan) ([]masthead.SearchResult, int, error) {
	limit, offset := store.PageBounds(q.Limit, q.Offset)
	visible := q.VisibleAt
	if visible.IsZero() {
		visible = now()
	}
	at := millis(visible)

	where, args := articleConditions(masthead.ArticleFilter{
		SectionSlug: q.SectionSlug, SourceSlug: q.SourceSlug, TagSlug: q.TagSlug, VisibleAt: visible,
	})
	snippetMatch := match
	// fts is the index walked, newest first; rank scores on it.
	fts, rank, verify := `articles_fts`, searchRank, ``
	var verifyArgs []any
	if pairs.expr != "" {
		fts, rank = `articles_pairs`, pairsRank
		if pairs.verify {
			verify = ` CROSS JOIN articles_fts ON articles_fts.rowid = articles_pairs.rowid AND articles_fts MATCH ?`
			verifyArgs = []any{match}
		}
		match = pairs.expr
	}
	where = append(slices.Clip(where), fts+` MATCH ?`, `a.published_at <= ?`)
	args = append(slices.Clip(args), match, at)
	if !q.From.IsZero() || !q.To.IsZero() {
		from, to := int64(0), int64(math.MaxInt64)
		if !q.From.IsZero() {
			from = millis(q.From)
		}
		if !q.To.IsZero() {
			to = millis(q.To)
		}
		where = append(where, `a.published_at >= ?`, `a.published_at < ?`)
		args = append(args, from, to)
		// The IDs of the articles in the range bound the index's walk:
		// without them a common word in an old range was looked up in
		// every newer article first. IDs follow creation, not publication,
		// so this is a bound, not the range itself.
		var lo, hi sql.NullInt64
		err := db.searchPool.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM articles WHERE published_at >= ? AND published_at < ?`,
			from, to).Scan(&lo, &hi)
		if err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		if !lo.Valid {
			return nil, 0, nil
		}
		where = append(where, fts+`.rowid BETWEEN ? AND ?`)
		args = append(args, lo.Int64, hi.Int64)
	}
	// CROSS JOIN keeps the full-text index as the outer loop: left to
	// itself, SQLite's planner may walk every visible article through the
	// articles_visible index and probe the index once for each, which on a
	// big archive turned a millisecond into seconds.
	//
	// INDEXED BY reads the candidates' columns from articles_search rather
	// than from the rows, where they sit after the body (see migration
	// 0016): the planner would take the table's own key, being exact.
	from := ` FROM ` + fts + verify + ` CROSS JOIN articles a INDEXED BY articles_search ON a.id = ` + fts + `.rowid` + whereClause(where)
	args = append(verifyArgs, args...)
	// Only the newest store.SearchCountLimit matches are ranked (FTS5
	// walks its matches by rowid, newest first, and stops there), so that a
	// query matching most of the archive costs what one matching a few
	// hundred does; a query that specific ranks every match. The same walk
	// counts them (COUNT over the window of candidates), since a separate
	// count walked the matches a second time. CROSS JOIN, here and below,
	// fixes the order of the loops as written. The page is ranked on IDs
	// alone; snippets, which cost the most, are made only for the articles
	// on it.
	page := `SELECT ` + listColumns + `,
			snippet(articles_fts, 2, char(1), char(2), '…', 12),
			snippet(articles_fts, 1, char(1), char(2), '…', 12),
			p.total
		FROM (
			SELECT id, score, published_at, total FROM (
				SELECT id, rank + ` + searchRecency + ` AS score, published_at, COUNT(*) OVER () AS total FROM (
					SELECT a.id, a.published_at, ` + rank + ` AS rank` + from + `
					ORDER BY ` + fts + `.rowid DESC
					LIMIT ` + strconv.Itoa(store.SearchCountLimit) + `
				)
			)
			ORDER BY score, published_at DESC, id DESC
			LIMIT ? OFFSET ?
		) p
		CROSS JOIN articles_fts ON articles_fts.rowid = p.id AND articles_fts MATCH ?
		CROSS JOIN articles a ON a.id = p.id ` + articleJoins + `
		ORDER BY p.score, a.published_at DESC, a.id DESC`
	pageArgs := append(append([]any{at, at}, args...), limit, offset, snippetMatch)

	var (
		results []masthead.SearchResult
		n       int
	)
	err := inTx(ctx, db.searchPool, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, page, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var articles []*masthead.Article
		for rows.Next() {
			var body, standfirst string
			a, err := scanArticle(searchRowScanner{rows, &body, &standfirst, &n})
			if err != nil {
				return err
			}
			articles = append(articles, a)
			results = append(results, masthead.SearchResult{Article: a, Snippet: store.PickSnippet(body, standfirst)})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(articles) == 0 && offset > 0 {
			// A page past the end still says how many there are.
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1`+from+` LIMIT ?)`,
				append(args, store.SearchCountLimit)...).Scan(&n); err != nil {
				return fmt.Errorf("count: %w", err)
			}
		}
		return loadTags(ctx, tx, articles)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	return results, n, nil
}

// searchRowScanner reads a search row: an article's columns, then its two
// snippets and the number of matches.
type searchRowScanner struct {
	rows             *sql.Rows
	body, standfirst *string
	total            *int
}

func (s searchRowScanner) Scan(dest ...any) error {
	return s.rows.Scan(append(dest, s.body, s.standfirst, s.total)...)
}

// searchTerm is one term of what a reader typed: a word, or a phrase in
// quotes (or a word with inner punctuation, such as covid-19, taken as the
// phrase of its parts), perhaps excluded with a leading -.
type searchTerm struct {
	raw     string // as typed, without quotes or -
	words   []string
	exclude bool
	phrase  bool
}

// parseSearch cuts what a reader typed into terms. The text never reaches
// FTS5 as syntax: each term's words are cut the way the unicode61
// tokenizer cuts them (letters, digits and marks), so no quote, operator,
// column filter or star can come through.
func parseSearch(text string) []searchTerm {
	var terms []searchTerm
	for rest := strings.TrimSpace(text); rest != ""; rest = strings.TrimLeftFunc(rest, unicode.IsSpace) {
		var t searchTerm
		if strings.HasPrefix(rest, "-") {
			t.exclude = true
			rest = rest[1:]
		}
		if strings.HasPrefix(rest, `"`) {
			t.phrase = true
			rest = rest[1:]
			end := strings.IndexByte(rest, '"')
			if end < 0 { // an unbalanced quote runs to the end
				end = len(rest)
			}
			t.raw, rest = rest[:end], rest[min(end+1, len(rest)):]
		} else {
			end := strings.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				end = len(rest)
			}
			t.raw, rest = rest[:end], rest[end:]
		}
		t.words = strings.FieldsFunc(t.raw, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
		})
		if len(t.words) > 0 {
			terms = append(terms, t)
		}
	}
	return terms
}

// matchExpression builds the FTS5 query for the terms, and false when
// there is no word to look for. Each term is written as a quoted string of
// its words: a bare word must appear, a phrase must appear as a phrase,
// and excluded terms must not. With prefix, the last bare word also
// matches as a prefix.
func matchExpression(terms []searchTerm, prefix bool) (string, bool) {
	var include, exclude []string
	lastBare := -1
	for i, t := range terms {
		if !t.exclude && !t.phrase {
			lastBare = i
		}
	}
	for i, t := range terms {
		s := `"` + strings.Join(t.words, " ") + `"`
		if prefix && i == lastBare && i == len(terms)-1 {
			s += "*"
		}
		if t.exclude {
			exclude = append(exclude, s)
		} else {
			include = append(include, s)
		}
	}
	if len(include) == 0 {
		return "", false
	}
	expr := "(" + strings.Join(include, " AND ") + ")"
	if len(exclude) > 0 {
		expr += " NOT (" + strings.Join(exclude, " OR ") + ")"
	}
	return expr, true
}
