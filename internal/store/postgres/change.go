package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ChangeVersion returns the change version: the sequence
// masthead_change_version, which triggers move on once per committing
// transaction that writes what readers see, whichever process made it. The
// same triggers notify ChangesChannel.
//
// A sequence never makes writers wait for each other, as the row it
// replaced did (migration 0019), but its value is visible before the
// transaction that took it commits: read at that moment, it would name a
// change that reads cannot see yet, and a server that dropped its pages on
// seeing it and rendered them again at once would keep them, stale, until
// the version moved again. So a version is returned only once every
// transaction that may have taken it, or an earlier one, has ended: then
// every read that starts afterwards sees their writes. Those transactions
// are found by their locks: nextval takes a lock on the sequence (ROW
// EXCLUSIVE) and keeps it until its transaction has committed and become
// visible, or rolled back. A transaction that takes a version after the
// read holds a later one, and is not waited for. The triggers take the
// version as their transaction commits, so the wait is the length of a
// commit, usually a few milliseconds, and only when the version has moved.
func (db *DB) ChangeVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := db.db.QueryRowContext(ctx, `SELECT last_value FROM masthead_change_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("change version: %w", err)
	}
	db.versionMu.Lock()
	settled := db.settledVersion
	db.versionMu.Unlock()
	if v == settled {
		return v, nil
	}
	if err := db.awaitVersionHolders(ctx); err != nil {
		return 0, fmt.Errorf("change version %d: %w", v, err)
	}
	db.versionMu.Lock()
	db.settledVersion = v
	db.versionMu.Unlock()
	return v, nil
}

// versionHoldersQuery selects the transactions of this database that hold the
// lock nextval takes on the change version's sequence, by virtual
// transaction ID, which names one transaction (a backend's process ID would
// also name the later transactions of a pooled connection). pg_locks shows
// fast-path locks too, which is how this lock is usually held.
const versionHoldersQuery = `
	SELECT virtualtransaction FROM pg_locks
	WHERE locktype = 'relation'
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND relation = 'masthead_change_version'::regclass
		AND mode = 'RowExclusiveLock' AND granted`

// Bounds on waiting for the version's holders. The wait is for commits
// already under way; one lasting defaultVersionWait is stuck (a standby that
// synchronous replication waits for is down, say) or is not one of the
// triggers' (a hand-written transaction that took a version and stayed
// open), and is reported as an error, on which the server empties its
// cache on every poll until the version can be read again.
const (
	versionRecheck     = 2 * time.Millisecond
	defaultVersionWait = 5 * time.Second
)

// errVersionHeld reports holders that outlasted the wait.
var errVersionHeld = errors.New("transactions that took it are still open")

// awaitVersionHolders waits until every transaction that holds the change
// version's sequence lock now has ended. The caller has read the version
// before calling, so the holders seen here include every unfinished
// transaction that took that version or an earlier one.
func (db *DB) awaitVersionHolders(ctx context.Context) error {
	holders, err := db.versionHolders(ctx)
	if err != nil {
		return err
	}
	if len(holders) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeoutCause(ctx, db.versionWait, fmt.Errorf("%w after %v", errVersionHeld, db.versionWait))
	defer cancel()
	t := time.NewTicker(versionRecheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-t.C:
		}
		var left bool
		err := db.db.QueryRowContext(ctx, `SELECT EXISTS (`+versionHoldersQuery+` AND virtualtransaction = ANY ($1::text[]))`, holders).Scan(&left)
		if err != nil {
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			return fmt.Errorf("wait for its writers: %w", err)
		}
		if !left {
			return nil
		}
	}
}

// versionHolders returns the transactions holding the sequence lock.
func (db *DB) versionHolders(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, versionHoldersQuery)
	if err != nil {
		return nil, fmt.Errorf("find its writers: %w", err)
	}
	defer rows.Close()
	var holders []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("find its writers: %w", err)
		}
		holders = append(holders, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find its writers: %w", err)
	}
	return holders, nil
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
