package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/masthead-news/masthead"
)

// SaveArticle creates the article, or updates the one with the same slug, in
// one transaction, and keeps a revision of it. On success it fills in the
// IDs, CreatedAt and UpdatedAt, the homepage an existing source keeps, and
// drops repeated tags; on failure it leaves a untouched.
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
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if saved, err = saveArticleTx(ctx, tx, a, saveMode{key: bySlug}); err != nil {
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
	bySlug  articleKey = iota // SaveArticle: the same slug updates
	byID                      // the editor: a.ID, or a new article when 0
	newSlug                   // imports: always a new article
)

// saveMode is how saveArticleTx saves.
type saveMode struct {
	key articleKey
	// createdBy is stored on a new article (0 for none).
	createdBy int64
	// base, with byID and a.ID set, is the UpdatedAt the editor opened:
	// the save is ECONFLICT if the article was saved since.
	base time.Time
}

// saveArticleTx is the work of saving an article inside a transaction, for
// callers that write more in the same transaction. With byID, a slug taken
// by another article is ECONFLICT, and an unknown ID ENOTFOUND; with
// newSlug, a slug taken is ECONFLICT.
//
// SQLite's single writer makes "look the slug up, then insert or update"
// safe; here two transactions may save one slug at once, so the article row
// is locked when it exists, an insert that loses the race for a slug to
// another transaction falls back to updating what that one committed (or
// is ECONFLICT when it may not), and a rename onto a slug taken meanwhile
// fails on the unique index, which is ECONFLICT too.
//
// Locks are taken in one order by every save (section, author, source, the
// article, then tags by slug), and names are written only when they change,
// so that saves sharing a tag neither wait on each other for it nor deadlock.
func saveArticleTx(ctx context.Context, tx *sql.Tx, a *masthead.Article, mode saveMode) (*savedArticle, error) {
	t := now()
	sv := &savedArticle{t: t, createdAt: t, tags: uniqueTags(a.Tags)}
	if s := a.Section; s != nil {
		id, err := upsertNamed(ctx, tx, "sections", s.Slug, s.Name)
		if err != nil {
			return nil, fmt.Errorf("section %q: %w", s.Slug, err)
		}
		sv.sectionID = sql.NullInt64{Int64: id, Valid: true}
	}
	if au := a.Author; au != nil {
		id, err := upsertNamed(ctx, tx, "authors", au.Slug, au.Name)
		if err != nil {
			return nil, fmt.Errorf("author %q: %w", au.Slug, err)
		}
		sv.authorID = sql.NullInt64{Int64: id, Valid: true}
	}
	if so := a.Source; so != nil {
		id, homepage, err := upsertSource(ctx, tx, so)
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", so.Slug, err)
		}
		sv.sourceID, sv.homepage = sql.NullInt64{Int64: id, Valid: true}, homepage
	}

	if err := writeArticleRow(ctx, tx, a, sv, mode); err != nil {
		return nil, err
	}

	// Tags are created or renamed in slug order; their positions keep the
	// writer's order.
	byslug := make([]*masthead.Tag, len(sv.tags))
	for i := range sv.tags {
		byslug[i] = &sv.tags[i]
	}
	slices.SortFunc(byslug, func(x, y *masthead.Tag) int { return cmp.Compare(x.Slug, y.Slug) })
	for _, tag := range byslug {
		var err error
		if tag.ID, err = upsertNamed(ctx, tx, "tags", tag.Slug, tag.Name); err != nil {
			return nil, fmt.Errorf("tag %q: %w", tag.Slug, err)
		}
	}
	ids := make([]int64, len(sv.tags))
	for i, tag := range sv.tags {
		ids[i] = tag.ID
	}
	// Only the tags that changed are written: a re-save with the same tags
	// touches no row, so it neither reindexes the article nor waits on
	// anything.
	if !sv.created {
		_, err := tx.ExecContext(ctx, `
			DELETE FROM article_tags WHERE article_id = $1 AND tag_id <> ALL ($2::bigint[])`, sv.id, ids)
		if err != nil {
			return nil, fmt.Errorf("drop tags: %w", err)
		}
	}
	if len(ids) > 0 {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO article_tags (article_id, tag_id, position)
			SELECT $1, t.id, t.n - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS t (id, n)
			ON CONFLICT (article_id, tag_id) DO UPDATE SET position = EXCLUDED.position
			WHERE article_tags.position <> EXCLUDED.position`, sv.id, ids)
		if err != nil {
			return nil, fmt.Errorf("tags: %w", err)
		}
	}
	return sv, nil
}

// writeArticleRow inserts or updates the article row as mode says, and
// records in sv whether it was created, its ID, creation time and
// comments_closed.
func writeArticleRow(ctx context.Context, tx *sql.Tx, a *masthead.Article, sv *savedArticle, mode saveMode) error {
	if mode.key == byID && a.ID != 0 {
		return updateArticleByID(ctx, tx, a, sv, mode.base)
	}
	for range 2 {
		if mode.key == bySlug {
			var createdMillis int64
			err := tx.QueryRowContext(ctx, `SELECT id, created_at, comments_closed FROM articles WHERE slug = $1 FOR UPDATE`,
				a.Slug).Scan(&sv.id, &createdMillis, &sv.commentsClosed)
			if err == nil {
				sv.createdAt = fromMillis(createdMillis)
				return updateArticleRow(ctx, tx, a, sv, a.Image != nil)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("look up slug: %w", err)
			}
		}

		// ON CONFLICT DO NOTHING waits for a transaction inserting the same
		// slug; if that one commits, nothing is inserted here.
		var by sql.NullInt64
		if mode.createdBy != 0 {
			by = sql.NullInt64{Int64: mode.createdBy, Valid: true}
		}
		err := tx.QueryRowContext(ctx, `
			INSERT INTO articles (
				slug, title, standfirst, body, body_html,
				section_id, author_id, source_id, source_url, image_url,
				status, published_at, created_at, updated_at, created_by, image_id
			) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15)
			ON CONFLICT (slug) DO NOTHING
			RETURNING id`,
			a.Slug, a.Title, a.Standfirst, a.Body, a.BodyHTML,
			sv.sectionID, sv.authorID, sv.sourceID, a.SourceURL, a.ImageURL,
			string(a.Status), millis(a.PublishedAt), millis(sv.t), by, imageID(a),
		).Scan(&sv.id)
		switch {
		case err == nil:
			sv.created, sv.commentsClosed = true, false
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("insert: %w", err)
		case mode.key != bySlug:
			return slugTaken(a.Slug)
		}
		// Another transaction created the slug meanwhile: update that.
	}
	return fmt.Errorf("slug %q: saved by another transaction and gone again", a.Slug)
}

// updateArticleByID updates the editor's article, if nobody saved it after
// base.
func updateArticleByID(ctx context.Context, tx *sql.Tx, a *masthead.Article, sv *savedArticle, base time.Time) error {
	var createdMillis, updatedMillis int64
	err := tx.QueryRowContext(ctx, `
		SELECT created_at, updated_at, comments_closed FROM articles WHERE id = $1 FOR UPDATE`,
		a.ID).Scan(&createdMillis, &updatedMillis, &sv.commentsClosed)
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "article %d not found", a.ID)
	} else if err != nil {
		return fmt.Errorf("look up article: %w", err)
	}
	if updatedMillis != millis(base) {
		return masthead.Errorf(masthead.ECONFLICT,
			"Someone saved this article at %s, after you opened it.", fromMillis(updatedMillis).Format("15:04:05 on 2 Jan"))
	}
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE slug = $1 AND id <> $2`, a.Slug, a.ID).Scan(new(int))
	if err == nil {
		return slugTaken(a.Slug)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("look up slug: %w", err)
	}
	sv.id, sv.createdAt = a.ID, fromMillis(createdMillis)
	return updateArticleRow(ctx, tx, a, sv, true)
}

func slugTaken(slug string) error {
	return masthead.Errorf(masthead.ECONFLICT, "Another article has the slug %q.", slug)
}

// updateArticleRow writes the article's fields, slug included, over row
// sv.id, and its lead image with setImage. The editor sets the image; an
// article file or an import, which know of none, leave the one an editor
// chose. A slug another transaction took since it was checked fails the
// unique index: ECONFLICT.
func updateArticleRow(ctx context.Context, tx *sql.Tx, a *masthead.Article, sv *savedArticle, setImage bool) error {
	// Every save moves updated_at forward, even two in one millisecond:
	// the editor detects conflicts by it.
	var updated int64
	err := tx.QueryRowContext(ctx, `
		UPDATE articles SET
			slug = $1, title = $2, standfirst = $3, body = $4, body_html = $5,
			section_id = $6, author_id = $7, source_id = $8, source_url = $9, image_url = $10,
			status = $11, published_at = $12, updated_at = GREATEST($13, updated_at + 1),
			image_id = CASE WHEN $15 THEN $16 ELSE image_id END
		WHERE id = $14
		RETURNING updated_at`,
		a.Slug, a.Title, a.Standfirst, a.Body, a.BodyHTML,
		sv.sectionID, sv.authorID, sv.sourceID, a.SourceURL, a.ImageURL,
		string(a.Status), millis(a.PublishedAt), millis(sv.t),
		sv.id, setImage, imageID(a),
	).Scan(&updated)
	if err == nil {
		sv.t = fromMillis(updated)
	}
	if isUniqueViolation(err) {
		return slugTaken(a.Slug)
	} else if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return nil
}

// upsertNamed returns the ID of the row of table (sections, tags or authors)
// with the slug, creating it, or renaming it when name differs. A row whose
// name is unchanged is only read, never locked: many saves share a section
// or a tag.
func upsertNamed(ctx context.Context, tx *sql.Tx, table, slug, name string) (int64, error) {
	for range 2 {
		var (
			id  int64
			old string
		)
		err := tx.QueryRowContext(ctx, `SELECT id, name FROM `+table+` WHERE slug = $1`, slug).Scan(&id, &old)
		switch {
		case err == nil && old == name:
			return id, nil
		case err == nil:
			_, err := tx.ExecContext(ctx, `UPDATE `+table+` SET name = $1 WHERE id = $2`, name, id)
			return id, err
		case !errors.Is(err, sql.ErrNoRows):
			return 0, err
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO `+table+` (slug, name) VALUES ($1, $2)
			ON CONFLICT (slug) DO NOTHING RETURNING id`, slug, name).Scan(&id)
		if !errors.Is(err, sql.ErrNoRows) {
			return id, err
		}
		// Another transaction created it meanwhile: read it again.
	}
	return 0, fmt.Errorf("%s %q: created by another transaction and gone again", table, slug)
}

// upsertSource is upsertNamed for sources, which also keep a homepage: it is
// set once, as republished stories may link deep into the outlet, and the
// first homepage given is the one an editor checked. It returns the stored
// homepage.
func upsertSource(ctx context.Context, tx *sql.Tx, so *masthead.Source) (id int64, homepage string, err error) {
	for range 2 {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT id, name, homepage FROM sources WHERE slug = $1`, so.Slug).
			Scan(&id, &old, &homepage)
		switch {
		case err == nil && old == so.Name:
			return id, homepage, nil
		case err == nil:
			_, err := tx.ExecContext(ctx, `UPDATE sources SET name = $1 WHERE id = $2`, so.Name, id)
			return id, homepage, err
		case !errors.Is(err, sql.ErrNoRows):
			return 0, "", err
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO sources (slug, name, homepage) VALUES ($1, $2, $3)
			ON CONFLICT (slug) DO NOTHING RETURNING id, homepage`, so.Slug, so.Name, so.Homepage).Scan(&id, &homepage)
		if !errors.Is(err, sql.ErrNoRows) {
			return id, homepage, err
		}
	}
	return 0, "", fmt.Errorf("source %q: created by another transaction and gone again", so.Slug)
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

// DeleteArticle removes an article for good. One statement does it: its
// tags, comments, views, revisions, reports, fingerprint and search document
// go by ON DELETE CASCADE, and its imported items stay imported, pointing at
// no article (ON DELETE SET NULL), so that a deleted import is not imported
// again. Triggers change ChangeVersion.
func (db *DB) DeleteArticle(ctx context.Context, id int64) error {
	res, err := db.db.ExecContext(ctx, `DELETE FROM articles WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "No article has the ID %d.", id)
	}
	return nil
}
