package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"

	"github.com/masthead-news/masthead"
)

// CreateToken stores the token, acting for t.UserID (none when 0), under
// the SHA-256 hash of its secret and fills in its ID and CreatedAt. A hash of any other length is EINVALID, so
// that an empty or truncated hash can never be stored and later matched, and
// a hash already stored is ECONFLICT.
func (db *DB) CreateToken(ctx context.Context, t *masthead.Token, hash []byte) error {
	if len(hash) != sha256.Size {
		return masthead.Errorf(masthead.EINVALID, "a token hash must be %d bytes, not %d", sha256.Size, len(hash))
	}
	createdAt := now()
	var (
		id   int64
		user sql.NullInt64 // none: a token that acts as an admin
	)
	if t.UserID != 0 {
		user = sql.NullInt64{Int64: t.UserID, Valid: true}
	}
	err := db.db.QueryRowContext(ctx, `
		INSERT INTO tokens (name, hash, created_at, user_id) VALUES ($1, $2, $3, $4)
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
	err := db.db.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = $1`, hash).
		Scan(&t.ID, &t.Name, &createdAt, &t.UserID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.EUNAUTHORIZED, "unknown token")
	} else if err != nil {
		return nil, fmt.Errorf("token by hash: %w", err)
	}
	t.CreatedAt = fromMillis(createdAt)
	return &t, nil
}

const tokenColumns = `id, name, created_at, COALESCE(user_id, 0)`

// Tokens lists every token, newest first.
func (db *DB) Tokens(ctx context.Context) ([]*masthead.Token, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM tokens ORDER BY id DESC`)
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

// DeleteToken revokes a token; ENOTFOUND if none has the ID.
func (db *DB) DeleteToken(ctx context.Context, id int64) error {
	res, err := db.db.ExecContext(ctx, `DELETE FROM tokens WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete token %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete token %d: %w", id, err)
	} else if n == 0 {
		return masthead.Errorf(masthead.ENOTFOUND, "No token has the ID %d.", id)
	}
	return nil
}
