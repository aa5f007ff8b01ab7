package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"

	sqlitedriver "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/masthead-news/masthead"
)

// CreateToken stores the token under the SHA-256 hash of its secret and
// fills in its ID and CreatedAt. A hash of any other length is EINVALID, so
// that an empty or truncated hash can never be stored and later matched, and
// a hash already stored is ECONFLICT.
func (db *DB) CreateToken(ctx context.Context, t *masthead.Token, hash []byte) error {
	if len(hash) != sha256.Size {
		return masthead.Errorf(masthead.EINVALID, "a token hash must be %d bytes, not %d", sha256.Size, len(hash))
	}
	createdAt := now()
	var (
		id   int64
		user sql.NullInt64
	)
	if t.UserID != 0 {
		user = sql.NullInt64{Int64: t.UserID, Valid: true}
	}
	err := db.write.QueryRowContext(ctx, `
		INSERT INTO tokens (name, hash, created_at, user_id) VALUES (?, ?, ?, ?)
		RETURNING id`, t.Name, hash, millis(createdAt), user).Scan(&id)
	if isUniqueViolation(err) {
		return masthead.Errorf(masthead.ECONFLICT, "a token with this secret already exists")
	} else if err != nil {
		return fmt.Errorf("create token %q: %w", t.Name, err)
	}
	t.ID = id
	t.CreatedAt = createdAt
	return nil
}

// TokenByHash returns the token whose secret has the SHA-256 hash, or
// EUNAUTHORIZED.
func (db *DB) TokenByHash(ctx context.Context, hash []byte) (*masthead.Token, error) {
	if len(hash) != sha256.Size {
		return nil, masthead.Errorf(masthead.EUNAUTHORIZED, "unknown token")
	}
	var (
		t         masthead.Token
		createdAt int64
	)
	err := db.read.QueryRowContext(ctx, `SELECT id, name, created_at, COALESCE(user_id, 0) FROM tokens WHERE hash = ?`, hash).
		Scan(&t.ID, &t.Name, &createdAt, &t.UserID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.EUNAUTHORIZED, "unknown token")
	} else if err != nil {
		return nil, fmt.Errorf("token by hash: %w", err)
	}
	t.CreatedAt = fromMillis(createdAt)
	return &t, nil
}

func isUniqueViolation(err error) bool {
	var e *sqlitedriver.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

// Tokens lists every token, newest first.
func (db *DB) Tokens(ctx context.Context) ([]*masthead.Token, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, created_at, COALESCE(user_id, 0) FROM tokens ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	defer rows.Close()
	var out []*masthead.Token
	for rows.Next() {
		var (
			t       masthead.Token
			created int64
		)
		if err := rows.Scan(&t.ID, &t.Name, &created, &t.UserID); err != nil {
			return nil, fmt.Errorf("tokens: %w", err)
		}
		t.CreatedAt = fromMillis(created)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// DeleteToken revokes a token; ENOTFOUND if none has the ID.
func (db *DB) DeleteToken(ctx context.Context, id int64) error {
	res, err := db.write.ExecContext(ctx, `DELETE FROM tokens WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete token %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "No token has the ID %d.", id)
	}
	return nil
}
