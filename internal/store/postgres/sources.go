package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
)

// SaveSourceConfig upserts the source, its settings and its feeds in one
// transaction.
func (db *DB) SaveSourceConfig(ctx context.Context, c *masthead.SourceConfig) error {
	if err := c.Validate(); err != nil {
		return err
	}
	for _, list := range [][]string{c.Tags, c.Include, c.Exclude} {
		for _, s := range list {
			if strings.ContainsAny(s, "\r\n") {
				return masthead.Errorf(masthead.EINVALID, "%q: a tag or keyword cannot hold a line break", s)
			}
		}
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		so := &c.Source
		err := tx.QueryRowContext(ctx, `
			INSERT INTO sources (slug, name, homepage, canonical_original) VALUES ($1, $2, $3, $4)
			ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, homepage = EXCLUDED.homepage,
				canonical_original = EXCLUDED.canonical_original
			RETURNING id`, so.Slug, so.Name, so.Homepage, so.CanonicalToOriginal).Scan(&so.ID)
		if err != nil {
			return fmt.Errorf("source: %w", err)
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO source_configs (source_id, interval_seconds, mode, section, tags,
				include_words, exclude_words, full_text, selector)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (source_id) DO UPDATE SET
				interval_seconds = EXCLUDED.interval_seconds, mode = EXCLUDED.mode,
				section = EXCLUDED.section, tags = EXCLUDED.tags,
				include_words = EXCLUDED.include_words, exclude_words = EXCLUDED.exclude_words,
				full_text = EXCLUDED.full_text, selector = EXCLUDED.selector`,
			so.ID, int64(c.Interval/time.Second), string(c.Mode), c.Section, joinLines(c.Tags),
			joinLines(c.Include), joinLines(c.Exclude), c.FullText, c.Selector)
		if err != nil {
			return fmt.Errorf("settings: %w", err)
		}
		urls := make([]string, 0, len(c.Feeds))
		for i := range c.Feeds {
			f := &c.Feeds[i]
			urls = append(urls, f.URL)
			// A kept feed keeps its state; the RETURNING reads it back. The
			// no-op SET makes the row come back when it exists.
			err := tx.QueryRowContext(ctx, `
				INSERT INTO source_feeds (source_id, url) VALUES ($1, $2)
				ON CONFLICT (source_id, url) DO UPDATE SET url = EXCLUDED.url
				RETURNING `+sourceFeedColumns, so.ID, f.URL).Scan(feedDest(f)...)
			if err != nil {
				return fmt.Errorf("feed %q: %w", f.URL, err)
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM source_feeds WHERE source_id = $1 AND url <> ALL ($2::text[])`, so.ID, urls)
		return err
	})
	if err != nil {
		return fmt.Errorf("save source %q: %w", c.Source.Slug, err)
	}
	return nil
}

const sourceFeedColumns = `id, url, etag, last_modified, last_polled, next_poll, failures, last_error, last_error_at, imported`

// feedDest scans sourceFeedColumns into f, with times through millisTime.
func feedDest(f *masthead.Feed) []any {
	return []any{&f.ID, &f.URL, &f.ETag, &f.LastModified, (*millisTime)(&f.LastPolled), (*millisTime)(&f.NextPoll),
		&f.Failures, &f.LastError, (*millisTime)(&f.LastErrorAt), &f.Imported}
}

func joinLines(list []string) string { return strings.Join(list, "\n") }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// SourceConfig returns a followed source.
func (db *DB) SourceConfig(ctx context.Context, slug string) (*masthead.SourceConfig, error) {
	list, err := db.sourceConfigs(ctx, `WHERE so.slug = $1`, slug)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "source %q is not followed", slug)
	}
	return list[0], nil
}

// SourceConfigs returns every followed source, by name (compared as bytes,
// as SQLite compares them).
func (db *DB) SourceConfigs(ctx context.Context) ([]*masthead.SourceConfig, error) {
	return db.sourceConfigs(ctx, ``)
}

func (db *DB) sourceConfigs(ctx context.Context, where string, args ...any) ([]*masthead.SourceConfig, error) {
	var list []*masthead.SourceConfig
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT so.id, so.slug, so.name, so.homepage, so.canonical_original,
				c.interval_seconds, c.mode, c.section, c.tags, c.include_words, c.exclude_words,
				c.full_text, c.selector
			FROM source_configs c JOIN sources so ON so.id = c.source_id `+where+`
			ORDER BY so.name COLLATE "C", so.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		byID := map[int64]*masthead.SourceConfig{}
		for rows.Next() {
			var (
				c                      masthead.SourceConfig
				seconds                int64
				mode, tags, incl, excl string
			)
			err := rows.Scan(&c.Source.ID, &c.Source.Slug, &c.Source.Name, &c.Source.Homepage, &c.Source.CanonicalToOriginal,
				&seconds, &mode, &c.Section, &tags, &incl, &excl, &c.FullText, &c.Selector)
			if err != nil {
				return err
			}
			c.Interval, c.Mode = time.Duration(seconds)*time.Second, masthead.ImportMode(mode)
			c.Tags, c.Include, c.Exclude = splitLines(tags), splitLines(incl), splitLines(excl)
			list = append(list, &c)
			byID[c.Source.ID] = &c
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(list) == 0 {
			return nil
		}
		ids := make([]int64, 0, len(list))
		for _, c := range list {
			ids = append(ids, c.Source.ID)
		}
		feeds, err := tx.QueryContext(ctx, `
			SELECT source_id, `+sourceFeedColumns+` FROM source_feeds
			WHERE source_id = ANY ($1::bigint[]) ORDER BY id`, ids)
		if err != nil {
			return err
		}
		defer feeds.Close()
		for feeds.Next() {
			var (
				sourceID int64
				f        masthead.Feed
			)
			if err := feeds.Scan(append([]any{&sourceID}, feedDest(&f)...)...); err != nil {
				return err
			}
			if c := byID[sourceID]; c != nil {
				c.Feeds = append(c.Feeds, f)
			}
		}
		return feeds.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return list, nil
}

// RemoveSourceConfig deletes the settings and feeds; the source row stays,
// as articles name it.
func (db *DB) RemoveSourceConfig(ctx context.Context, slug string) error {
	var n int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		id := `(SELECT id FROM sources WHERE slug = $1)`
		res, err := tx.ExecContext(ctx, `DELETE FROM source_configs WHERE source_id = `+id, slug)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM source_feeds WHERE source_id = `+id, slug)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove source %q: %w", slug, err)
	}
	if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "source %q is not followed", slug)
	}
	return nil
}

// SaveFeedState stores a feed's polling state. No trigger watches feeds, so
// ChangeVersion stays as it is.
func (db *DB) SaveFeedState(ctx context.Context, f *masthead.Feed) error {
	return db.exec(ctx, fmt.Sprintf("save feed %d", f.ID), `
		UPDATE source_feeds SET etag = $1, last_modified = $2, last_polled = $3, next_poll = $4,
			failures = $5, last_error = $6, last_error_at = $7, imported = $8
		WHERE id = $9`,
		f.ETag, f.LastModified, zeroMillis(f.LastPolled), zeroMillis(f.NextPoll),
		f.Failures, f.LastError, zeroMillis(f.LastErrorAt), f.Imported, f.ID)
}

// ItemImported looks the URL up among imported items.
func (db *DB) ItemImported(ctx context.Context, url string) (bool, error) {
	var one int
	err := db.db.QueryRowContext(ctx, `SELECT 1 FROM imported_items WHERE url = $1`, url).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("imported item: %w", err)
	}
	return true, nil
}

// bytesOf splits a fingerprint into its eight bytes, as columns b0 to b7.
func bytesOf(fp uint64) []any {
	b := make([]any, 8)
	for i := range b {
		b[i] = int16(fp >> (8 * i) & 0xff)
	}
	return b
}

// FingerprintCandidates looks each byte up in its index. A byte matches
// about one fingerprint in 256, so the candidates are a few percent of the
// imported articles, read as two integers each.
func (db *DB) FingerprintCandidates(ctx context.Context, fp uint64) ([]masthead.ImportedArticle, error) {
	if fp == 0 {
		return nil, nil
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT article_id, fingerprint FROM article_fingerprints
		WHERE b0 = $1 OR b1 = $2 OR b2 = $3 OR b3 = $4 OR b4 = $5 OR b5 = $6 OR b6 = $7 OR b7 = $8
		ORDER BY article_id`, bytesOf(fp)...)
	if err != nil {
		return nil, fmt.Errorf("fingerprint candidates: %w", err)
	}
	defer rows.Close()
	var out []masthead.ImportedArticle
	for rows.Next() {
		var (
			c  masthead.ImportedArticle
			fp int64
		)
		if err := rows.Scan(&c.ArticleID, &fp); err != nil {
			return nil, fmt.Errorf("fingerprint candidates: %w", err)
		}
		c.Fingerprint = uint64(fp)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fingerprint candidates: %w", err)
	}
	return out, nil
}

// ImportArticle saves the article and records the item, all or nothing. A
// slug taken by an article saved, or being saved, by anyone else is
// ECONFLICT, never an update.
func (db *DB) ImportArticle(ctx context.Context, a *masthead.Article, item masthead.ImportedItem) error {
	if err := a.Validate(); err != nil {
		return err
	}
	var saved *savedArticle
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if saved, err = saveArticleTx(ctx, tx, a, saveMode{key: newSlug}); err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, saved.id, a, 0, saved.t); err != nil {
			return err
		}
		if err := recordItem(ctx, tx, item.URL, saved.id); err != nil {
			return err
		}
		if item.Fingerprint != 0 {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO article_fingerprints (article_id, fingerprint, b0, b1, b2, b3, b4, b5, b6, b7)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				append([]any{saved.id, int64(item.Fingerprint)}, bytesOf(item.Fingerprint)...)...)
			if err != nil {
				return fmt.Errorf("fingerprint: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import %q: %w", item.URL, err)
	}
	saved.fill(a)
	return nil
}

// recordItem marks the URL imported, or returns ECONFLICT if it was. The
// insert waits for a transaction recording the same URL, so two instances
// importing one item at once save it once.
func recordItem(ctx context.Context, tx *sql.Tx, url string, articleID int64) error {
	res, err := tx.ExecContext(ctx, `
		INSERT INTO imported_items (url, article_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (url) DO NOTHING`, url, articleID, millis(now()))
	if err != nil {
		return fmt.Errorf("record item: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ECONFLICT, "item %q was already imported", url)
	}
	return nil
}

// AddReport records another outlet's copy of an article.
func (db *DB) AddReport(ctx context.Context, articleID int64, r *masthead.Report, item masthead.ImportedItem) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := recordItem(ctx, tx, item.URL, articleID); err != nil || r == nil {
			return err
		}
		so := &r.Source
		id, _, err := upsertSource(ctx, tx, so)
		if err != nil {
			return fmt.Errorf("source: %w", err)
		}
		so.ID = id
		if r.SeenAt.IsZero() {
			r.SeenAt = now()
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO article_reports (article_id, source_id, url, title, seen_at) VALUES ($1, $2, $3, $4, $5)`,
			articleID, so.ID, r.URL, r.Title, millis(r.SeenAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("report on article %d: %w", articleID, err)
	}
	return nil
}

// Reports returns an article's reports, oldest first.
func (db *DB) Reports(ctx context.Context, articleID int64) ([]masthead.Report, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT so.id, so.slug, so.name, so.homepage, r.url, r.title, r.seen_at
		FROM article_reports r JOIN sources so ON so.id = r.source_id
		WHERE r.article_id = $1 ORDER BY r.seen_at, r.id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("reports of %d: %w", articleID, err)
	}
	defer rows.Close()
	var out []masthead.Report
	for rows.Next() {
		var (
			r    masthead.Report
			seen int64
		)
		if err := rows.Scan(&r.Source.ID, &r.Source.Slug, &r.Source.Name, &r.Source.Homepage, &r.URL, &r.Title, &seen); err != nil {
			return nil, fmt.Errorf("reports of %d: %w", articleID, err)
		}
		r.SeenAt = fromMillis(seen)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reports of %d: %w", articleID, err)
	}
	return out, nil
}
