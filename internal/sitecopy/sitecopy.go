// Package sitecopy copies a whole Masthead site from an SQLite database file
// to a PostgreSQL database, so that a site can move to several instances
// without losing anything.
//
// It knows both schemas' tables and columns (tables.go) and checks them
// against both databases before it writes anything. Rows keep their IDs, so
// every reference and every link stays valid. The copy is one PostgreSQL
// transaction: it commits only once every table is copied and counted again
// on both sides, and a failure anywhere leaves the target as it was. The
// source is opened read-only.
package sitecopy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/masthead-news/masthead"
)

// Options tunes a copy.
type Options struct {
	// Progress, when not nil, is told of each step as it ends (each
	// table copied, the search index, the indexes), so that copying a
	// large site shows that it moves.
	Progress io.Writer
}

// TableCount is how many rows a table holds, in the source and the target
// alike once the copy is verified.
type TableCount struct {
	Table string
	Rows  int64
}

// Report is what a copy did.
type Report struct {
	// Tables lists every table copied, in the order copied.
	Tables []TableCount
	// Indexed is how many articles the target indexed for search.
	Indexed int64
}

// Copy copies the site in the SQLite file at sourcePath into the
// PostgreSQL database at targetURL. It migrates the target to the current
// schema first, as any command would, and refuses (ECONFLICT, writing
// nothing else) when the target already holds site data. The source must be
// at the same schema version: masthead migrates an SQLite file whenever it
// opens one, but this must not write to it.
func Copy(ctx context.Context, sourcePath, targetURL string, opts Options) (*Report, error) {
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	src, err := openSource(ctx, sourcePath)
	if err != nil {
		return nil, err
	}
	defer src.close()
	srcVersion, err := src.version(ctx)
	if err != nil {
		return nil, err
	}

	if err := migrateTarget(ctx, targetURL); err != nil {
		return nil, err
	}
	conn, err := pgx.Connect(ctx, targetURL)
	if err != nil {
		return nil, fmt.Errorf("connect to the PostgreSQL database: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if !preferLZ4(ctx, conn) {
		fmt.Fprintln(progress, "the PostgreSQL server has no lz4: compressing with its default, which is slower")
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin on the PostgreSQL database: %w", err)
	}
	report, err := copyAll(ctx, src, srcVersion, tx, progress)
	if err != nil {
		// The rollback would happen anyway when the connection closes;
		// its own error says nothing the first does not.
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("commit the copy: %w", err)
	}
	return report, nil
}

// checkVersions refuses a source at another schema version than the
// target, which this masthead has just migrated: the two stores number
// their migrations in step, so equal versions mean the same tables.
func checkVersions(sourcePath string, source, target int64) error {
	switch {
	case source < target:
		return masthead.Errorf(masthead.EINVALID, "the SQLite database %s is at schema version %d, older than the "+
			"PostgreSQL database's %d: run any masthead command on it first (such as 'masthead user list --database sqlite:PATH'), "+
			"which brings it up to date", sourcePath, source, target)
	case source > target:
		return masthead.Errorf(masthead.EINVALID, "the SQLite database %s is at schema version %d, newer than this "+
			"masthead's %d: copy it with the masthead that wrote it", sourcePath, source, target)
	}
	return nil
}

// copyAll does the copy inside the target's transaction: it checks both
// databases, readies the target, copies the tables, rebuilds what the
// target derives from them, and verifies the counts. An error leaves the
// transaction to be rolled back.
func copyAll(ctx context.Context, src *source, srcVersion int64, tx pgx.Tx, progress io.Writer) (*Report, error) {
	tables := siteTables()
	if err := checkSchemas(ctx, src, srcVersion, tx, tables); err != nil {
		return nil, err
	}
	if err := lockTables(ctx, tx, tables); err != nil {
		return nil, err
	}
	if err := checkEmpty(ctx, tx, tables); err != nil {
		return nil, err
	}
	if err := setTriggers(ctx, tx, tables, false); err != nil {
		return nil, err
	}
	indexes, err := dropIndexes(ctx, tx, targetTables(tables))
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		start := time.Now()
		n, err := copyTable(ctx, src, tx, t)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(progress, "copied %s: %d rows in %s\n", t.name, n, since(start))
	}

	// Statistics first, so that the search index's look-ups of each
	// article's tags are planned for the tables as they now are.
	if err := analyze(ctx, tx, tableNames(tables)); err != nil {
		return nil, err
	}
	start := time.Now()
	indexed, err := buildSearch(ctx, tx)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "indexed %d articles for search in %s\n", indexed, since(start))
	start = time.Now()
	if err := createIndexes(ctx, tx, indexes); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "made %d indexes again in %s\n", len(indexes), since(start))
	if err := setTriggers(ctx, tx, tables, true); err != nil {
		return nil, err
	}
	if err := setSequences(ctx, tx); err != nil {
		return nil, err
	}
	if err := bumpVersion(ctx, tx); err != nil {
		return nil, err
	}
	// Statistics again, now with the search index and the indexes on
	// expressions, so that the site's first queries are planned well
	// rather than from autovacuum's first visit on.
	if err := analyze(ctx, tx, targetTables(tables)); err != nil {
		return nil, err
	}
	counts, err := verify(ctx, src, tx, tables, indexed)
	if err != nil {
		return nil, err
	}
	return &Report{Tables: counts, Indexed: indexed}, nil
}

// checkSchemas refuses databases at different schema versions, or whose
// tables are not the ones the copy knows.
func checkSchemas(ctx context.Context, src *source, srcVersion int64, tx pgx.Tx, tables []table) error {
	v, err := targetVersion(ctx, tx)
	if err != nil {
		return err
	}
	if err := checkVersions(src.path, srcVersion, v); err != nil {
		return err
	}
	if err := checkSourceSchema(ctx, src.tx, tables); err != nil {
		return err
	}
	return checkTargetSchema(ctx, tx, tables)
}

func analyze(ctx context.Context, tx pgx.Tx, names []string) error {
	if _, err := tx.Exec(ctx, `ANALYZE `+strings.Join(names, ", ")); err != nil {
		return fmt.Errorf("analyze the PostgreSQL tables: %w", err)
	}
	return nil
}

func since(start time.Time) time.Duration {
	return time.Since(start).Round(time.Millisecond)
}

// copyTable streams one table from the source into the target with COPY.
func copyTable(ctx context.Context, src *source, tx pgx.Tx, t table) (int64, error) {
	rows, err := src.rows(ctx, t)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columnNames(), newRowReader(t, rows))
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", t.name, err)
	}
	return n, nil
}

// verify counts every table again on both sides, and the search documents
// against the articles, and returns the counts. Any difference is an error,
// which rolls the copy back.
func verify(ctx context.Context, src *source, tx pgx.Tx, tables []table, indexed int64) ([]TableCount, error) {
	var counts []TableCount
	var errs []error
	for _, t := range tables {
		want, err := src.count(ctx, t)
		if err != nil {
			return nil, err
		}
		got, err := targetCount(ctx, tx, t.name)
		if err != nil {
			return nil, err
		}
		if got != want {
			errs = append(errs, fmt.Errorf("%s has %d rows in the SQLite database and %d in the PostgreSQL one", t.name, want, got))
		}
		counts = append(counts, TableCount{Table: t.name, Rows: got})
		if t.name == "articles" && indexed != got {
			errs = append(errs, fmt.Errorf("%d articles but %d search documents", got, indexed))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("the copy does not match its source, and was rolled back: %w", errors.Join(errs...))
	}
	return counts, nil
}
