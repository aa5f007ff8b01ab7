package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// SitemapArticles returns a page of the visible articles, oldest first, with
// slugs and times only, and how many are visible, from one snapshot. Both
// queries walk the articles_visible index (status, published_at, id).
func (db *DB) SitemapArticles(ctx context.Context, visibleAt time.Time, offset, limit int) ([]masthead.SitemapEntry, int, error) {
	offset = max(offset, 0)
	var (
		entries []masthead.SitemapEntry
		total   int
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			SELECT COUNT(*) FROM articles
			WHERE status = 'published' AND published_at <= $1`,
			millis(visibleAt)).Scan(&total)
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if limit <= 0 || offset >= total {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `
			SELECT slug, published_at, updated_at FROM articles
			WHERE status = 'published' AND published_at <= $1
			ORDER BY published_at, id
			LIMIT $2 OFFSET $3`,
			millis(visibleAt), limit, offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		entries = make([]masthead.SitemapEntry, 0, min(limit, total-offset))
		for rows.Next() {
			var (
				e                  masthead.SitemapEntry
				published, updated int64
			)
			if err := rows.Scan(&e.Slug, &published, &updated); err != nil {
				return err
			}
			e.PublishedAt, e.UpdatedAt = fromMillis(published), fromMillis(updated)
			entries = append(entries, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("sitemap articles: %w", err)
	}
	return entries, total, nil
}

// SitemapChunks numbers the visible articles in SitemapArticles' order and
// takes the latest change of each chunk of size, in one query and one pass:
// the window runs over the articles_sitemap index (migration 0011), which
// carries updated_at, so a big archive's sitemap index never reads the
// article rows and their bodies. SQLite, without window functions over an
// index, asks chunk by chunk.
func (db *DB) SitemapChunks(ctx context.Context, visibleAt time.Time, size int) ([]time.Time, error) {
	if size <= 0 {
		return nil, fmt.Errorf("sitemap chunks: size %d, want at least 1", size)
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT MAX(GREATEST(published_at, updated_at))
		FROM (
			SELECT published_at, updated_at,
				(row_number() OVER (ORDER BY published_at, id) - 1) / $2 AS chunk
			FROM articles
			WHERE status = 'published' AND published_at <= $1
		) numbered
		GROUP BY chunk
		ORDER BY chunk`, millis(visibleAt), size)
	if err != nil {
		return nil, fmt.Errorf("sitemap chunks: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var last int64
		if err := rows.Scan(&last); err != nil {
			return nil, fmt.Errorf("sitemap chunks: %w", err)
		}
		out = append(out, fromMillis(last))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sitemap chunks: %w", err)
	}
	return out, nil
}
