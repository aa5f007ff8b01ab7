package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// AddViews adds hourly counts and all-time totals in one transaction of two
// statements, whatever the number of counts: each table takes them all at
// once as arrays. Counts of one article and hour are summed first (an
// upsert may not touch a row twice), rows are written in key order so that
// two instances flushing at once cannot deadlock, and the WHERE EXISTS drops
// counts of articles deleted since they were counted, where a plain insert
// would fail the foreign key.
func (db *DB) AddViews(ctx context.Context, counts []masthead.ViewCount) error {
	var ids, hours, views []int64
	for _, c := range counts {
		if c.Views > 0 {
			ids = append(ids, c.ArticleID)
			hours = append(hours, unixHour(c.Hour))
			views = append(views, c.Views)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO article_views (article_id, hour, views)
			SELECT v.id, v.hour, SUM(v.views)::bigint
			FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS v (id, hour, views)
			WHERE EXISTS (SELECT 1 FROM articles WHERE id = v.id)
			GROUP BY v.id, v.hour
			ORDER BY v.id, v.hour
			ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + EXCLUDED.views`,
			ids, hours, views)
		if err != nil {
			return fmt.Errorf("hourly: %w", err)
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO article_view_totals (article_id, views)
			SELECT v.id, SUM(v.views)::bigint
			FROM unnest($1::bigint[], $2::bigint[]) AS v (id, views)
			WHERE EXISTS (SELECT 1 FROM articles WHERE id = v.id)
			GROUP BY v.id
			ORDER BY v.id
			ON CONFLICT (article_id) DO UPDATE SET views = article_view_totals.views + EXCLUDED.views`,
			ids, views)
		if err != nil {
			return fmt.Errorf("totals: %w", err)
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
		SELECT `+untaggedColumns+`
		FROM (
			SELECT article_id AS id, SUM(views) AS n FROM article_views
			WHERE hour >= $1 GROUP BY article_id
		) p
		JOIN articles a ON a.id = p.id `+articleJoins+`
		WHERE a.status = 'published' AND a.published_at <= $2
		ORDER BY p.n DESC, a.published_at DESC, a.id DESC
		LIMIT $3`,
		unixHour(since), millis(visibleAt), limit)
	if err != nil {
		return nil, fmt.Errorf("most read: %w", err)
	}
	return articles, nil
}

// unixHour is the hour t falls in, counted from the Unix epoch; a view at
// 10:59 and one at 10:00 share an hour.
func unixHour(t time.Time) int64 { return t.Unix() / 3600 }

// DailyActivity sums hourly views and counts comments per UTC day, from one
// snapshot.
func (db *DB) DailyActivity(ctx context.Context, from, to time.Time) ([]masthead.DayActivity, error) {
	first := from.UTC().Truncate(24 * time.Hour)
	last := to.UTC().Truncate(24 * time.Hour)
	if last.Before(first) {
		return nil, nil
	}
	var out []masthead.DayActivity
	for d := first; !d.After(last); d = d.Add(24 * time.Hour) {
		out = append(out, masthead.DayActivity{Day: d})
	}
	days := make(map[int64]*masthead.DayActivity, len(out))
	for i := range out {
		days[out[i].Day.Unix()/86400] = &out[i]
	}
	end := last.Add(24 * time.Hour)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		// Integer division truncates toward zero in both databases, so days
		// before 1970 come out as they do in SQLite.
		rows, err := tx.QueryContext(ctx, `
			SELECT hour / 24, SUM(views)::bigint FROM article_views
			WHERE hour >= $1 AND hour < $2 GROUP BY hour / 24`, unixHour(first), unixHour(end))
		if err != nil {
			return err
		}
		if err := scanDays(rows, days, func(d *masthead.DayActivity, n int64) { d.Views = n }); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `
			SELECT created_at / 86400000, COUNT(*) FROM comments
			WHERE created_at >= $1 AND created_at < $2 AND status <> 'spam'
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
