package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// RelatedArticles scores the articles sharing a's tags or section.
func (db *DB) RelatedArticles(ctx context.Context, a *masthead.Article, visibleAt time.Time, limit int) ([]*masthead.Article, error) {
	limit, _ = store.PageBounds(limit, 0)
	score := store.RelatedScores{}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		for _, t := range a.Tags {
			if err := addCandidates(ctx, tx, score, store.WeightTag, `
				SELECT article_id FROM article_tags
				WHERE tag_id = ? AND article_id <> ?
				ORDER BY article_id DESC LIMIT ?`,
				t.ID, a.ID, store.RelatedPerTag); err != nil {
				return err
			}
		}
		if a.Section != nil {
			return addCandidates(ctx, tx, score, store.WeightSection, `
				SELECT id FROM articles
				WHERE section_id = ? AND status = 'published' AND published_at <= ? AND id <> ?
				ORDER BY published_at DESC, id DESC LIMIT ?`,
				a.Section.ID, millis(visibleAt), a.ID, store.RelatedPerSection)
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
	ids := score.Best()

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

	return score.Rank(a, candidates, limit), nil
}

func addCandidates(ctx context.Context, tx *sql.Tx, score store.RelatedScores, weight float64, query string, args ...any) error {
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
		score.Add(id, weight)
	}
	return rows.Err()
}
