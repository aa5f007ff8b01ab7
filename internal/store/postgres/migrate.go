package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Migrations are numbered in step with the sqlite package's: a schema version
// means the same on both databases.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLockID names the advisory lock migrations run under: the bytes
// of "masthead" as a number. Advisory locks are scoped to one database, so
// sites sharing a server do not wait for each other.
const migrationLockID int64 = 0x6d61737468656164

// newProvider returns goose for db, with the session locker.
func newProvider(db *sql.DB) (*goose.Provider, error) {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectPostgres, db, fsys,
		goose.WithDisableGlobalRegistry(true),
		goose.WithSessionLocker(advisoryLocker{id: migrationLockID}),
	)
}

// migrate brings the schema up to date. Goose takes the lock on one
// connection, then reads which migrations were applied and applies the rest
// on that connection, so instances starting together take turns: the first
// migrates, the others find nothing left to do.
func migrate(ctx context.Context, db *sql.DB) error {
	p, err := newProvider(db)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// advisoryLocker holds a session-level advisory lock while goose migrates.
//
// Goose's own Postgres session locker polls pg_try_advisory_lock, every five
// seconds by default and every second at best, so an instance starting
// beside another would wait seconds after the first finished. This one
// waits in pg_advisory_lock, which returns the moment the lock is free, and
// gives up when ctx ends (pgx cancels the query). If the process dies, the
// session ends and the server releases the lock.
type advisoryLocker struct {
	id int64
}

var _ lock.SessionLocker = advisoryLocker{}

func (l advisoryLocker) SessionLock(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, l.id); err != nil {
		return fmt.Errorf("take migration lock: %w", err)
	}
	return nil
}

func (l advisoryLocker) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	var released bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_advisory_unlock($1)`, l.id).Scan(&released); err != nil {
		return fmt.Errorf("release migration lock: %w", err)
	}
	if !released {
		return fmt.Errorf("release migration lock: it was not held")
	}
	return nil
}
