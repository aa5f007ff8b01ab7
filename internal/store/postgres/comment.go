package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// CreateComment stores c and fills in its ID, its CreatedAt when zero, and
// its Status, pending when empty.
//
// Articles can be imported again but a reader's comment cannot be typed
// again, so it is durable when CreateComment returns: its commit waits for
// the WAL to reach disk even where the server or database runs with
// synchronous_commit = off to speed other writes. (The stronger settings,
// which wait for standbys too, are left as they are.)
//
// SQLite funnels concurrent comments into shared transactions to share one
// sync; PostgreSQL takes concurrent writers as they come and groups their
// WAL flushes itself, so each comment is a plain transaction of its own.
func (db *DB) CreateComment(ctx context.Context, c *masthead.Comment) error {
	status := c.Status
	if status == "" {
		status = masthead.CommentPending
	}
	if err := validStatus(status); err != nil {
		return err
	}
	createdAt := c.CreatedAt
	if createdAt.IsZero() {
		createdAt = now()
	}
	createdAt = fromMillis(millis(createdAt))
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			SELECT set_config('synchronous_commit', 'on', true)
			WHERE current_setting('synchronous_commit') = 'off'`)
		if err != nil {
			return fmt.Errorf("synchronous commit: %w", err)
		}
		if err := checkCommentPlace(ctx, tx, c); err != nil {
			return err
		}
		var parentID sql.NullInt64
		if c.ParentID != 0 {
			parentID = sql.NullInt64{Int64: c.ParentID, Valid: true}
		}
		return tx.QueryRowContext(ctx, `
			INSERT INTO comments (
				article_id, parent_id, status, name, email, website, ip, body, spam_score, created_at, rate_key
			) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			RETURNING id`,
			c.ArticleID, parentID, string(status), c.Name, c.Email, c.Website, c.IP, c.Body, c.SpamScore, millis(createdAt), c.RateKey,
		).Scan(&id)
	})
	if err != nil {
		return fmt.Errorf("create comment: %w", err)
	}
	c.ID = id
	c.CreatedAt = createdAt
	c.Status = status
	return nil
}

// checkCommentPlace returns ENOTFOUND unless the comment's article exists,
// and EINVALID if its parent is not a comment on the same article, as a
// reply must stay under its article or threads would mix. The checks come
// before the insert so that a rejected comment writes nothing at all.
func checkCommentPlace(ctx context.Context, tx *sql.Tx, c *masthead.Comment) error {
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = $1`, c.ArticleID).Scan(new(int))
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "article %d not found", c.ArticleID)
	} else if err != nil {
		return fmt.Errorf("look up article: %w", err)
	}
	if c.ParentID == 0 {
		return nil
	}
	var parentArticle int64
	err = tx.QueryRowContext(ctx, `SELECT article_id FROM comments WHERE id = $1`, c.ParentID).Scan(&parentArticle)
	if errors.Is(err, sql.ErrNoRows) || err == nil && parentArticle != c.ArticleID {
		return masthead.Errorf(masthead.EINVALID, "comment %d is not on article %d", c.ParentID, c.ArticleID)
	} else if err != nil {
		return fmt.Errorf("look up parent: %w", err)
	}
	return nil
}

// commentColumns are read by scanComment, in its order.
const commentColumns = `id, article_id, parent_id, status, name, email, website, ip, body, spam_score, created_at, rate_key`

func scanComment(r rowScanner) (*masthead.Comment, error) {
	var (
		c         masthead.Comment
		parentID  sql.NullInt64
		status    string
		createdAt int64
	)
	err := r.Scan(&c.ID, &c.ArticleID, &parentID, &status, &c.Name, &c.Email, &c.Website, &c.IP, &c.Body, &c.SpamScore, &createdAt, &c.RateKey)
	if err != nil {
		return nil, err
	}
	c.ParentID = parentID.Int64
	c.Status = masthead.CommentStatus(status)
	c.CreatedAt = fromMillis(createdAt)
	return &c, nil
}

// scanComments reads every row, closing rows.
func scanComments(rows *sql.Rows) ([]*masthead.Comment, error) {
	defer rows.Close()
	var comments []*masthead.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		comments = append(comments, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return comments, nil
}

// ApprovedComments returns the article's approved comments, oldest first.
func (db *DB) ApprovedComments(ctx context.Context, articleID int64) ([]*masthead.Comment, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT `+commentColumns+`
		FROM comments
		WHERE article_id = $1 AND status = 'approved'
		ORDER BY created_at, id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("approved comments: %w", err)
	}
	comments, err := scanComments(rows)
	if err != nil {
		return nil, fmt.Errorf("approved comments: %w", err)
	}
	return comments, nil
}

// Comment returns the comment with the ID, or ENOTFOUND.
func (db *DB) Comment(ctx context.Context, id int64) (*masthead.Comment, error) {
	row := db.db.QueryRowContext(ctx, `SELECT `+commentColumns+` FROM comments WHERE id = $1`, id)
	c, err := scanComment(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "comment %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("comment %d: %w", id, err)
	}
	return c, nil
}

// FindComments returns one page of the comments f selects, newest first (by
// creation time, then ID), and how many it selects in all, from one
// snapshot. A negative Limit or Offset counts as unset.
func (db *DB) FindComments(ctx context.Context, f masthead.CommentFilter) ([]*masthead.Comment, int, error) {
	limit, offset := store.PageBounds(f.Limit, f.Offset)

	var (
		where []string
		a     args
	)
	if f.ArticleID != 0 {
		where = append(where, `article_id = `+a.add(f.ArticleID))
	}
	if f.Text != "" {
		// ILIKE with the pattern's own characters escaped, as SQLite's LIKE.
		like := a.add("%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Text) + "%")
		where = append(where, `(body ILIKE `+like+` OR name ILIKE `+like+` OR email ILIKE `+like+` OR website ILIKE `+like+`)`)
	}
	if f.Status != "" {
		where = append(where, `status = `+a.add(string(f.Status)))
	}
	// Each combination of filters has an index in newest-first order, so a
	// page reads only its own rows.
	total := `SELECT COUNT(*) FROM comments` + whereClause(where)
	n := len(a)
	page := `SELECT ` + commentColumns + ` FROM comments` + whereClause(where) + `
		ORDER BY created_at DESC, id DESC
		LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(offset)

	var (
		comments []*masthead.Comment
		count    int
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, total, a[:n]...).Scan(&count); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		rows, err := tx.QueryContext(ctx, page, a...)
		if err != nil {
			return err
		}
		comments, err = scanComments(rows)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find comments: %w", err)
	}
	return comments, count, nil
}

// validStatus returns EINVALID unless status is one a comment can have.
func validStatus(status masthead.CommentStatus) error {
	switch status {
	case masthead.CommentPending, masthead.CommentApproved, masthead.CommentSpam, masthead.CommentTrash:
		return nil
	}
	return masthead.Errorf(masthead.EINVALID, "unknown comment status %q", status)
}

// SetCommentStatus moves the comments with the IDs to status in one
// statement and returns how many of them exist; unknown IDs are skipped.
// The IDs go in as one array parameter, however many there are.
//
// Comments already in the status are left unwritten, so that approving an
// approved comment again does not change ChangeVersion. The rows are locked
// in ID order, so that two moderators moving overlapping sets cannot
// deadlock.
func (db *DB) SetCommentStatus(ctx context.Context, status masthead.CommentStatus, ids ...int64) (int, error) {
	if err := validStatus(status); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	var n int
	err := db.db.QueryRowContext(ctx, `
		WITH picked AS (
			SELECT id, status FROM comments WHERE id = ANY ($1::bigint[])
			ORDER BY id FOR UPDATE
		), moved AS (
			UPDATE comments c SET status = $2
			FROM picked p WHERE c.id = p.id AND p.status <> $2
		)
		SELECT COUNT(*) FROM picked`, ids, string(status)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("set comment status: %w", err)
	}
	return n, nil
}

// UpdateCommentBody replaces the comment's text, or returns ENOTFOUND.
func (db *DB) UpdateCommentBody(ctx context.Context, id int64, body string) error {
	res, err := db.db.ExecContext(ctx, `UPDATE comments SET body = $1 WHERE id = $2`, body, id)
	if err != nil {
		return fmt.Errorf("update comment %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update comment %d: %w", id, err)
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "comment %d not found", id)
	}
	return nil
}

// DeleteComment removes the comment for good, or returns ENOTFOUND. Its
// replies move up to its parent (or to the top level) in the same
// transaction, so that they are never deleted with it.
func (db *DB) DeleteComment(ctx context.Context, id int64) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var parentID sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT parent_id FROM comments WHERE id = $1 FOR UPDATE`, id).Scan(&parentID)
		if errors.Is(err, sql.ErrNoRows) {
			return masthead.Errorf(masthead.ENOTFOUND, "comment %d not found", id)
		} else if err != nil {
			return fmt.Errorf("look up: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET parent_id = $1 WHERE parent_id = $2`, parentID, id); err != nil {
			return fmt.Errorf("move replies: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM comments WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete comment %d: %w", id, err)
	}
	return nil
}

// HasApprovedComment reports whether someone with this name and email has an
// approved comment on any article. Both compare case-insensitively; an empty
// email never matches, as anyone can leave it out.
//
// The index finds approved comments by lower(email), and the names of those
// are compared in Go, which folds every letter ("ZOË" is "Zoë") whatever the
// database's locale: in the C locale lower() folds only ASCII.
func (db *DB) HasApprovedComment(ctx context.Context, name, email string) (bool, error) {
	if email == "" {
		return false, nil
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT DISTINCT name FROM comments
		WHERE lower(email) = lower($1) AND status = 'approved'`, email)
	if err != nil {
		return false, fmt.Errorf("has approved comment: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return false, fmt.Errorf("has approved comment: %w", err)
		}
		if strings.EqualFold(n, name) {
			return true, nil
		}
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("has approved comment: %w", err)
	}
	return false, nil
}

// HasDuplicateComment reports whether the article already has a comment, in
// any status but trash, with exactly this body from the same email, or from
// the same name when email is empty. Email, name and body compare exactly.
func (db *DB) HasDuplicateComment(ctx context.Context, articleID int64, name, email, body string) (bool, error) {
	by, who := `email = $2`, email
	if email == "" {
		by, who = `name = $2`, name
	}
	err := db.db.QueryRowContext(ctx, `
		SELECT 1 FROM comments
		WHERE article_id = $1 AND `+by+` AND body = $3 AND status <> 'trash'
		LIMIT 1`, articleID, who, body).Scan(new(int))
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("has duplicate comment: %w", err)
	}
	return true, nil
}

// SetCommentsClosed closes or reopens the article's comments by hand, or
// returns ENOTFOUND. It leaves UpdatedAt alone: the article did not change.
func (db *DB) SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error {
	res, err := db.db.ExecContext(ctx, `UPDATE articles SET comments_closed = $1 WHERE id = $2`, closed, articleID)
	if err != nil {
		return fmt.Errorf("set comments closed on article %d: %w", articleID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("set comments closed on article %d: %w", articleID, err)
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "article %d not found", articleID)
	}
	return nil
}
