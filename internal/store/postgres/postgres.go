// Package postgres keeps Masthead in a PostgreSQL database (13 or later),
// through pgx's database/sql driver.
//
// It implements the same contract as the sqlite package, with the same
// behaviour, and passes the same suite (storetest). Where the two differ is
// in how: PostgreSQL lets writers run together, so there is one pool and no
// write funnel; search is a weighted tsvector ranked by ts_rank_cd; and
// every change readers can see moves the sequence masthead_change_version on
// and announces the new version with NOTIFY on the channel masthead_changes
// (see ChangesChannel).
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/masthead-news/masthead/internal/store"
)

var _ store.Store = (*DB)(nil)

// ChangesChannel is the channel the database notifies, once per committed
// transaction that changes anything readers can see, with the new
// ChangeVersion as decimal text. Notifications may be coalesced or missed
// (a listener that reconnects missed those in between), so a listener should
// treat one as a hint and read ChangeVersion.
const ChangesChannel = "masthead_changes"

// DB is a Masthead store in a PostgreSQL database.
//
// All work goes through one pool. The server runs transactions side by
// side, so there is nothing to gain from SQLite's separate read and write
// pools; what must be serialised (the search index's writers, see
// migration 0019) is serialised by locks in the database, which also covers
// other processes. Counters that every writer would share (the change
// version, an article's approved comments) are kept where writers do not
// wait for each other: a sequence, and counts made as articles are read.
type DB struct {
	db  *sql.DB
	cfg *pgx.ConnConfig // for the listener's own connection
	// settledVersion is the last change version whose writers
	// ChangeVersion saw end: reading it again needs no wait.
	versionMu      sync.Mutex
	settledVersion int64
	// versionWait bounds how long ChangeVersion waits for the writers of
	// a version to end; tests shorten it.
	versionWait time.Duration
	// leaderRetry is how often RunAsLeader tries for the lock; tests
	// shorten it.
	leaderRetry time.Duration
}

// Pool sizes. The server, not this process, bounds how much work runs at
// once, and each connection costs it a backend process (and counts against
// max_connections), so the pool stays modest: enough for a web server's
// concurrent queries to overlap their round trips, with idle connections
// closed after a while so that quiet instances give theirs back.
var (
	maxOpenConns    = max(8, 4*runtime.NumCPU())
	maxIdleConns    = maxOpenConns
	connMaxIdleTime = 5 * time.Minute
	// Connections are renewed now and then so that a replaced server or
	// a changed DNS name is picked up without a restart.
	connMaxLifetime = time.Hour
)

// Open connects to the database at url (a postgres:// URL or key=value
// string, as pgx accepts) and migrates it to the current schema. Several
// processes may open one database at once: migrations run under an advisory
// lock, once.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxIdleConns)
	db.SetConnMaxIdleTime(connMaxIdleTime)
	db.SetConnMaxLifetime(connMaxLifetime)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("open postgres: %w", err), db.Close())
	}
	if err := migrate(ctx, db); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	st := &DB{db: db, cfg: cfg, leaderRetry: defaultLeaderRetry, versionWait: defaultVersionWait}
	for _, opt := range opts {
		opt(st)
	}
	return st, nil
}

// Ping returns an error when the database does not answer.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Pools returns the one pool, for metrics.
func (db *DB) Pools() []store.Pool {
	return []store.Pool{{Name: "postgres", DB: db.db}}
}

// Close closes the pool.
func (db *DB) Close() error {
	return db.db.Close()
}

// inTx runs fn in a READ COMMITTED transaction and commits it when fn
// returns nil. Writes need no more: each statement sees what others
// committed before it, and row locks and unique indexes settle races.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return inTx(ctx, db.db, nil, fn)
}

// inReadTx runs fn in a read-only REPEATABLE READ transaction so that its
// queries see one snapshot, such as a page of articles and the total it is
// a page of. (PostgreSQL's READ COMMITTED would give each statement its own.)
func (db *DB) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return inTx(ctx, db.db, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}, fn)
}

func inTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, opts)
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

// exec runs one statement on its own.
func (db *DB) exec(ctx context.Context, what, query string, args ...any) error {
	if _, err := db.db.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// isUniqueViolation reports whether err is a unique constraint failure.
func isUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}
