package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// CreateComment stores c and fills in its ID, its CreatedAt when zero, and
// its Status, pending when empty.
//
// Articles can be imported again but a reader's comment cannot be typed
// again, so its commit is synced to disk before CreateComment returns: the
// write connection runs with synchronous=FULL for the transaction, where
// NORMAL could lose the last commits in a power cut. Concurrent calls share
// one transaction and one sync (see commentWriter), which is what lets a
// busy article take thousands of comments a second.
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
	req := &commentRequest{c: c, status: status, createdAt: fromMillis(millis(createdAt)), done: make(chan error, 1)}
	select {
	case db.comments.requests <- req:
	case <-db.comments.quit:
		return errors.New("create comment: the store is closed")
	case <-ctx.Done():
		return fmt.Errorf("create comment: %w", ctx.Err())
	}
	// Once taken, the request is always answered; waiting for it even when
	// ctx ends means the caller never reports a failure for a comment that
	// was in fact stored.
	if err := <-req.done; err != nil {
		return fmt.Errorf("create comment: %w", err)
	}
	c.ID = req.id
	c.CreatedAt = req.createdAt
	c.Status = status
	return nil
}

// insertComment checks and inserts one comment inside a batch transaction.
func insertComment(ctx context.Context, tx *sql.Tx, req *commentRequest) error {
	c := req.c
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, c.ArticleID).Scan(new(int))
	if errors.Is(err, sql.ErrNoRows) {
		return masthead.Errorf(masthead.ENOTFOUND, "article %d not found", c.ArticleID)
	} else if err != nil {
		return fmt.Errorf("look up article: %w", err)
	}
	var parentID sql.NullInt64
	if c.ParentID != 0 {
		parentID = sql.NullInt64{Int64: c.ParentID, Valid: true}
		// A reply must stay under the same article, or threads would mix.
		var parentArticle int64
		err := tx.QueryRowContext(ctx, `SELECT article_id FROM comments WHERE id = ?`, parentID).Scan(&parentArticle)
		if errors.Is(err, sql.ErrNoRows) || err == nil && parentArticle != c.ArticleID {
			return masthead.Errorf(masthead.EINVALID, "comment %d is not on article %d", c.ParentID, c.ArticleID)
		} else if err != nil {
			return fmt.Errorf("look up parent: %w", err)
		}
	}
	return tx.QueryRowContext(ctx, `
		INSERT INTO comments (
			article_id, parent_id, status, name, email, website, ip, body, spam_score, created_at, rate_key
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		c.ArticleID, parentID, string(req.status), c.Name, c.Email, c.Website, c.IP, c.Body, c.SpamScore, millis(req.createdAt), c.RateKey,
	).Scan(&req.id)
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
	rows, err := db.read.QueryContext(ctx, `
		SELECT `+commentColumns+`
		FROM comments
		WHERE article_id = ? AND status = 'approved'
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
	row := db.read.QueryRowContext(ctx, `SELECT `+commentColumns+` FROM comments WHERE id = ?`, id)
	c, err := scanComment(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "comment %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("comment %d: %w", id, err)
	}
	return c, nil
}

// FindComments returns one page of the comments f selects, newest first (by
// creation time, then ID), and how many it selects in all. A negative Limit
// or Offset counts as unset.
func (db *DB) FindComments(ctx context.Context, f masthead.CommentFilter) ([]*masthead.Comment, int, error) {
	limit, offset := store.PageBounds(f.Limit, f.Offset)

	var (
		where []string
		args  []any
	)
	if f.ArticleID != 0 {
		where = append(where, `article_id = ?`)
		args = append(args, f.ArticleID)
	}
	if f.Status != "" {
		where = append(where, `status = ?`)
		args = append(args, string(f.Status))
	}
	if f.Text != "" {
		like := "%" + likeEscape(f.Text) + "%"
		where = append(where, `(body LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\' OR website LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like, like)
	}
	// Each combination of filters has an index in newest-first order, so a
	// page reads only its own rows.
	total := `SELECT COUNT(*) FROM comments` + whereClause(where)
	page := `SELECT ` + commentColumns + ` FROM comments` + whereClause(where) + `
		ORDER BY created_at DESC, id DESC
		LIMIT ? OFFSET ?`

	var (
		comments []*masthead.Comment
		n        int
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, total, args...).Scan(&n); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		rows, err := tx.QueryContext(ctx, page, append(slices.Clip(args), limit, offset)...)
		if err != nil {
			return err
		}
		comments, err = scanComments(rows)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find comments: %w", err)
	}
	return comments, n, nil
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
// transaction and returns how many of them exist; unknown IDs are skipped.
//
// Comments already in the status are left unwritten, so that approving an
// approved comment again does not change ChangeVersion.
func (db *DB) SetCommentStatus(ctx context.Context, status masthead.CommentStatus, ids ...int64) (int, error) {
	if err := validStatus(status); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	// The IDs go in as one JSON array, however many there are, rather than
	// one parameter each, which SQLite limits.
	idList, err := json.Marshal(ids)
	if err != nil {
		return 0, fmt.Errorf("set comment status: %w", err)
	}
	var n int
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			SELECT COUNT(*) FROM comments
			WHERE id IN (SELECT value FROM json_each(?))`, string(idList)).Scan(&n)
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE comments SET status = ?
			WHERE id IN (SELECT value FROM json_each(?)) AND status <> ?`,
			string(status), string(idList), string(status))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("set comment status: %w", err)
	}
	return n, nil
}

// UpdateCommentBody replaces the comment's text, or returns ENOTFOUND.
func (db *DB) UpdateCommentBody(ctx context.Context, id int64, body string) error {
	res, err := db.write.ExecContext(ctx, `UPDATE comments SET body = ? WHERE id = ?`, body, id)
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
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		var parentID sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT parent_id FROM comments WHERE id = ?`, id).Scan(&parentID)
		if errors.Is(err, sql.ErrNoRows) {
			return masthead.Errorf(masthead.ENOTFOUND, "comment %d not found", id)
		} else if err != nil {
			return fmt.Errorf("look up: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET parent_id = ? WHERE parent_id = ?`, parentID, id); err != nil {
			return fmt.Errorf("move replies: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM comments WHERE id = ?`, id); err != nil {
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
// SQLite folds only ASCII letters, so the index finds approved comments by
// email that way, and the names of those are compared in Go, which folds
// every letter ("ZOË" is "Zoë").
func (db *DB) HasApprovedComment(ctx context.Context, name, email string) (bool, error) {
	if email == "" {
		return false, nil
	}
	rows, err := db.read.QueryContext(ctx, `
		SELECT DISTINCT name FROM comments
		WHERE email = ? COLLATE NOCASE AND status = 'approved'`, email)
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
	by, who := `email = ?`, email
	if email == "" {
		by, who = `name = ?`, name
	}
	err := db.read.QueryRowContext(ctx, `
		SELECT 1 FROM comments
		WHERE article_id = ? AND `+by+` AND body = ? AND status <> 'trash'
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
	res, err := db.write.ExecContext(ctx, `UPDATE articles SET comments_closed = ? WHERE id = ?`, closed, articleID)
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
