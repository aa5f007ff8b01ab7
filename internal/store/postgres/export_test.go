package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestURLVariable names the variable that points the tests at a server, as
// a URL or key=value string whose user may create databases.
const TestURLVariable = "MASTHEAD_TEST_POSTGRES"

// AdminURL returns the server the tests use, and skips t when there is none.
func AdminURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(TestURLVariable)
	if admin == "" {
		t.Skip(TestURLVariable + " is not set: set it to a PostgreSQL server whose user may create databases " +
			"(such as postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) to run the PostgreSQL tests")
	}
	return admin
}

// FreshDatabase creates an empty database on the test server, dropped when
// t ends, and returns its URL.
func FreshDatabase(t testing.TB) string {
	t.Helper()
	admin := AdminURL(t)
	b := make([]byte, 8)
	rand.Read(b)
	name := "masthead_test_" + hex.EncodeToString(b)
	AdminExec(t, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize())
	t.Cleanup(func() {
		// Any connection left open, such as a failed test's, is ended.
		AdminExec(t, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	})
	return WithDatabase(t, admin, name)
}

// WithDatabase returns the URL (or key=value string) u with its database
// replaced by name.
func WithDatabase(t testing.TB, u, name string) string {
	t.Helper()
	if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
		return u + " dbname=" + name
	}
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatalf("%s: %v", TestURLVariable, err)
	}
	parsed.Path = "/" + name
	return parsed.String()
}

// AdminExec runs statements on the test server's own database, outside any
// transaction (CREATE DATABASE refuses to run in one). It does not use
// t.Context, which has ended by the time cleanups run.
func AdminExec(t testing.TB, statements ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, AdminURL(t))
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(ctx)
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// SetVersionWait changes how long ChangeVersion waits for the transactions
// that took a version to end.
func (db *DB) SetVersionWait(d time.Duration) { db.versionWait = d }
