package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// SitemapArticles returns a page of the visible articles, oldest first, with
// slugs and times only, and how many are visible. Both queries walk the
// articles_visible index (status, published_at, id).
func (db *DB) SitemapArticles(ctx context.Context, visibleAt time.Time, offset, limit int) ([]masthead.SitemapEntry, int, error) {
	offset = max(offset, 0)
	var (
		entries []masthead.SitemapEntry
		total   int
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			SELECT COUNT(*) FROM articles
			WHERE status = 'published' AND published_at <= ?`,
			millis(visibleAt)).Scan(&total)
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if limit <= 0 || offset >= total {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `
			SELECT slug, published_at, updated_at FROM articles
			WHERE status = 'published' AND published_at <= ?
			ORDER BY published_at, id
			LIMIT ? OFFSET ?`,
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

// SitemapChunks aggregates each chunk in SQL, over the articles_sitemap
// index, so the index of a big archive costs a few index scans rather than
// a row a visible article.
func (db *DB) SitemapChunks(ctx context.Context, visibleAt time.Time, size int) ([]time.Time, error) {
	if size <= 0 {
		return nil, fmt.Errorf("sitemap chunks: size %d", size)
	}
	var out []time.Time
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		var total int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at <= ?`,
			millis(visibleAt)).Scan(&total)
		if err != nil {
			return err
		}
		for offset := 0; offset < total; offset += size {
			var last int64
			err := tx.QueryRowContext(ctx, `
				SELECT MAX(MAX(published_at, updated_at)) FROM (
					SELECT published_at, updated_at FROM articles
					WHERE status = 'published' AND published_at <= ?
					ORDER BY published_at, id LIMIT ? OFFSET ?)`,
				millis(visibleAt), size, offset).Scan(&last)
			if err != nil {
				return err
			}
			out = append(out, fromMillis(last))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sitemap chunks: %w", err)
	}
	return out, nil
}
