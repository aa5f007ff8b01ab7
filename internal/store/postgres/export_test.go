package postgres

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead/internal/store/postgres/pgtest"
)

// The package's tests get their databases as every other package's do,
// from pgtest; these names keep the tests short.

// AdminURL returns the server the tests use, and skips t when there is none.
func AdminURL(t testing.TB) string { t.Helper(); return pgtest.AdminURL(t) }

// FreshDatabase creates an empty database on the test server, dropped when
// t ends, and returns its URL.
func FreshDatabase(t testing.TB) string { t.Helper(); return pgtest.FreshDatabase(t) }

// AdminExec runs statements on the test server's own database, outside any
// transaction.
func AdminExec(t testing.TB, statements ...string) {
	t.Helper()
	pgtest.Exec(t, pgtest.AdminURL(t), statements...)
}

// SetVersionWait changes how long ChangeVersion waits for the transactions
// that took a version to end.
func (db *DB) SetVersionWait(d time.Duration) { db.versionWait = d }
