package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// SitemapArticles returns the visible articles of a chunk, by ID, from the
// articles_sitemap index (status, id) with the times and slug carried
// (migration 0018).
func (db *DB) SitemapArticles(ctx context.Context, visibleAt time.Time, chunk, size int) ([]masthead.SitemapEntry, error) {
	if chunk < 1 || size < 1 {
		return nil, nil
	}
	first := int64(chunk-1)*int64(size) + 1
	rows, err := db.db.QueryContext(ctx, `
		SELECT slug, published_at, updated_at FROM articles
		WHERE status = 'published' AND id BETWEEN $1 AND $2 AND published_at <= $3
		ORDER BY id`,
		first, first+int64(size)-1, millis(visibleAt))
	if err != nil {
		return nil, fmt.Errorf("sitemap articles: %w", err)
	}
	defer rows.Close()
	var entries []masthead.SitemapEntry
	for rows.Next() {
		var (
			e                  masthead.SitemapEntry
			published, updated int64
		)
		if err := rows.Scan(&e.Slug, &published, &updated); err != nil {
			return nil, fmt.Errorf("sitemap articles: %w", err)
		}
		e.PublishedAt, e.UpdatedAt = fromMillis(published), fromMillis(updated)
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sitemap articles: %w", err)
	}
	return entries, nil
}

// SitemapChunks groups the visible articles by chunk in one index-only
// pass over articles_sitemap.
func (db *DB) SitemapChunks(ctx context.Context, visibleAt time.Time, size int) ([]masthead.SitemapChunk, error) {
	if size <= 0 {
		return nil, fmt.Errorf("sitemap chunks: size %d, want at least 1", size)
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT (id - 1) / $2 + 1 AS chunk, MAX(GREATEST(published_at, updated_at))
		FROM articles
		WHERE status = 'published' AND published_at <= $1
		GROUP BY chunk
		ORDER BY chunk`, millis(visibleAt), int64(size))
	if err != nil {
		return nil, fmt.Errorf("sitemap chunks: %w", err)
	}
	defer rows.Close()
	var out []masthead.SitemapChunk
	for rows.Next() {
		var (
			c    masthead.SitemapChunk
			last int64
		)
		if err := rows.Scan(&c.N, &last); err != nil {
			return nil, fmt.Errorf("sitemap chunks: %w", err)
		}
		c.LastModified = fromMillis(last)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sitemap chunks: %w", err)
	}
	return out, nil
}
