package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// insertRevision keeps the article as just saved.
func insertRevision(ctx context.Context, tx *sql.Tx, articleID int64, a *masthead.Article, by int64, at time.Time) error {
	data, err := store.EncodeRevision(a)
	if err != nil {
		return err
	}
	var user sql.NullInt64
	if by != 0 {
		user = sql.NullInt64{Int64: by, Valid: true}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO article_revisions (article_id, user_id, saved_at, data) VALUES (?, ?, ?, ?)`,
		articleID, user, millis(at), data)
	if err != nil {
		return fmt.Errorf("revision: %w", err)
	}
	return nil
}

// EditArticle saves from the editor, refusing to overwrite a newer save.
func (db *DB) EditArticle(ctx context.Context, a *masthead.Article, base time.Time, by int64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	var saved *savedArticle
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if a.ID != 0 {
			var updated int64
			err := tx.QueryRowContext(ctx, `SELECT updated_at FROM articles WHERE id = ?`, a.ID).Scan(&updated)
			if errors.Is(err, sql.ErrNoRows) {
				return masthead.Errorf(masthead.ENOTFOUND, "article %d not found", a.ID)
			} else if err != nil {
				return err
			}
			if updated != millis(base) {
				return masthead.Errorf(masthead.ECONFLICT,
					"Someone saved this article at %s, after you opened it.", fromMillis(updated).Format("15:04:05 on 2 Jan"))
			}
		}
		var err error
		if saved, err = saveArticleTx(ctx, tx, a, byID, by); err != nil {
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
		data  string
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
	rows, err := db.read.QueryContext(ctx, `SELECT `+revisionColumns+`
		FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id
		WHERE r.article_id = ? ORDER BY r.id DESC`, articleID)
	if err != nil {
		return nil, fmt.Errorf("revisions of %d: %w", articleID, err)
	}
	defer rows.Close()
	var out []masthead.Revision
	for rows.Next() {
		rev, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *rev)
	}
	return out, rows.Err()
}

// Revision returns one revision.
func (db *DB) Revision(ctx context.Context, id int64) (*masthead.Revision, error) {
	rev, err := scanRevision(db.read.QueryRowContext(ctx, `SELECT `+revisionColumns+`
		FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "no revision %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("revision %d: %w", id, err)
	}
	return rev, nil
}
