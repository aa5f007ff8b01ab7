package sitecopy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/masthead-news/masthead"
)

// source is the SQLite database being copied. It is opened read-only, so
// that nothing this package does can change it, and read in one
// transaction, so that every table is read as of one moment even while a
// server goes on writing to the file.
type source struct {
	path string
	db   *sql.DB
	tx   *sql.Tx
}

// openSource opens the SQLite file at path read-only and begins the read.
// The sqlite store's own Open is no use here: it migrates the file, which is
// a write.
func openSource(ctx context.Context, path string) (*source, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, masthead.Errorf(masthead.EINVALID, "the SQLite database %s does not exist", path)
	} else if err != nil {
		return nil, fmt.Errorf("open the SQLite database: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, masthead.Errorf(masthead.EINVALID, "%s is not a file, so not an SQLite database", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open the SQLite database %s: %w", path, err)
	}
	// A file: URI, escaped, so that SQLite itself applies mode=ro (the
	// driver passes only such names to SQLite with their parameters) and
	// a path with ? or # in it stays a path. The WAL is read, not
	// ignored as immutable=1 would: it may hold the latest writes.
	dsn := (&url.URL{Scheme: "file", Path: abs}).String() +
		"?mode=ro&_pragma=busy_timeout(10000)&_pragma=query_only(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open the SQLite database %s: %w", path, err)
	}
	// One connection: the transaction's.
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("read the SQLite database %s: %w", path, err), db.Close())
	}
	return &source{path: path, db: db, tx: tx}, nil
}

// close ends the read. Nothing was written, so there is nothing to commit.
func (s *source) close() error {
	return errors.Join(s.tx.Rollback(), s.db.Close())
}

// version returns the migration the file's schema is at, and EINVALID when
// it is no masthead database.
func (s *source) version(ctx context.Context) (int64, error) {
	var n int
	err := s.tx.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("read the SQLite database %s: %w", s.path, err)
	}
	if n == 0 {
		return 0, masthead.Errorf(masthead.EINVALID, "%s is no masthead database: it has no schema version", s.path)
	}
	var v int64
	if err := s.tx.QueryRowContext(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read the schema version of %s: %w", s.path, err)
	}
	return v, nil
}

// count returns how many rows the table has.
func (s *source) count(ctx context.Context, t table) (int64, error) {
	var n int64
	if err := s.tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s in the SQLite database: %w", t.name, err)
	}
	return n, nil
}

// rows reads the whole table, in its order.
func (s *source) rows(ctx context.Context, t table) (*sql.Rows, error) {
	rows, err := s.tx.QueryContext(ctx, t.selectAll())
	if err != nil {
		return nil, fmt.Errorf("read %s from the SQLite database: %w", t.name, err)
	}
	return rows, nil
}
