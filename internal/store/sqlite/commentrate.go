package sqlite

import (
	"context"
	"fmt"
	"time"
)

// CountRecentComments counts the comments created after since with the rate
// key (byKey) and on the article (onArticle), whatever their status. An
// empty key or a zero article counts nothing.
//
// It reads committed comments only: those still waiting in the comment
// writer's batch are not seen, which is why the comment service keeps its
// in-memory buckets as well. Each count is one index range, the window's
// comments of the key or of the article.
func (db *DB) CountRecentComments(ctx context.Context, articleID int64, rateKey string, since time.Time) (byKey, onArticle int, err error) {
	err = db.read.QueryRowContext(ctx, `
		SELECT
			(SELECT COUNT(*) FROM comments WHERE ?1 <> '' AND rate_key = ?1 AND created_at > ?3),
			(SELECT COUNT(*) FROM comments WHERE article_id = ?2 AND created_at > ?3)`,
		rateKey, articleID, millis(since)).Scan(&byKey, &onArticle)
	if err != nil {
		return 0, 0, fmt.Errorf("count recent comments: %w", err)
	}
	return byKey, onArticle, nil
}
