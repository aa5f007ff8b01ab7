package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// insertRevision keeps the article as just saved, by user `by` (0 for none).
func insertRevision(ctx context.Context, tx *sql.Tx, articleID int64, a *masthead.Article, by int64, at time.Time) error {
	data, err := store.EncodeRevision(a)
	if err != nil {
		return fmt.Errorf("revision: %w", err)
	}
	var user sql.NullInt64
	if by != 0 {
		user = sql.NullInt64{Int64: by, Valid: true}
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO article_revisions (article_id, user_id, saved_at, data) VALUES ($1, $2, $3, $4::jsonb)`,
		articleID, user, millis(at), data)
	if err != nil {
		return fmt.Errorf("revision: %w", err)
	}
	return nil
}

// EditArticle saves from the editor, refusing to overwrite a newer save,
// and keeps a revision. The base check and the save happen under the
// article's row lock, so two editors saving at once cannot both pass it.
func (db *DB) EditArticle(ctx context.Context, a *masthead.Article, base time.Time, by int64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	var saved *savedArticle
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		saved, err = saveArticleTx(ctx, tx, a, saveMode{key: byID, createdBy: by, base: base})
		if err != nil {
			return err
		}
		return insertRevision(ctx, tx, saved.id, a, by, saved.t)
	})
	if err != nil {
		return fmt.Errorf("edit article %q: %w", a.Slug, err)
	}
	saved.fill(a)
	if saved.created {
		a.CreatedBy = by
	}
	return nil
}

const revisionColumns = `r.id, r.article_id, COALESCE(r.user_id, 0), COALESCE(u.name, ''), r.saved_at, r.data`

func scanRevision(r rowScanner) (*masthead.Revision, error) {
	var (
		rev   masthead.Revision
		saved int64
		data  []byte
	)
	if err := r.Scan(&rev.ID, &rev.ArticleID, &rev.UserID, &rev.UserName, &saved, &data); err != nil {
		return nil, err
	}
	a, err := store.DecodeRevision(string(data))
	if err != nil {
		return nil, fmt.Errorf("revision %d: %w", rev.ID, err)
	}
	rev.SavedAt, rev.Article = fromMillis(saved), a
	rev.Article.ID = rev.ArticleID
	return &rev, nil
}

// Revisions returns an article's revisions, newest first.
func (db *DB) Revisions(ctx context.Context, articleID int64) ([]masthead.Revision, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+revisionColumns+`
		FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id
		WHERE r.article_id = $1 ORDER BY r.id DESC`, articleID)
	if err != nil {
		return nil, fmt.Errorf("revisions of %d: %w", articleID, err)
	}
	defer rows.Close()
	var out []masthead.Revision
	for rows.Next() {
		rev, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("revisions of %d: %w", articleID, err)
		}
		out = append(out, *rev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("revisions of %d: %w", articleID, err)
	}
	return out, nil
}

// Revision returns one revision, or ENOTFOUND.
func (db *DB) Revision(ctx context.Context, id int64) (*masthead.Revision, error) {
	rev, err := scanRevision(db.db.QueryRowContext(ctx, `SELECT `+revisionColumns+`
		FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "no revision %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("revision %d: %w", id, err)
	}
	return rev, nil
}
