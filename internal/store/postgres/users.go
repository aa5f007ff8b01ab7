package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

const userColumns = `id, email, name, role, password_hash, disabled, created_at, last_login_at, tokens_valid_after`

func scanUser(r rowScanner) (*masthead.User, error) {
	var (
		u    masthead.User
		role string
	)
	err := r.Scan(&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &u.Disabled,
		(*millisTime)(&u.CreatedAt), (*millisTime)(&u.LastLoginAt), (*millisTime)(&u.TokensValidAfter))
	u.Role = masthead.Role(role)
	return &u, err
}

// CreateUser inserts an account.
func (db *DB) CreateUser(ctx context.Context, u *masthead.User) error {
	u.Email = masthead.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return err
	}
	createdAt := u.CreatedAt
	if createdAt.IsZero() {
		createdAt = now()
	}
	var id int64
	err := db.db.QueryRowContext(ctx, `
		INSERT INTO users (email, name, role, password_hash, disabled, created_at, last_login_at, tokens_valid_after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		u.Email, u.Name, string(u.Role), u.PasswordHash, u.Disabled, millis(createdAt),
		zeroMillis(u.LastLoginAt), zeroMillis(u.TokensValidAfter)).Scan(&id)
	if isUniqueViolation(err) {
		return masthead.Errorf(masthead.ECONFLICT, "an account with the email %s exists", u.Email)
	} else if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	u.ID, u.CreatedAt = id, fromMillis(millis(createdAt))
	return nil
}

// User returns the account with the ID.
func (db *DB) User(ctx context.Context, id int64) (*masthead.User, error) {
	return db.oneUser(ctx, `WHERE id = $1`, id)
}

// UserByEmail returns the account with the email, in any case.
func (db *DB) UserByEmail(ctx context.Context, email string) (*masthead.User, error) {
	return db.oneUser(ctx, `WHERE email = $1`, masthead.NormalizeEmail(email))
}

func (db *DB) oneUser(ctx context.Context, where string, arg any) (*masthead.User, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "no such account")
	} else if err != nil {
		return nil, fmt.Errorf("user: %w", err)
	}
	return u, nil
}

// Users returns every account, by name ignoring case, as SQLite's NOCASE
// orders them.
func (db *DB) Users(ctx context.Context) ([]*masthead.User, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY lower(name) COLLATE "C", id`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	var out []*masthead.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	return out, nil
}

// UpdateUser stores the account's fields.
func (db *DB) UpdateUser(ctx context.Context, u *masthead.User) error {
	u.Email = masthead.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return err
	}
	res, err := db.db.ExecContext(ctx, `
		UPDATE users SET email = $1, name = $2, role = $3, password_hash = $4, disabled = $5,
			last_login_at = $6, tokens_valid_after = $7
		WHERE id = $8`,
		u.Email, u.Name, string(u.Role), u.PasswordHash, u.Disabled,
		zeroMillis(u.LastLoginAt), zeroMillis(u.TokensValidAfter), u.ID)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	switch {
	case isUniqueViolation(err):
		return masthead.Errorf(masthead.ECONFLICT, "an account with the email %s exists", u.Email)
	case err != nil:
		return fmt.Errorf("update user %d: %w", u.ID, err)
	case n == 0:
		return masthead.Errorf(masthead.ENOTFOUND, "no such account")
	}
	return nil
}

// CountUsers counts the accounts.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// SessionFind returns an unexpired session's data.
func (db *DB) SessionFind(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := db.db.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`,
		token, millis(now())).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("find session: %w", err)
	}
	return data, true, nil
}

// SessionCommit stores a session.
func (db *DB) SessionCommit(ctx context.Context, token string, data []byte, expiry time.Time) error {
	return db.exec(ctx, "commit session", `
		INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry`,
		token, data, millis(expiry))
}

// SessionDelete deletes a session.
func (db *DB) SessionDelete(ctx context.Context, token string) error {
	return db.exec(ctx, "delete session", `DELETE FROM sessions WHERE token = $1`, token)
}

// PruneSessions deletes expired sessions and day-old login failures.
func (db *DB) PruneSessions(ctx context.Context, t time.Time) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, millis(t))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, millis(t.Add(-24*time.Hour)))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune sessions: %w", err)
	}
	return int(n), nil
}

// RecordFailure adds a failed login and counts the key's recent ones,
// dropping its older ones on the way. The count sees this failure and those
// other instances committed before it: two failures recorded at the same
// moment may each miss the other, which throttling tolerates.
func (db *DB) RecordFailure(ctx context.Context, key string, t, since time.Time) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1 AND at < $2`, key, millis(since)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, millis(t)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2`,
			key, millis(since)).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("record login failure: %w", err)
	}
	return n, nil
}

// Failures counts the key's failed logins since `since`.
func (db *DB) Failures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2`,
		key, millis(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("login failures: %w", err)
	}
	return n, nil
}

// ClearFailures forgets the key's failed logins.
func (db *DB) ClearFailures(ctx context.Context, key string) error {
	return db.exec(ctx, "clear login failures", `DELETE FROM login_failures WHERE key = $1`, key)
}
