package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"

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
	var id int64
	err := db.db.QueryRowContext(ctx, `
		INSERT INTO tokens (name, hash, created_at) VALUES ($1, $2, $3)
		RETURNING id`, t.Name, hash, millis(createdAt)).Scan(&id)
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
	err := db.db.QueryRowContext(ctx, `SELECT id, name, created_at FROM tokens WHERE hash = $1`, hash).
		Scan(&t.ID, &t.Name, &createdAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.EUNAUTHORIZED, "unknown token")
	} else if err != nil {
		return nil, fmt.Errorf("token by hash: %w", err)
	}
	t.CreatedAt = fromMillis(createdAt)
	return &t, nil
}
