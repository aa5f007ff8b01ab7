// Package sqlite keeps Masthead in one SQLite file, through the pure-Go
// modernc.org/sqlite driver.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	sqlitedriver "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/masthead-news/masthead/internal/store"
)

var _ store.Store = (*DB)(nil)

// busy_timeout comes first so that the pragmas after it wait for locks held
// by other processes rather than fail. NORMAL is safe in WAL mode: a power
// cut may lose the last commits but never corrupts the database, and a crash
// of the process loses nothing.
const pragmas = "_pragma=busy_timeout(10000)" + // as busyTimeout
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)"

const busyTimeout = 10 * time.Second

// DB is a Masthead store in one SQLite file.
//
// SQLite allows one writer at a time. Funnelling every write through a
// one-connection pool that begins IMMEDIATE makes writers in this process
// queue in Go instead of failing with SQLITE_BUSY, and taking the write lock
// at BEGIN means a transaction never has to upgrade a read lock (which SQLite
// cannot wait for). Readers have their own pool, as WAL lets them run beside
// the writer.
type DB struct {
	read       *sql.DB
	searchPool *sql.DB // read-only too, for full-text search (see openSearchPool)
	write      *sql.DB
	comments   *commentWriter
	stmts      stmtCache
}

// Open opens the database file at path, creating it when missing, and
// migrates it to the current schema. The path must name a file: ":memory:"
// would give each connection a database of its own.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("open sqlite: invalid path %q", path)
	}

	write, err := sql.Open("sqlite", path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite write pool: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)

	// The schema must exist, and the file be in WAL mode, before a read-only
	// connection opens it.
	if err := connect(ctx, write); err != nil {
		return nil, errors.Join(fmt.Errorf("open sqlite: %w", err), write.Close())
	}
	if err := migrate(ctx, write, o.log); err != nil {
		return nil, errors.Join(err, write.Close())
	}

	// Each read connection keeps a 1 MiB page cache rather than SQLite's
	// 2 MiB: the operating system caches the file anyway, and the process
	// stays small.
	read, err := openReadPool(ctx, path, "read", max(4, runtime.NumCPU()), 1<<10)
	if err != nil {
		return nil, errors.Join(err, write.Close())
	}
	search, err := openReadPool(ctx, path, "search", searchConns, searchCacheKiB)
	if err != nil {
		return nil, errors.Join(err, read.Close(), write.Close())
	}

	db := &DB{read: read, searchPool: search, write: write, comments: newCommentWriter()}
	if err := db.stmts.prepare(ctx, read, queryArticleByID, queryArticleBySlug, queryTagsOfOne); err != nil {
		return nil, errors.Join(err, read.Close(), search.Close(), write.Close())
	}
	go db.comments.run(write)
	return db, nil
}

// connect opens the write pool's one connection, which switches a new file
// to WAL. SQLite does not wait for the lock that switch needs, whatever the
// busy timeout, so when processes open a new file at once, the losers retry.
func connect(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(busyTimeout)
	for {
		err := db.PingContext(ctx)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func isBusy(err error) bool {
	var e *sqlitedriver.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}

// Ping returns an error when the database does not answer.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Pools returns the read and write pools, for metrics.
func (db *DB) Pools() []store.Pool {
	return []store.Pool{{Name: "read", DB: db.read}, {Name: "write", DB: db.write}}
}

// Close closes both pools. The write pool goes last so that its connection,
// which may write, is the one to checkpoint the WAL into the database.
func (db *DB) Close() error {
	db.comments.close()
	return errors.Join(db.stmts.close(), db.read.Close(), db.searchPool.Close(), db.write.Close())
}

// inWriteTx runs fn in an IMMEDIATE transaction on the write pool and commits
// it when fn returns nil.
func (db *DB) inWriteTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return inTx(ctx, db.write, nil, fn)
}

// inReadTx runs fn in a read transaction so that its queries see one
// snapshot, such as a page of articles and the total it is a page of.
func (db *DB) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return inTx(ctx, db.read, &sql.TxOptions{ReadOnly: true}, fn)
}

// searchConns and searchCacheKiB size the search pool: searches read the
// full-text indexes' long lists of common words, page after page, and with
// the read pool's 1 MiB cache each of those pages was a system call, over
// half of a search's time on a 100,000-article archive. A few connections
// with a cache of their own keep those pages in memory (up to 2 × 16 MiB,
// grown only as searches run) without growing every page-serving
// connection; searches beyond two at once wait their turn.
const (
	searchConns    = 2
	searchCacheKiB = 16 << 10
)

// openReadPool opens a pool of conns read-only connections, each with a
// page cache of cacheKiB. query_only keeps a stray write off it, where it
// would begin DEFERRED and could fail with SQLITE_BUSY.
func openReadPool(ctx context.Context, path, name string, conns, cacheKiB int) (*sql.DB, error) {
	pool, err := sql.Open("sqlite", fmt.Sprintf("%s?%s&_pragma=query_only(1)&_pragma=cache_size(-%d)", path, pragmas, cacheKiB))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s pool: %w", name, err)
	}
	pool.SetMaxOpenConns(conns)
	pool.SetMaxIdleConns(conns)
	pool.SetConnMaxLifetime(0)
	pool.SetConnMaxIdleTime(0)
	if err := pool.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("ping sqlite %s pool: %w", name, err), pool.Close())
	}
	return pool, nil
}

// txBeginner is a pool or one connection taken from it.
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

func inTx(ctx context.Context, b txBeginner, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
