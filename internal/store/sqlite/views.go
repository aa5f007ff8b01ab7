package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// AddViews adds hourly counts and all-time totals in one transaction.
// The SELECT ... WHERE EXISTS drops counts of articles deleted since they
// were counted, where a plain insert would fail the foreign key.
func (db *DB) AddViews(ctx context.Context, counts []masthead.ViewCount) error {
	if len(counts) == 0 {
		return nil
	}
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		hourly, err := tx.PrepareContext(ctx, `
			INSERT INTO article_views (article_id, hour, views)
			SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
			ON CONFLICT (article_id, hour) DO UPDATE SET views = views + excluded.views`)
		if err != nil {
			return err
		}
		defer hourly.Close()
		total, err := tx.PrepareContext(ctx, `
			INSERT INTO article_view_totals (article_id, views)
			SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
			ON CONFLICT (article_id) DO UPDATE SET views = views + excluded.views`)
		if err != nil {
			return err
		}
		defer total.Close()
		for _, c := range counts {
			if c.Views <= 0 {
				continue
			}
			if _, err := hourly.ExecContext(ctx, c.ArticleID, unixHour(c.Hour), c.Views); err != nil {
				return err
			}
			if _, err := total.ExecContext(ctx, c.ArticleID, c.Views); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add views: %w", err)
	}
	return nil
}

// MostRead sums the hourly counts since `since` per article, over the
// article_views_hour index, and joins the visible articles among them.
func (db *DB) MostRead(ctx context.Context, since, visibleAt time.Time, limit int) ([]*masthead.Article, error) {
	limit, _ = store.PageBounds(limit, 0)
	articles, err := db.listByQuery(ctx, `
		SELECT `+listColumns+`
		FROM (
			SELECT article_id AS id, SUM(views) AS n FROM article_views
			WHERE hour >= ? GROUP BY article_id
		) p
		JOIN articles a ON a.id = p.id `+articleJoins+`
		WHERE +a.status = 'published' AND +a.published_at <= ?
		ORDER BY p.n DESC, a.published_at DESC, a.id DESC
		LIMIT ?`,
		unixHour(since), millis(visibleAt), limit)
	if err != nil {
		return nil, fmt.Errorf("most read: %w", err)
	}
	return articles, nil
}

// listByQuery runs a query selecting listColumns and scans the articles.
func (db *DB) listByQuery(ctx context.Context, query string, args ...any) ([]*masthead.Article, error) {
	var articles []*masthead.Article
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			articles = append(articles, a)
		}
		return rows.Err()
	})
	return articles, err
}

// unixHour is the hour t falls in, counted from the Unix epoch; a view at
// 10:59 and one at 10:00 share an hour.
func unixHour(t time.Time) int64 { return t.Unix() / 3600 }

// DailyActivity sums hourly views and counts comments per UTC day.
func (db *DB) DailyActivity(ctx context.Context, from, to time.Time) ([]masthead.DayActivity, error) {
	first := from.UTC().Truncate(24 * time.Hour)
	last := to.UTC().Truncate(24 * time.Hour)
	if last.Before(first) {
		return nil, nil
	}
	days := map[int64]*masthead.DayActivity{}
	var out []masthead.DayActivity
	for d := first; !d.After(last); d = d.Add(24 * time.Hour) {
		out = append(out, masthead.DayActivity{Day: d})
	}
	for i := range out {
		days[out[i].Day.Unix()/86400] = &out[i]
	}
	end := last.Add(24 * time.Hour)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT hour / 24, SUM(views) FROM article_views
			WHERE hour >= ? AND hour < ? GROUP BY hour / 24`, unixHour(first), unixHour(end))
		if err != nil {
			return err
		}
		if err := scanDays(rows, days, func(d *masthead.DayActivity, n int64) { d.Views = n }); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `
			SELECT created_at / 86400000, COUNT(*) FROM comments
			WHERE created_at >= ? AND created_at < ? AND status <> 'spam'
			GROUP BY created_at / 86400000`, millis(first), millis(end))
		if err != nil {
			return err
		}
		return scanDays(rows, days, func(d *masthead.DayActivity, n int64) { d.Comments = n })
	})
	if err != nil {
		return nil, fmt.Errorf("daily activity: %w", err)
	}
	return out, nil
}

func scanDays(rows *sql.Rows, days map[int64]*masthead.DayActivity, set func(*masthead.DayActivity, int64)) error {
	defer rows.Close()
	for rows.Next() {
		var day, n int64
		if err := rows.Scan(&day, &n); err != nil {
			return err
		}
		if d := days[day]; d != nil {
			set(d, n)
		}
	}
	return rows.Err()
}
