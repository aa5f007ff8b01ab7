package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/masthead-news/masthead/internal/store/postgres"
)

// versionTaken begins a transaction that writes a section and takes its
// change version now, as its commit would: SET CONSTRAINTS ALL IMMEDIATE
// fires the deferred triggers at once. The transaction stays open, like one
// in the middle of its commit.
func versionTaken(t *testing.T, db *postgres.DB, slug string) *sql.Tx {
	t.Helper()
	ctx := t.Context()
	tx, err := db.Pools()[0].DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if _, err := tx.ExecContext(ctx, `INSERT INTO sections (slug, name) VALUES ($1, $1)`, slug); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `SET CONSTRAINTS ALL IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	return tx
}

type versionResult struct {
	v   int64
	err error
}

func changeVersionAsync(ctx context.Context, db *postgres.DB) <-chan versionResult {
	got := make(chan versionResult, 1)
	go func() {
		v, err := db.ChangeVersion(ctx)
		got <- versionResult{v, err}
	}()
	return got
}

// The change version is a sequence, whose new value everyone sees before
// the transaction that took it commits. ChangeVersion must not return it
// until then: a server that emptied its cache on seeing it would fill the
// cache again from the state before the write and keep it.
func TestChangeVersionWaitsForItsWriters(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	before, err := db.ChangeVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx := versionTaken(t, db, "late")
	got := changeVersionAsync(ctx, db)
	select {
	case r := <-got:
		t.Fatalf("ChangeVersion = %d, %v while the write that moved it was uncommitted", r.v, r.err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	r := <-got
	if r.err != nil {
		t.Fatalf("ChangeVersion: %v", r.err)
	}
	if r.v == before {
		t.Fatalf("ChangeVersion stayed %d", before)
	}
	var n int
	if err := db.Pools()[0].DB.QueryRowContext(ctx, `SELECT count(*) FROM sections WHERE slug = 'late'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("after ChangeVersion returned %d the write was not visible", r.v)
	}
	// The version has settled: it is read again without waiting.
	if v, err := db.ChangeVersion(ctx); err != nil || v != r.v {
		t.Errorf("ChangeVersion again = %d, %v; want %d", v, err, r.v)
	}
}

// A transaction that takes a version later than the one read is not waited
// for, so that a steady stream of writes cannot keep a poll waiting.
func TestChangeVersionWaitsOnlyForEarlierWriters(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	first := versionTaken(t, db, "first")
	got := changeVersionAsync(ctx, db)
	time.Sleep(300 * time.Millisecond) // let it read the version and find first
	second := versionTaken(t, db, "second")
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-got:
		if r.err != nil {
			t.Fatalf("ChangeVersion: %v", r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ChangeVersion waited for a transaction that took a later version")
	}
	if err := second.Rollback(); err != nil {
		t.Fatal(err)
	}
}

// A transaction that took a version and never ends is reported, rather than
// waited for for ever (or the server's poll would stop with it).
func TestChangeVersionGivesUpOnStuckWriters(t *testing.T) {
	db := open(t)
	db.SetVersionWait(200 * time.Millisecond)
	ctx := t.Context()
	tx := versionTaken(t, db, "stuck")
	if v, err := db.ChangeVersion(ctx); err == nil {
		t.Fatalf("ChangeVersion = %d, nil while its writer stayed open", v)
	}
	// A rolled-back transaction leaves its version taken; that reads as a
	// change, which only drops caches once more.
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		t.Fatal(err)
	}
	if _, err := db.ChangeVersion(ctx); err != nil {
		t.Errorf("ChangeVersion after the rollback: %v", err)
	}
}
