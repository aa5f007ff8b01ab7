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

// Search weights for bm25, in the column order of articles_fts: title,
// standfirst, body, tags, source.
const searchRank = `bm25(articles_fts, 10.0, 5.0, 1.0, 3.0, 2.0)`

// searchRecency is a penalty on an article's age in days at the visibility
// time (the first two parameters of a search). It grows from 0 towards 1
// (half of it at 30 days), so it reorders near-equal matches without
// burying a much better old one.
const searchRecency = `(
	(max(? - published_at, 0) / 86400000.0) /
	((max(? - published_at, 0) / 86400000.0) + 30.0))`

// searchCandidates is how many of the newest matches a search ranks. Each
// costs a bm25 score (some 20 µs on a 100,000-article archive); 500 keep a
// search for a word most articles have near 20 ms.
const searchCandidates = 500

// Search finds the visible articles matching q, best first. The words are
// looked for as typed; only when that finds too few to fill the page is the
// last bare word also taken as a prefix ("harb" finds "harbour"), because a
// prefix of a common word spans many words, and ranking the newest of their
// merged matches cost FTS5 hundreds of milliseconds on a big archive.
func (db *DB) Search(ctx context.Context, q masthead.SearchQuery) ([]masthead.SearchResult, int, error) {
	match, ok := matchExpression(q.Text, false)
	if !ok {
		return nil, 0, masthead.Errorf(masthead.EINVALID, "Type a word to search for.")
	}
	results, n, err := db.search(ctx, q, match)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := store.PageBounds(q.Limit, q.Offset)
	if n >= offset+limit {
		return results, n, nil
	}
	if prefixed, _ := matchExpression(q.Text, true); prefixed != match {
		return db.search(ctx, q, prefixed)
	}
	return results, n, nil
}

// search runs one FTS5 match expression.
func (db *DB) search(ctx context.Context, q masthead.SearchQuery, match string) ([]masthead.SearchResult, int, error) {
	limit, offset := store.PageBounds(q.Limit, q.Offset)
	visible := q.VisibleAt
	if visible.IsZero() {
		visible = now()
	}
	at := millis(visible)

	where, args := articleConditions(masthead.ArticleFilter{
		SectionSlug: q.SectionSlug, SourceSlug: q.SourceSlug, TagSlug: q.TagSlug, VisibleAt: visible,
	})
	where = append(slices.Clip(where), `articles_fts MATCH ?`, `a.published_at <= ?`)
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
		err := db.read.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM articles WHERE published_at >= ? AND published_at < ?`,
			from, to).Scan(&lo, &hi)
		if err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		if !lo.Valid {
			return nil, 0, nil
		}
		where = append(where, `articles_fts.rowid BETWEEN ? AND ?`)
		args = append(args, lo.Int64, hi.Int64)
	}
	// CROSS JOIN keeps the full-text index as the outer loop: left to
	// itself, SQLite's planner may walk every visible article through the
	// articles_visible index and probe the index once for each, which on a
	// big archive turned a millisecond into seconds.
	from := ` FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid` + whereClause(where)
	// Counting stops at store.SearchCountLimit: a word in most articles
	// would otherwise cost a look-up of each.
	total := `SELECT COUNT(*) FROM (SELECT 1` + from + ` LIMIT ?)`

	// Only the newest searchCandidates matches are ranked (FTS5 walks its
	// matches by rowid, newest first, and stops there), so that a query
	// matching most of the archive costs what one matching a few hundred
	// does; a query that specific ranks every match. CROSS JOIN, here and
	// below, fixes the order of the loops as written. The page is ranked
	// on IDs alone; snippets, which cost the most, are made only for the
	// articles on it.
	page := `SELECT ` + listColumns + `,
			snippet(articles_fts, 2, char(1), char(2), '…', 12),
			snippet(articles_fts, 1, char(1), char(2), '…', 12)
		FROM (
			SELECT id, rank + ` + searchRecency + ` AS score, published_at FROM (
				SELECT a.id, a.published_at, ` + searchRank + ` AS rank` + from + `
				ORDER BY articles_fts.rowid DESC
				LIMIT ` + strconv.Itoa(searchCandidates) + `
			)
			ORDER BY score, published_at DESC, id DESC
			LIMIT ? OFFSET ?
		) p
		CROSS JOIN articles_fts ON articles_fts.rowid = p.id AND articles_fts MATCH ?
		CROSS JOIN articles a ON a.id = p.id ` + articleJoins + `
		ORDER BY p.score, a.published_at DESC, a.id DESC`
	pageArgs := append(append([]any{at, at}, args...), limit, offset, match)

	var (
		results []masthead.SearchResult
		n       int
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, total, append(args, store.SearchCountLimit)...).Scan(&n); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		rows, err := tx.QueryContext(ctx, page, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var articles []*masthead.Article
		for rows.Next() {
			var body, standfirst string
			a, err := scanArticle(snippetScanner{rows, &body, &standfirst})
			if err != nil {
				return err
			}
			articles = append(articles, a)
			results = append(results, masthead.SearchResult{Article: a, Snippet: store.PickSnippet(body, standfirst)})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return loadTags(ctx, tx, articles)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	return results, n, nil
}

// snippetScanner reads a search row: an article's columns, then its two
// snippets.
type snippetScanner struct {
	rows             *sql.Rows
	body, standfirst *string
}

func (s snippetScanner) Scan(dest ...any) error {
	return s.rows.Scan(append(dest, s.body, s.standfirst)...)
}

// matchExpression builds the FTS5 query for what a reader typed, and false
// when it holds no word to look for. The reader's text never reaches FTS5 as
// syntax: it is cut into words the way the unicode61 tokenizer cuts them
// (letters, digits and marks), and each term is written as a quoted string
// of those words only, so no quote, operator, column filter or star can
// come through.
//
// Terms: a bare word must appear (one with inner punctuation, such as
// covid-19, as the phrase of its parts); "quoted text" must appear as a
// phrase; a leading - excludes either. With prefix, the last bare word
// also matches as a prefix.
func matchExpression(text string, prefix bool) (string, bool) {
	type term struct {
		words   []string
		exclude bool
		phrase  bool
	}
	var terms []term
	for rest := strings.TrimSpace(text); rest != ""; rest = strings.TrimLeftFunc(rest, unicode.IsSpace) {
		var t term
		if strings.HasPrefix(rest, "-") {
			t.exclude = true
			rest = rest[1:]
		}
		var raw string
		if strings.HasPrefix(rest, `"`) {
			t.phrase = true
			rest = rest[1:]
			end := strings.IndexByte(rest, '"')
			if end < 0 { // an unbalanced quote runs to the end
				end = len(rest)
			}
			raw, rest = rest[:end], rest[min(end+1, len(rest)):]
		} else {
			end := strings.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				end = len(rest)
			}
			raw, rest = rest[:end], rest[end:]
		}
		t.words = strings.FieldsFunc(raw, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
		})
		if len(t.words) > 0 {
			terms = append(terms, t)
		}
	}

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
