package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// sitemapVisible selects the visible articles of an ID range; every
// sitemap query walks articles_sitemap (status, id, published_at,
// updated_at, slug, migration 0018) and never touches the rows.
const sitemapVisible = `
	FROM articles
	WHERE status = 'published' AND id BETWEEN ? AND ? AND published_at <= ?`

// chunkIDs is the range of IDs of chunk n of size.
func chunkIDs(n, size int) (first, last int64) {
	return int64(n-1)*int64(size) + 1, int64(n) * int64(size)
}

// SitemapArticles returns the visible articles of a chunk, by ID.
func (db *DB) SitemapArticles(ctx context.Context, visibleAt time.Time, chunk, size int) ([]masthead.SitemapEntry, error) {
	if chunk < 1 || size < 1 {
		return nil, nil
	}
	first, last := chunkIDs(chunk, size)
	rows, err := db.read.QueryContext(ctx, `SELECT slug, published_at, updated_at`+sitemapVisible+` ORDER BY id`,
		first, last, millis(visibleAt))
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

// SitemapChunks aggregates each chunk's ID range in one index scan of its
// own, so the index of a big archive reads each visible article's index
// entry once.
func (db *DB) SitemapChunks(ctx context.Context, visibleAt time.Time, size int) ([]masthead.SitemapChunk, error) {
	if size <= 0 {
		return nil, fmt.Errorf("sitemap chunks: size %d", size)
	}
	var out []masthead.SitemapChunk
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		var maxID sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM articles WHERE status = 'published'`).Scan(&maxID); err != nil {
			return err
		}
		for n := 1; maxID.Valid && int64(n-1)*int64(size) < maxID.Int64; n++ {
			first, last := chunkIDs(n, size)
			var newest sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT MAX(MAX(published_at, updated_at))`+sitemapVisible,
				first, last, millis(visibleAt)).Scan(&newest)
			if err != nil {
				return err
			}
			if newest.Valid {
				out = append(out, masthead.SitemapChunk{N: n, LastModified: fromMillis(newest.Int64)})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sitemap chunks: %w", err)
	}
	return out, nil
}
