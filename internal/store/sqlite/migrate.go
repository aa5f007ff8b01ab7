package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate brings the schema up to date. It runs on the write pool so that
// each migration begins IMMEDIATE and two processes opening a new file at
// once take turns instead of failing.
func migrate(ctx context.Context, db *sql.DB) error {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Goose decides what to apply before it takes the write lock, so a
	// process that loses the race to migrate a new file fails on tables the
	// winner created. It then waits for the winner and tries again: that
	// is success once nothing is left to apply.
	for attempt := 1; ; attempt++ {
		_, upErr := p.Up(ctx)
		if upErr == nil {
			return nil
		}
		pending, err := p.HasPending(ctx)
		if err != nil {
			return fmt.Errorf("migrate: %w", errors.Join(upErr, err))
		}
		if !pending {
			return nil
		}
		if attempt == migrateAttempts {
			return fmt.Errorf("migrate: %w", upErr)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate: %w", errors.Join(upErr, ctx.Err()))
		case <-time.After(migrateRetry):
		}
	}
}

// A process that lost the race to migrate retries for up to 20 seconds,
// longer than a new file's migrations take.
const (
	migrateAttempts = 200
	migrateRetry    = 100 * time.Millisecond
)
