package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ChangeVersion returns the number triggers bump, once per committing
// transaction, on every write to what readers see, whichever process made
// it. The same triggers notify ChangesChannel.
func (db *DB) ChangeVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := db.db.QueryRowContext(ctx, `SELECT version FROM change_version WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("change version: %w", err)
	}
	return v, nil
}

// NextPublication returns the earliest publication time after `after` of a
// published article, so that a cache can expire when a scheduled article
// goes live, which no write announces.
func (db *DB) NextPublication(ctx context.Context, after time.Time) (time.Time, bool, error) {
	var next sql.NullInt64
	err := db.db.QueryRowContext(ctx, `
		SELECT MIN(published_at) FROM articles
		WHERE status = 'published' AND published_at > $1`, millis(after)).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next publication: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return fromMillis(next.Int64), true, nil
}
