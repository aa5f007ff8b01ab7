package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate brings the schema up to date. It runs on the write pool so that
// each migration begins IMMEDIATE and two processes opening a new file at
// once take turns instead of failing.
//
// Some migrations rebuild an index of every article, which on a big site
// takes minutes: when an existing file has migrations to apply, log says
// so before and after, so that an operator knows why start-up waits.
func migrate(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if log == nil {
		return up(ctx, p)
	}
	from, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	to := maxVersion(p)
	if from == 0 || from >= to { // a new file, or nothing to do: quick
		return up(ctx, p)
	}
	start := time.Now()
	log.Info("updating the database schema; on a big site this may take minutes", "from", from, "to", to)
	if err := up(ctx, p); err != nil {
		return err
	}
	log.Info("database schema updated", "version", to, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// up applies the pending migrations.
func up(ctx context.Context, p *goose.Provider) error {
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

// maxVersion is the newest migration's version.
func maxVersion(p *goose.Provider) int64 {
	var v int64
	for _, src := range p.ListSources() {
		v = max(v, src.Version)
	}
	return v
}
