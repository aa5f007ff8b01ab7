package sqlite

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
	if u.CreatedAt.IsZero() {
		u.CreatedAt = now()
	}
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `
			INSERT INTO users (email, name, role, password_hash, disabled, created_at, last_login_at, tokens_valid_after)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.Name, string(u.Role), u.PasswordHash, u.Disabled, millis(u.CreatedAt),
			zeroMillis(u.LastLoginAt), zeroMillis(u.TokensValidAfter)).Scan(&u.ID)
	})
	if isUniqueViolation(err) {
		return masthead.Errorf(masthead.ECONFLICT, "an account with the email %s exists", u.Email)
	} else if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// User returns the account with the ID.
func (db *DB) User(ctx context.Context, id int64) (*masthead.User, error) {
	return db.oneUser(ctx, `WHERE id = ?`, id)
}

// UserByEmail returns the account with the email, in any case.
func (db *DB) UserByEmail(ctx context.Context, email string) (*masthead.User, error) {
	return db.oneUser(ctx, `WHERE email = ?`, masthead.NormalizeEmail(email))
}

func (db *DB) oneUser(ctx context.Context, where string, arg any) (*masthead.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "no such account")
	} else if err != nil {
		return nil, fmt.Errorf("user: %w", err)
	}
	return u, nil
}

// Users returns every account, by name.
func (db *DB) Users(ctx context.Context) ([]*masthead.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name COLLATE NOCASE, id`)
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
	return out, rows.Err()
}

// UpdateUser stores the account's fields.
func (db *DB) UpdateUser(ctx context.Context, u *masthead.User) error {
	u.Email = masthead.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return err
	}
	var n int64
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET email = ?, name = ?, role = ?, password_hash = ?, disabled = ?,
				last_login_at = ?, tokens_valid_after = ?
			WHERE id = ?`,
			u.Email, u.Name, string(u.Role), u.PasswordHash, u.Disabled,
			zeroMillis(u.LastLoginAt), zeroMillis(u.TokensValidAfter), u.ID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
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
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// SessionFind returns an unexpired session's data.
func (db *DB) SessionFind(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := db.read.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`,
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
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
			token, data, millis(expiry))
		return err
	})
	if err != nil {
		return fmt.Errorf("commit session: %w", err)
	}
	return nil
}

// SessionDelete deletes a session.
func (db *DB) SessionDelete(ctx context.Context, token string) error {
	return db.exec(ctx, "delete session", `DELETE FROM sessions WHERE token = ?`, token)
}

// PruneSessions deletes expired sessions and day-old login failures.
func (db *DB) PruneSessions(ctx context.Context, t time.Time) (int, error) {
	var n int64
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= ?`, millis(t))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, millis(t.Add(-24*time.Hour)))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune sessions: %w", err)
	}
	return int(n), nil
}

// RecordFailure adds a failed login and counts the key's recent ones,
// dropping its older ones on the way.
func (db *DB) RecordFailure(ctx context.Context, key string, t, since time.Time) (int, error) {
	var n int
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ? AND at < ?`, key, millis(since)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, millis(t)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?`, key, millis(since)).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("record login failure: %w", err)
	}
	return n, nil
}

// Failures counts the key's failed logins since `since`.
func (db *DB) Failures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?`, key, millis(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("login failures: %w", err)
	}
	return n, nil
}

// ClearFailures forgets the key's failed logins.
func (db *DB) ClearFailures(ctx context.Context, key string) error {
	return db.exec(ctx, "clear login failures", `DELETE FROM login_failures WHERE key = ?`, key)
}

// exec runs one statement in a write transaction.
func (db *DB) exec(ctx context.Context, what, query string, args ...any) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
