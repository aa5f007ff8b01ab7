package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/masthead-news/masthead"
)

// CreateComment stores c and fills in its ID, its CreatedAt when zero, and
// its Status, pending when empty.
//
// Articles can be imported again but a reader's comment cannot be typed
// again, so its commit is synced to disk before CreateComment returns: the
// write connection runs with synchronous=FULL for the transaction, where
// NORMAL could lose the last commits in a power cut.
func (db *DB) CreateComment(ctx context.Context, c *masthead.Comment) error {
	status := c.Status
	switch status {
	case "":
		status = masthead.CommentPending
	case masthead.CommentPending, masthead.CommentApproved, masthead.CommentSpam, masthead.CommentTrash:
	default:
		return masthead.Errorf(masthead.EINVALID, "unknown comment status %q", status)
	}
	createdAt := c.CreatedAt
	if createdAt.IsZero() {
		createdAt = now()
	}
	createdAt = fromMillis(millis(createdAt))
	var parentID sql.NullInt64
	if c.ParentID != 0 {
		parentID = sql.NullInt64{Int64: c.ParentID, Valid: true}
	}

	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("create comment: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return fmt.Errorf("create comment: %w", err)
	}
	// Should this fail, the connection only stays slower than it need be.
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = NORMAL`)

	var id int64
	err = inTx(ctx, conn, nil, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, c.ArticleID).Scan(new(int))
		if errors.Is(err, sql.ErrNoRows) {
			return masthead.Errorf(masthead.ENOTFOUND, "article %d not found", c.ArticleID)
		} else if err != nil {
			return fmt.Errorf("look up article: %w", err)
		}
		// A reply must stay under the same article, or threads would mix.
		if parentID.Valid {
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
				article_id, parent_id, status, name, email, website, ip, body, spam_score, created_at
			) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`,
			c.ArticleID, parentID, string(status), c.Name, c.Email, c.Website, c.IP, c.Body, c.SpamScore, millis(createdAt),
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

// ApprovedComments returns the article's approved comments, oldest first.
func (db *DB) ApprovedComments(ctx context.Context, articleID int64) ([]*masthead.Comment, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, article_id, parent_id, status, name, email, website, ip, body, spam_score, created_at
		FROM comments
		WHERE article_id = ? AND status = 'approved'
		ORDER BY created_at, id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("approved comments: %w", err)
	}
	defer rows.Close()
	var comments []*masthead.Comment
	for rows.Next() {
		var (
			c         masthead.Comment
			parentID  sql.NullInt64
			status    string
			createdAt int64
		)
		err := rows.Scan(&c.ID, &c.ArticleID, &parentID, &status, &c.Name, &c.Email, &c.Website, &c.IP, &c.Body, &c.SpamScore, &createdAt)
		if err != nil {
			return nil, fmt.Errorf("approved comments: %w", err)
		}
		c.ParentID = parentID.Int64
		c.Status = masthead.CommentStatus(status)
		c.CreatedAt = fromMillis(createdAt)
		comments = append(comments, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("approved comments: %w", err)
	}
	return comments, nil
}
