// Package pgtest gives tests outside the postgres package a PostgreSQL
// database of their own, the way the postgres package's tests get theirs:
// MASTHEAD_TEST_POSTGRES names a server whose user may create databases,
// each test gets a fresh database that is dropped when it ends, and without
// the variable the test is skipped with a message saying what to set.
package pgtest

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

// URLVariable names the variable that points the tests at a server, as a
// postgres:// URL or key=value string whose user may create databases.
const URLVariable = "MASTHEAD_TEST_POSTGRES"

// AdminURL returns the server the tests use, and skips t when there is none.
func AdminURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(URLVariable)
	if admin == "" {
		t.Skip(URLVariable + " is not set: set it to a PostgreSQL server whose user may create databases " +
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
	Exec(t, admin, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize())
	t.Cleanup(func() {
		// Any connection left open, such as a failed test's, is ended.
		Exec(t, admin, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
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
		t.Fatalf("%s: %v", URLVariable, err)
	}
	parsed.Path = "/" + name
	return parsed.String()
}

// Exec runs statements on the database at u, each outside any transaction
// (CREATE DATABASE refuses to run in one). It does not use t.Context, which
// has ended by the time cleanups run.
func Exec(t testing.TB, u string, statements ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, u)
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
