package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Hot queries with a fixed text, run on every article page and every comment
// post. Preparing the article query each time was a quarter of a comment
// post's cost.
var (
	queryArticleByID   = `SELECT ` + articleColumns + ` FROM articles a ` + articleJoins + ` WHERE a.id = ?`
	queryArticleBySlug = `SELECT ` + articleColumns + ` FROM articles a ` + articleJoins + ` WHERE a.slug = ?`
	queryTagsOfOne     = tagsQuery(1)
)

// stmtCache holds the hot queries prepared on the read pool. They are
// prepared once, at Open: preparing later, from inside a read transaction,
// would wait for a second connection of the pool while holding one, and
// enough such waits at once would deadlock it. Within a transaction
// database/sql prepares a statement on that transaction's own connection
// the first time and keeps it there.
type stmtCache struct {
	stmts map[string]*sql.Stmt // read-only after prepare
}

func (c *stmtCache) prepare(ctx context.Context, db *sql.DB, queries ...string) error {
	c.stmts = make(map[string]*sql.Stmt, len(queries))
	for _, q := range queries {
		stmt, err := db.PrepareContext(ctx, q)
		if err != nil {
			return errors.Join(fmt.Errorf("prepare: %w", err), c.close())
		}
		c.stmts[q] = stmt
	}
	return nil
}

// prepared returns a query prepared at Open, bound to tx.
func (db *DB) prepared(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	stmt, ok := db.stmts.stmts[query]
	if !ok {
		return nil, fmt.Errorf("query not prepared at open: %.60q", query)
	}
	return tx.StmtContext(ctx, stmt), nil
}

func (c *stmtCache) close() error {
	var errs []error
	for _, s := range c.stmts {
		errs = append(errs, s.Close())
	}
	c.stmts = nil
	return errors.Join(errs...)
}
