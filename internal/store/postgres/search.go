package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// searchConfig is the text search configuration migration 0004 makes:
// 'simple' with diacritics folded when unaccent is available.
const searchConfig = `'masthead'`

// searchWeights are ts_rank_cd's weights for D (body), C (tags and source),
// B (standfirst) and A (title): the ratios of SQLite's bm25 weights (body 1,
// source 2, tags 3, standfirst 5, title 10), as one weight serves tags and
// source here.
const searchWeights = `'{0.1, 0.25, 0.5, 1.0}'`

// Markers ts_headline puts around matches, and stand-ins for the characters
// its parser treats as markup: it drops anything that looks like an HTML
// tag or entity from a headline, and Masthead's text is not HTML, so "<",
// ">" and "&" go in as control characters and come back in Go. The text's
// own control characters of these five are removed first, so that a stray
// one can neither fake a match nor turn into markup. Go then escapes the
// extract and turns the markers into <mark> elements.
const (
	// headlineFrom and headlineTo are translate()'s arguments: each
	// character of headlineFrom becomes the one at the same place in
	// headlineTo, or is removed when headlineTo is shorter.
	headlineFrom = "<>&\x01\x02\x03\x04\x05"
	headlineTo   = "\x03\x04\x05"
)

// headlineRestore undoes headlineFrom's stand-ins.
var headlineRestore = strings.NewReplacer("\x03", "<", "\x04", ">", "\x05", "&")

// headlineOptions asks for one extract of about 12 to 24 words around the
// best match, SQLite's snippet() being 12 tokens.
const headlineOptions = "MaxFragments=1, MaxWords=24, MinWords=12, StartSel=" + store.MarkOpen + ", StopSel=" + store.MarkClose

// Search finds the visible articles matching q, best first. The words are
// looked for as typed; only when that finds too few to fill the page is the
// last bare word also taken as a prefix ("harb" finds "harbour"), as in
// SQLite: a prefix of a common word spans many words, whose matches are
// many more to rank.
//
// SQLite ranks with bm25 (lower is better) plus a recency penalty that grows
// from 0 towards 1 (half at 30 days). ts_rank_cd is higher-is-better on a
// scale of its own, so the same penalty divides it instead: a match loses up
// to half its score with age, which reorders near-equal matches without
// burying a much better old one.
func (db *DB) Search(ctx context.Context, q masthead.SearchQuery) ([]masthead.SearchResult, int, error) {
	terms := parseSearch(q.Text)
	if !hasIncluded(terms) {
		return nil, 0, masthead.Errorf(masthead.EINVALID, "Type a word to search for.")
	}
	if q.VisibleAt.IsZero() {
		q.VisibleAt = now() // one time for both tries
	}
	results, n, err := db.search(ctx, q, terms, false)
	if err != nil {
		return nil, 0, err
	}
	limit, offset := store.PageBounds(q.Limit, q.Offset)
	if n >= offset+limit || !prefixable(terms) {
		return results, n, nil
	}
	return db.search(ctx, q, terms, true)
}

// search runs one tsquery, the last bare word a prefix with prefix.
func (db *DB) search(ctx context.Context, q masthead.SearchQuery, terms []searchTerm, prefix bool) ([]masthead.SearchResult, int, error) {
	var a args
	query := tsqueryExpr(&a, terms, prefix)
	limit, offset := store.PageBounds(q.Limit, q.Offset)
	visible := q.VisibleAt
	at := millis(visible)

	where := articleConditions(&a, masthead.ArticleFilter{
		SectionSlug: q.SectionSlug, SourceSlug: q.SourceSlug, TagSlug: q.TagSlug, VisibleAt: visible,
	})
	where = append(where, `a.published_at <= `+a.add(at), `s.document @@ `+query)
	if !q.From.IsZero() {
		where = append(where, `a.published_at >= `+a.add(millis(q.From)))
	}
	if !q.To.IsZero() {
		where = append(where, `a.published_at < `+a.add(millis(q.To)))
	}
	from := ` FROM article_search s JOIN articles a ON a.id = s.article_id` + whereClause(where)

	// Counting stops at store.SearchCountLimit: a word in most articles
	// would otherwise cost a look-up of each.
	countArgs := append(args(nil), a...)
	total := `SELECT COUNT(*) FROM (SELECT 1` + from + ` LIMIT ` + countArgs.add(store.SearchCountLimit) + `) c`

	// Only the newest store.SearchCountLimit matches are ranked (each costs
	// a ts_rank_cd over its document, read from TOAST), so that a query
	// matching most of the archive costs what one matching a few hundred does:
	// ranking reads each document, and the GIN index alone finds the
	// matches. The page is ranked on IDs alone; headlines, which parse the
	// whole text, are made only for the articles on it.
	pa := append(args(nil), a...)
	page := `
		WITH candidates AS (
			SELECT a.id, a.published_at, s.document,
				GREATEST(` + pa.add(at) + ` - a.published_at, 0)::float8 / 86400000 AS age_days` + from + `
			ORDER BY a.published_at DESC, a.id DESC
			LIMIT ` + strconv.Itoa(store.SearchCountLimit) + `
		), ranked AS (
			SELECT id, published_at,
				ts_rank_cd(` + searchWeights + `, document, ` + query + `, 1)::float8
					/ (1 + age_days / (age_days + 30)) AS score
			FROM candidates
			ORDER BY score DESC, published_at DESC, id DESC
			LIMIT ` + pa.add(limit) + ` OFFSET ` + pa.add(offset) + `
		)
		SELECT ` + listColumns + `, hb.h, hb.whole_start, hb.whole_end, hs.h, hs.whole_start, hs.whole_end
		FROM ranked p
		JOIN articles a ON a.id = p.id ` + articleJoins + `
		CROSS JOIN LATERAL ` + headline(&pa, "a.body", query) + ` hb
		CROSS JOIN LATERAL ` + headline(&pa, "a.standfirst", query) + ` hs
		ORDER BY p.score DESC, a.published_at DESC, a.id DESC`

	var (
		results []masthead.SearchResult
		n       int
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, total, planned(countArgs)...).Scan(&n); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		rows, err := tx.QueryContext(ctx, page, planned(pa)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var body, standfirst extract
			a, err := scanArticle(extractScanner{rows, &body, &standfirst})
			if err != nil {
				return err
			}
			results = append(results, masthead.SearchResult{Article: a, Snippet: store.PickSnippet(body.text(), standfirst.text())})
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	return results, n, nil
}

// planned makes pgx run a query planned for its own arguments each time.
//
// pgx prepares and caches every statement by default, and after five runs
// PostgreSQL may keep a generic plan that ignores the arguments' values. A
// search's best plan depends on its words: a word in every article is best
// walked newest first and filtered, a rare one found through the GIN index.
// A generic plan, blind to the tsquery, made searches for common words
// three times slower on a 20,000-article archive. With
// QueryExecModeCacheDescribe, pgx keeps only the statement's description and
// runs it as PostgreSQL's unnamed statement, which is planned anew for each
// execution, still in one round trip.
func planned(a args) []any {
	return append([]any{pgx.QueryExecModeCacheDescribe}, a...)
}

// headline returns a subquery making the extract of column for query, with
// whether it starts and ends where the text does (if not, the extract is
// shown with an ellipsis there). A fragment leaves out the punctuation
// around its words, such as the full stop after the last; when nothing but
// punctuation and space is left out at an end, it is put back, and that
// end is the text's. OFFSET 0 keeps the planner from copying ts_headline,
// the costly part, into each expression that reads it.
func headline(a *args, column, query string) string {
	return `(
		SELECT CASE WHEN w.whole_start THEN w.before ELSE '' END || w.h ||
				CASE WHEN w.whole_end THEN w.after ELSE '' END AS h,
			w.whole_start, w.whole_end
		FROM (
			SELECT x.h, x.before, x.after,
				x.pos > 0 AND btrim(masthead_plain(x.before)) = '' AS whole_start,
				x.pos > 0 AND btrim(masthead_plain(x.after)) = '' AS whole_end
			FROM (
				SELECT y.h, y.pos, left(y.src, y.pos - 1) AS before, substr(y.src, y.pos + length(y.bare)) AS after
				FROM (
					SELECT z.src, z.h, z.bare, strpos(z.src, z.bare) AS pos
					FROM (
						SELECT t.src, t.h, translate(t.h, ` + a.add(store.MarkOpen+store.MarkClose) + `, '') AS bare
						FROM (
							SELECT u.src, ts_headline(` + searchConfig + `, u.src, ` + query + `, ` + a.add(headlineOptions) + `) AS h
							FROM (SELECT translate(` + column + `, ` + a.add(headlineFrom) + `, ` + a.add(headlineTo) + `) AS src) u
							OFFSET 0
						) t
					) z
				) y
			) x
		) w
	)`
}

// extract is a headline as the database made it.
type extract struct {
	h                    string
	wholeStart, wholeEnd bool
}

// text restores the stand-ins and marks where the extract cuts the text.
func (e extract) text() string {
	s := strings.TrimSpace(headlineRestore.Replace(e.h))
	if s == "" {
		return ""
	}
	if !e.wholeStart {
		s = "…" + s
	}
	if !e.wholeEnd {
		s += "…"
	}
	return s
}

// extractScanner reads a search row: an article's columns, then its two
// extracts.
type extractScanner struct {
	rows             *sql.Rows
	body, standfirst *extract
}

func (s extractScanner) Scan(dest ...any) error {
	return s.rows.Scan(append(dest,
		&s.body.h, &s.body.wholeStart, &s.body.wholeEnd,
		&s.standfirst.h, &s.standfirst.wholeStart, &s.standfirst.wholeEnd)...)
}

// searchTerm is one term of a reader's query: a word, or a quoted phrase,
// as the words in it.
type searchTerm struct {
	words   []string
	exclude bool
	phrase  bool
}

// parseSearch cuts what a reader typed into terms. Words are runs of
// letters, digits and marks, as SQLite's unicode61 tokenizer cuts them and
// as masthead_plain makes the parser cut documents; everything else
// separates words. A bare word with inner punctuation, such as covid-19,
// is the phrase of its parts; "quoted text" is a phrase; a leading -
// excludes either. An unbalanced quote runs to the end.
func parseSearch(text string) []searchTerm {
	var terms []searchTerm
	for rest := strings.TrimSpace(text); rest != ""; rest = strings.TrimLeftFunc(rest, unicode.IsSpace) {
		var t searchTerm
		if strings.HasPrefix(rest, "-") {
			t.exclude = true
			rest = rest[1:]
		}
		var raw string
		if strings.HasPrefix(rest, `"`) {
			t.phrase = true
			rest = rest[1:]
			end := strings.IndexByte(rest, '"')
			if end < 0 {
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
	return terms
}

// hasIncluded reports whether any term is to be included: a query of
// excluded words alone has nothing to look for.
func hasIncluded(terms []searchTerm) bool {
	for _, t := range terms {
		if !t.exclude {
			return true
		}
	}
	return false
}

// prefixable reports whether the query ends with a bare word, the one that
// may match as a prefix.
func prefixable(terms []searchTerm) bool {
	if len(terms) == 0 {
		return false
	}
	last := terms[len(terms)-1]
	return !last.exclude && !last.phrase
}

// tsqueryExpr builds the SQL expression of the tsquery for the terms, of
// which one at least is included. The reader's text never reaches tsquery
// syntax: each term goes in as a parameter to phraseto_tsquery, which reads
// plain text (so "AND", "!", "(" or ":*" are words or nothing), and parses
// it with the configuration documents are indexed with. Only the prefix
// match needs to_tsquery, and it gets one word made of letters, digits and
// marks, quoted.
//
// Every bare word and every phrase must match; excluded ones must not.
// With prefix, the last bare word, when it ends the query, also matches as
// a prefix.
func tsqueryExpr(a *args, terms []searchTerm, prefix bool) string {
	var include, exclude []string
	for i, t := range terms {
		var q string
		if prefix && i == len(terms)-1 && prefixable(terms) {
			last := t.words[len(t.words)-1]
			q = `to_tsquery(` + searchConfig + `, ` + a.add(quoteLexeme(last)+":*") + `)`
			if len(t.words) > 1 {
				q = `tsquery_phrase(phraseto_tsquery(` + searchConfig + `, ` +
					a.add(strings.Join(t.words[:len(t.words)-1], " ")) + `), ` + q + `)`
			}
		} else {
			q = `phraseto_tsquery(` + searchConfig + `, ` + a.add(strings.Join(t.words, " ")) + `)`
		}
		if t.exclude {
			exclude = append(exclude, q)
		} else {
			include = append(include, q)
		}
	}
	expr := "(" + strings.Join(include, " && ") + ")"
	if len(exclude) > 0 {
		expr = "(" + expr + " && !!(" + strings.Join(exclude, " || ") + "))"
	}
	return expr
}

// quoteLexeme writes s as a quoted operand of to_tsquery. The words given
// hold neither quotes nor backslashes, but the quoting does not rely on it.
func quoteLexeme(s string) string {
	return `'` + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + `'`
}
