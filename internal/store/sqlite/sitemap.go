package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
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
// a row a visible article. Each chunk starts after the last (published_at,
// id) of the one before, so every entry is read twice at most (once for
// the chunk's newest time, once to find where it ends), where counting and
// skipping to each chunk read the first ones again and again.
func (db *DB) SitemapChunks(ctx context.Context, visibleAt time.Time, size int) ([]time.Time, error) {
	if size <= 0 {
		return nil, fmt.Errorf("sitemap chunks: size %d", size)
	}
	const after = `
		FROM articles
		WHERE status = 'published' AND published_at <= ? AND (published_at, id) > (?, ?)
		ORDER BY published_at, id`
	var out []time.Time
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		at := millis(visibleAt)
		lastPublished, lastID := int64(math.MinInt64), int64(math.MinInt64)
		for {
			var (
				n    int
				last sql.NullInt64
			)
			err := tx.QueryRowContext(ctx, `
				SELECT COUNT(*), MAX(MAX(published_at, updated_at)) FROM (
					SELECT published_at, updated_at`+after+` LIMIT ?)`,
				at, lastPublished, lastID, size).Scan(&n, &last)
			if err != nil {
				return err
			}
			if n == 0 {
				return nil
			}
			out = append(out, fromMillis(last.Int64))
			if n < size {
				return nil
			}
			err = tx.QueryRowContext(ctx, `SELECT published_at, id`+after+` LIMIT 1 OFFSET ?`,
				at, lastPublished, lastID, size-1).Scan(&lastPublished, &lastID)
			if err != nil {
				return err
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("sitemap chunks: %w", err)
	}
	return out, nil
}
