package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

// maxRelated is the most related articles RelatedArticles returns.
const maxRelated = 5

// relatedQuery ranks the visible articles related to one. Parameters: ?1 the
// article's ID, ?2 the visibility time in milliseconds, ?3 the FTS5
// expression of its title's words, ?4 the limit. %s is the words CTE.
//
// Candidates are bounded so that a big archive is never scored whole: every
// article sharing a tag, the best 200 title matches, the newest 100 of the
// section and the newest 20 of the site. The newest ones are only a
// fallback: when anything is related (by tag, section or words), articles
// related by nothing are dropped.
//
// Score: 100 a shared tag, so that tags outweigh everything else; 30 the
// same section; 5 times the bm25 of the words, capped at 25 so that words
// never outweigh the section; and up to 10 for recency, half of it at 30
// days old.
const relatedQuery = `
	WITH
	me AS (SELECT id, section_id FROM articles WHERE id = ?1),
	tagged AS (
		SELECT at.article_id AS id, COUNT(*) AS n
		FROM article_tags mt JOIN article_tags at ON at.tag_id = mt.tag_id
		WHERE mt.article_id = ?1 AND at.article_id <> ?1
		GROUP BY at.article_id
	),
	worded AS (%s),
	cand AS (
		SELECT id FROM tagged
		UNION SELECT id FROM worded
		UNION SELECT id FROM (
			SELECT a.id FROM articles a
			WHERE a.section_id = (SELECT section_id FROM me)
				AND a.status = 'published' AND a.published_at <= ?2
			ORDER BY a.published_at DESC, a.id DESC LIMIT 100)
		UNION SELECT id FROM (
			SELECT a.id FROM articles a
			WHERE a.status = 'published' AND a.published_at <= ?2
			ORDER BY a.published_at DESC, a.id DESC LIMIT 20)
	),
	scored AS (
		SELECT a.id,
			(t.id IS NOT NULL OR w.id IS NOT NULL
				OR coalesce(a.section_id = (SELECT section_id FROM me), 0)) AS rel,
			100.0 * coalesce(t.n, 0)
			+ CASE WHEN a.section_id = (SELECT section_id FROM me)
				THEN 30.0 ELSE 0 END
			+ 5.0 * min(coalesce(w.w, 0), 5.0)
			+ 10.0 * 30.0 / ((max(?2 - a.published_at, 0) / 86400000.0) + 30.0) AS score
		FROM cand c
		JOIN articles a ON a.id = c.id
		LEFT JOIN tagged t ON t.id = a.id
		LEFT JOIN worded w ON w.id = a.id
		WHERE a.id <> ?1 AND a.status = 'published' AND a.published_at <= ?2
		ORDER BY rel DESC, score DESC, a.published_at DESC, a.id DESC
		LIMIT ?4
	)
	SELECT ` + listColumns + `
	FROM scored p
	JOIN articles a ON a.id = p.id ` + articleJoins + `
	WHERE p.rel OR NOT (SELECT coalesce(max(rel), 0) FROM scored)
	ORDER BY p.rel DESC, p.score DESC, a.published_at DESC, a.id DESC`

// relatedWords selects the best title matches, scored by bm25 over the title
// and standfirst (positive: higher is better).
const relatedWords = `
		SELECT rowid AS id, -bm25(articles_fts, 2.0, 1.0, 0.0, 0.0, 0.0) AS w
		FROM articles_fts WHERE articles_fts MATCH ?3
		ORDER BY w DESC LIMIT 200`

// noRelatedWords stands in for relatedWords when the title has no words
// worth matching.
const noRelatedWords = `SELECT NULL AS id, 0.0 AS w WHERE ?3 IS NULL AND 0`

// RelatedArticles returns up to limit visible articles related to a, best
// first.
func (db *DB) RelatedArticles(ctx context.Context, a *masthead.Article, visibleAt time.Time, limit int) ([]*masthead.Article, error) {
	if limit <= 0 || limit > maxRelated {
		limit = maxRelated
	}
	words := noRelatedWords
	var match any // NULL when there are no words
	if expr, ok := titleMatchExpression(a.Title); ok {
		words, match = relatedWords, expr
	}
	query := fmt.Sprintf(relatedQuery, words)

	var articles []*masthead.Article
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, a.ID, millis(visibleAt), match, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanArticle(rows)
			if err != nil {
				return err
			}
			if r.ID == a.ID || r.Slug == a.Slug { // never the article itself
				continue
			}
			articles = append(articles, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return loadTags(ctx, tx, articles)
	})
	if err != nil {
		return nil, fmt.Errorf("related articles of %d: %w", a.ID, err)
	}
	return articles, nil
}

// relatedStopWords are words too common to relate two headlines.
var relatedStopWords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "from": true, "into": true,
	"after": true, "over": true, "its": true, "are": true, "was": true, "were": true,
	"has": true, "have": true, "had": true, "not": true, "but": true, "this": true,
	"that": true, "his": true, "her": true, "their": true, "new": true, "says": true,
	"will": true, "who": true, "what": true, "how": true, "why": true, "when": true,
	"out": true, "about": true, "than": true, "more": true, "all": true, "can": true,
}

// maxRelatedWords bounds the OR-ed terms of a title's expression.
const maxRelatedWords = 12

// titleMatchExpression builds the FTS5 expression that finds articles whose
// title or standfirst shares a word with title, and false when the title has
// no word worth matching. Like matchExpression, it cuts the title into words
// the way the unicode61 tokenizer does and quotes each one, so nothing in a
// title is ever FTS5 syntax. Words shorter than three characters and common
// ones are left out.
func titleMatchExpression(title string) (string, bool) {
	fields := strings.FieldsFunc(title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	})
	seen := make(map[string]bool, len(fields))
	var terms []string
	for _, w := range fields {
		w = strings.ToLower(w)
		if utf8.RuneCountInString(w) < 3 || relatedStopWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		terms = append(terms, `"`+w+`"`)
		if len(terms) == maxRelatedWords {
			break
		}
	}
	if len(terms) == 0 {
		return "", false
	}
	return `{title standfirst} : (` + strings.Join(terms, " OR ") + `)`, true
}
