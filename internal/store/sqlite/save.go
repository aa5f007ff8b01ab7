package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// Names are matched by slug; saving with a new display name renames the
// section, tag, author or source for every article that has it.
const (
	upsertSection = `INSERT INTO sections (slug, name) VALUES (?, ?)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id`
	upsertTag = `INSERT INTO tags (slug, name) VALUES (?, ?)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id`
	upsertAuthor = `INSERT INTO authors (slug, name) VALUES (?, ?)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id`
	// A source's homepage is set once: republished stories may link deep into
	// the outlet, and the first homepage given is the one an editor checked.
	upsertSource = `INSERT INTO sources (slug, name, homepage) VALUES (?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id, homepage`
)

// SaveArticle creates the article, or updates the one with the same slug, in
// one transaction. On success it fills in the IDs, CreatedAt and UpdatedAt,
// the homepage an existing source keeps, and drops repeated tags; on failure
// it leaves a untouched.
//
// Only SetCommentsClosed opens and closes comments: a new article's are
// open, an existing one's stay as they are, so that saving an article file
// again never reopens comments a moderator closed. a.CommentsClosed is set to
// what is stored.
func (db *DB) SaveArticle(ctx context.Context, a *masthead.Article) (created bool, err error) {
	if err := a.Validate(); err != nil {
		return false, err
	}
	var saved *savedArticle
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if saved, err = saveArticleTx(ctx, tx, a, bySlug, 0); err != nil {
			return err
		}
		return insertRevision(ctx, tx, saved.id, a, 0, saved.t)
	})
	if err != nil {
		return false, fmt.Errorf("save article %q: %w", a.Slug, err)
	}
	saved.fill(a)
	return saved.created, nil
}

// savedArticle is what saveArticleTx wrote, to fill into the article once
// the transaction commits.
type savedArticle struct {
	created                       bool
	t                             time.Time
	id                            int64
	createdAt                     time.Time
	sectionID, authorID, sourceID sql.NullInt64
	homepage                      string
	commentsClosed                bool
	tags                          []masthead.Tag
}

// articleKey says how saveArticleTx finds the article a save replaces.
type articleKey int

const (
	bySlug articleKey = iota // SaveArticle: the same slug updates
	byID                     // the editor: a.ID, or a new article when 0
)

// saveArticleTx is the work of saving an article inside a write
// transaction, for callers that write more in the same transaction. With
// byID, a slug taken by another article is ECONFLICT and an unknown ID
// ENOTFOUND; createdBy is stored on a new article (0 for none).
func saveArticleTx(ctx context.Context, tx *sql.Tx, a *masthead.Article, key articleKey, createdBy int64) (*savedArticle, error) {
	t := now()
	sv := &savedArticle{t: t, createdAt: t, tags: uniqueTags(a.Tags)}
	if s := a.Section; s != nil {
		if err := tx.QueryRowContext(ctx, upsertSection, s.Slug, s.Name).Scan(&sv.sectionID); err != nil {
			return nil, fmt.Errorf("section %q: %w", s.Slug, err)
		}
	}
	if au := a.Author; au != nil {
		if err := tx.QueryRowContext(ctx, upsertAuthor, au.Slug, au.Name).Scan(&sv.authorID); err != nil {
			return nil, fmt.Errorf("author %q: %w", au.Slug, err)
		}
	}
	if so := a.Source; so != nil {
		if err := tx.QueryRowContext(ctx, upsertSource, so.Slug, so.Name, so.Homepage).Scan(&sv.sourceID, &sv.homepage); err != nil {
			return nil, fmt.Errorf("source %q: %w", so.Slug, err)
		}
	}

	// The transaction holds the write lock, so nobody can take the slug
	// between these look-ups and the write that follows.
	var (
		createdMillis, updatedMillis int64
		err                          error
	)
	switch {
	case key == bySlug:
		err = tx.QueryRowContext(ctx, `SELECT id, created_at, comments_closed, updated_at FROM articles WHERE slug = ?`,
			a.Slug).Scan(&sv.id, &createdMillis, &sv.commentsClosed, &updatedMillis)
	case a.ID != 0:
		err = tx.QueryRowContext(ctx, `SELECT id, created_at, comments_closed, updated_at FROM articles WHERE id = ?`,
			a.ID).Scan(&sv.id, &createdMillis, &sv.commentsClosed, &updatedMillis)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, masthead.Errorf(masthead.ENOTFOUND, "article %d not found", a.ID)
		}
	default:
		err = sql.ErrNoRows
	}
	if key == byID {
		var other int64
		serr := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE slug = ? AND id <> ?`, a.Slug, a.ID).Scan(&other)
		if serr == nil {
			return nil, masthead.Errorf(masthead.ECONFLICT, "Another article has the slug %q.", a.Slug)
		} else if !errors.Is(serr, sql.ErrNoRows) {
			return nil, fmt.Errorf("look up slug: %w", serr)
		}
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		sv.created = true
		var by sql.NullInt64
		if createdBy != 0 {
			by = sql.NullInt64{Int64: createdBy, Valid: true}
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO articles (
				slug, title, standfirst, body, body_html,
				section_id, author_id, source_id, source_url, image_url,
				status, published_at, created_at, updated_at, created_by, image_id
			) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`,
			a.Slug, a.Title, a.Standfirst, a.Body, a.BodyHTML,
			sv.sectionID, sv.authorID, sv.sourceID, a.SourceURL, a.ImageURL,
			string(a.Status), millis(a.PublishedAt), millis(t), millis(t), by, imageID(a),
		).Scan(&sv.id)
		if err != nil {
			return nil, fmt.Errorf("insert: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("look up article: %w", err)
	default:
		sv.createdAt = fromMillis(createdMillis)
		// Every save moves updated_at forward, even two in one
		// millisecond: the editor detects conflicts by it.
		if millis(t) <= updatedMillis {
			t = fromMillis(updatedMillis + 1)
			sv.t = t
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE articles SET
				slug = ?, title = ?, standfirst = ?, body = ?, body_html = ?,
				section_id = ?, author_id = ?, source_id = ?, source_url = ?, image_url = ?,
				status = ?, published_at = ?, updated_at = ?
			WHERE id = ?`,
			a.Slug, a.Title, a.Standfirst, a.Body, a.BodyHTML,
			sv.sectionID, sv.authorID, sv.sourceID, a.SourceURL, a.ImageURL,
			string(a.Status), millis(a.PublishedAt), millis(t),
			sv.id,
		)
		if err != nil {
			return nil, fmt.Errorf("update: %w", err)
		}
		// The editor sets the lead image; an article file or an import,
		// which know of none, leave the one an editor chose.
		if key == byID || a.Image != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET image_id = ? WHERE id = ?`, imageID(a), sv.id); err != nil {
				return nil, fmt.Errorf("image: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE article_id = ?`, sv.id); err != nil {
			return nil, fmt.Errorf("clear tags: %w", err)
		}
	}

	for i := range sv.tags {
		tag := &sv.tags[i]
		if err := tx.QueryRowContext(ctx, upsertTag, tag.Slug, tag.Name).Scan(&tag.ID); err != nil {
			return nil, fmt.Errorf("tag %q: %w", tag.Slug, err)
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)`, sv.id, tag.ID, i)
		if err != nil {
			return nil, fmt.Errorf("tag %q: %w", tag.Slug, err)
		}
	}
	return sv, nil
}

// fill sets the article's IDs and times as saved.
func (sv *savedArticle) fill(a *masthead.Article) {
	a.ID = sv.id
	a.CreatedAt = sv.createdAt
	a.UpdatedAt = sv.t
	a.CommentsClosed = sv.commentsClosed
	if a.Section != nil {
		a.Section.ID = sv.sectionID.Int64
	}
	if a.Author != nil {
		a.Author.ID = sv.authorID.Int64
	}
	if a.Source != nil {
		a.Source.ID = sv.sourceID.Int64
		a.Source.Homepage = sv.homepage
	}
	if a.Tags != nil {
		a.Tags = sv.tags
	}
}

// uniqueTags returns a copy of tags without repeated slugs, first one kept,
// as an article carries each tag once.
func uniqueTags(tags []masthead.Tag) []masthead.Tag {
	seen := make(map[string]bool, len(tags))
	out := make([]masthead.Tag, 0, len(tags))
	for _, t := range tags {
		if !seen[t.Slug] {
			seen[t.Slug] = true
			out = append(out, t)
		}
	}
	return out
}

// imageID is the article's lead image ID for its column, NULL for none.
func imageID(a *masthead.Article) sql.NullInt64 {
	if a.Image == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: a.Image.ID, Valid: true}
}

// DeleteArticle deletes the article; foreign keys cascade to its tags,
// comments, views, revisions, fingerprint and reports, and the triggers
// drop it from the search index and bump the change version.
func (db *DB) DeleteArticle(ctx context.Context, id int64) error {
	var n int64
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE imported_items SET article_id = NULL WHERE article_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "No article has the ID %d.", id)
	}
	return nil
}
