package sqlite

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
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		so := &c.Source
		err := tx.QueryRowContext(ctx, `
			INSERT INTO sources (slug, name, homepage, canonical_original) VALUES (?, ?, ?, ?)
			ON CONFLICT (slug) DO UPDATE SET name = excluded.name, homepage = excluded.homepage,
				canonical_original = excluded.canonical_original
			RETURNING id`, so.Slug, so.Name, so.Homepage, so.CanonicalToOriginal).Scan(&so.ID)
		if err != nil {
			return fmt.Errorf("source: %w", err)
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO source_configs (source_id, interval_seconds, mode, section, tags,
				include_words, exclude_words, full_text, selector)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (source_id) DO UPDATE SET
				interval_seconds = excluded.interval_seconds, mode = excluded.mode,
				section = excluded.section, tags = excluded.tags,
				include_words = excluded.include_words, exclude_words = excluded.exclude_words,
				full_text = excluded.full_text, selector = excluded.selector`,
			so.ID, int64(c.Interval/time.Second), string(c.Mode), c.Section, joinLines(c.Tags),
			joinLines(c.Include), joinLines(c.Exclude), c.FullText, c.Selector)
		if err != nil {
			return fmt.Errorf("settings: %w", err)
		}
		urls := make([]any, 0, len(c.Feeds)+1)
		urls = append(urls, so.ID)
		for i := range c.Feeds {
			f := &c.Feeds[i]
			urls = append(urls, f.URL)
			// A kept feed keeps its state; the RETURNING reads it back.
			err := tx.QueryRowContext(ctx, `
				INSERT INTO source_feeds (source_id, url) VALUES (?, ?)
				ON CONFLICT (source_id, url) DO UPDATE SET url = excluded.url
				RETURNING `+sourceFeedColumns, so.ID, f.URL).Scan(feedDest(f)...)
			if err != nil {
				return fmt.Errorf("feed %q: %w", f.URL, err)
			}
			f.LastPolled, f.NextPoll, f.LastErrorAt = f.LastPolled.UTC(), f.NextPoll.UTC(), f.LastErrorAt.UTC()
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM source_feeds WHERE source_id = ? AND url NOT IN (?`+
			strings.Repeat(`, ?`, len(c.Feeds)-1)+`)`, urls...)
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

// millisTime scans Unix milliseconds, 0 being the zero time.
type millisTime time.Time

func (m *millisTime) Scan(v any) error {
	ms, ok := v.(int64)
	if !ok {
		return fmt.Errorf("time: got %T, want int64", v)
	}
	if ms == 0 {
		*m = millisTime{}
	} else {
		*m = millisTime(fromMillis(ms))
	}
	return nil
}

// zeroMillis stores the zero time as 0.
func zeroMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return millis(t)
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
	list, err := db.sourceConfigs(ctx, `WHERE so.slug = ?`, slug)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "source %q is not followed", slug)
	}
	return list[0], nil
}

// SourceConfigs returns every followed source, by name.
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
			ORDER BY so.name, so.id`, args...)
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
		feeds, err := tx.QueryContext(ctx, `SELECT source_id, `+sourceFeedColumns+` FROM source_feeds ORDER BY id`)
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
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		id := `(SELECT id FROM sources WHERE slug = ?)`
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

// SaveFeedState stores a feed's polling state.
func (db *DB) SaveFeedState(ctx context.Context, f *masthead.Feed) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			UPDATE source_feeds SET etag = ?, last_modified = ?, last_polled = ?, next_poll = ?,
				failures = ?, last_error = ?, last_error_at = ?, imported = ?
			WHERE id = ?`,
			f.ETag, f.LastModified, zeroMillis(f.LastPolled), zeroMillis(f.NextPoll),
			f.Failures, f.LastError, zeroMillis(f.LastErrorAt), f.Imported, f.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("save feed %d: %w", f.ID, err)
	}
	return nil
}

// ItemImported looks the URL up among imported items.
func (db *DB) ItemImported(ctx context.Context, url string) (bool, error) {
	var one int
	err := db.read.QueryRowContext(ctx, `SELECT 1 FROM imported_items WHERE url = ?`, url).Scan(&one)
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
		b[i] = int64(fp >> (8 * i) & 0xff)
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
	rows, err := db.read.QueryContext(ctx, `
		SELECT article_id, fingerprint FROM article_fingerprints
		WHERE b0 = ? OR b1 = ? OR b2 = ? OR b3 = ? OR b4 = ? OR b5 = ? OR b6 = ? OR b7 = ?
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
			return nil, err
		}
		c.Fingerprint = uint64(fp)
		out = append(out, c)
	}
	return out, rows.Err()
}

// ImportArticle saves the article and records the item, all or nothing.
func (db *DB) ImportArticle(ctx context.Context, a *masthead.Article, item masthead.ImportedItem) error {
	if err := a.Validate(); err != nil {
		return err
	}
	var saved *savedArticle
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		var taken int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE slug = ?`, a.Slug).Scan(&taken)
		if err == nil {
			return masthead.Errorf(masthead.ECONFLICT, "slug %q is taken", a.Slug)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if saved, err = saveArticleTx(ctx, tx, a, bySlug, 0); err != nil {
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
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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

// recordItem marks the URL imported, or returns ECONFLICT if it was.
func recordItem(ctx context.Context, tx *sql.Tx, url string, articleID int64) error {
	res, err := tx.ExecContext(ctx, `
		INSERT INTO imported_items (url, article_id, created_at) VALUES (?, ?, ?)
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
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if err := recordItem(ctx, tx, item.URL, articleID); err != nil || r == nil {
			return err
		}
		so := &r.Source
		err := tx.QueryRowContext(ctx, `
			INSERT INTO sources (slug, name, homepage) VALUES (?, ?, ?)
			ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id`,
			so.Slug, so.Name, so.Homepage).Scan(&so.ID)
		if err != nil {
			return fmt.Errorf("source: %w", err)
		}
		if r.SeenAt.IsZero() {
			r.SeenAt = now()
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO article_reports (article_id, source_id, url, title, seen_at) VALUES (?, ?, ?, ?, ?)`,
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
	rows, err := db.read.QueryContext(ctx, `
		SELECT so.id, so.slug, so.name, so.homepage, r.url, r.title, r.seen_at
		FROM article_reports r JOIN sources so ON so.id = r.source_id
		WHERE r.article_id = ? ORDER BY r.seen_at, r.id`, articleID)
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
			return nil, err
		}
		r.SeenAt = fromMillis(seen)
		out = append(out, r)
	}
	return out, rows.Err()
}
