package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

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
	_, upErr := p.Up(ctx)
	if upErr == nil {
		return nil
	}
	// Goose decides what to apply before it takes the write lock, so a
	// process that lost the race to migrate a new file fails on tables the
	// winner created. That is success as long as nothing is left to apply.
	pending, err := p.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", errors.Join(upErr, err))
	}
	if pending {
		return fmt.Errorf("migrate: %w", upErr)
	}
	return nil
}
