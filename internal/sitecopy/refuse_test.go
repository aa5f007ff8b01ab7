package sitecopy

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store/postgres/pgtest"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

// nowhere is a PostgreSQL URL nothing answers at, for copies that must
// fail before they reach the target.
const nowhere = "postgres://nobody@127.0.0.1:1/nothing?sslmode=disable&connect_timeout=1"

// alter changes the SQLite file by hand, as a damaged or foreign
// database would be.
func alter(t *testing.T, path string, statements ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range statements {
		if _, err := db.ExecContext(t.Context(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// wantError fails t unless err has the code and a message containing
// every one of the words.
func wantError(t *testing.T, err error, code string, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s naming %q", code, words)
	}
	msg := err.Error()
	if code != masthead.EINTERNAL {
		msg = masthead.ErrorMessage(err)
	}
	if masthead.ErrorCode(err) != code {
		t.Errorf("error %v: code %s, want %s", err, masthead.ErrorCode(err), code)
	}
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not say %q", msg, w)
		}
	}
}

// Arguments that name no masthead SQLite database are refused before the
// target is contacted, and a missing file is not created.
func TestCopyRefusesBadSources(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	_, err := Copy(t.Context(), missing, nowhere, Options{})
	wantError(t, err, masthead.EINVALID, missing, "does not exist")
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("the missing source was created: %v", err)
	}

	_, err = Copy(t.Context(), dir, nowhere, Options{})
	wantError(t, err, masthead.EINVALID, "not a file")

	notSQLite := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notSQLite, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Copy(t.Context(), notSQLite, nowhere, Options{})
	wantError(t, err, masthead.EINTERNAL, notSQLite, "not a database")

	foreign := filepath.Join(dir, "foreign.db")
	alter(t, foreign, `CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)`)
	_, err = Copy(t.Context(), foreign, nowhere, Options{})
	wantError(t, err, masthead.EINVALID, foreign, "no masthead database")
}

// A source at another schema version than the target, which the copy has
// just migrated, is refused with what to do about it, and so is one whose
// tables differ from what the copy knows; no site data is written.
func TestCopyRefusesOtherSchemas(t *testing.T) {
	target := pgtest.FreshDatabase(t)
	path := filepath.Join(t.TempDir(), "masthead.db")
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	src, err := openSource(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	latest, err := src.version(t.Context())
	src.close()
	if err != nil {
		t.Fatal(err)
	}
	openPostgres(t, target).Close() // migrated, as the copy leaves it
	empty := snapshot(t, target)

	older, newer := fmt.Sprint(latest-1), fmt.Sprint(latest+1)
	alter(t, path, `DELETE FROM goose_db_version WHERE version_id = `+fmt.Sprint(latest))
	_, err = Copy(t.Context(), path, target, Options{})
	wantError(t, err, masthead.EINVALID, "schema version "+older, "older", "masthead user list")

	alter(t, path, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (`+fmt.Sprint(latest)+`, 1), (`+newer+`, 1)`)
	_, err = Copy(t.Context(), path, target, Options{})
	wantError(t, err, masthead.EINVALID, "schema version "+newer, "newer")

	alter(t, path, `DELETE FROM goose_db_version WHERE version_id = `+newer,
		`ALTER TABLE articles ADD COLUMN mood TEXT NOT NULL DEFAULT ''`,
		`CREATE TABLE polls (id INTEGER PRIMARY KEY)`,
		`ALTER TABLE tokens DROP COLUMN user_id`)
	_, err = Copy(t.Context(), path, target, Options{})
	wantError(t, err, masthead.EINTERNAL, "column articles.mood is not copied", "table polls is not copied", "column tokens.user_id is missing")

	pgtest.Exec(t, target, `ALTER TABLE settings ADD COLUMN note TEXT`)
	alter(t, path, `ALTER TABLE articles DROP COLUMN mood`, `DROP TABLE polls`, `ALTER TABLE tokens ADD COLUMN user_id INTEGER`)
	_, err = Copy(t.Context(), path, target, Options{})
	wantError(t, err, masthead.EINTERNAL, "PostgreSQL schema", "column settings.note is not copied")
	pgtest.Exec(t, target, `ALTER TABLE settings DROP COLUMN note`)
	if after := snapshot(t, target); after != empty {
		t.Errorf("a refused copy changed the target:\nbefore %s\nafter  %s", empty, after)
	}
}

// A target that holds site data is refused, and left as it was.
func TestCopyRefusesNonEmptyTarget(t *testing.T) {
	target := pgtest.FreshDatabase(t)
	dst := openPostgres(t, target)
	ctx := t.Context()
	a := &masthead.Article{Slug: "already-here", Title: "Already here", Status: masthead.StatusPublished, PublishedAt: now}
	if _, err := dst.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := dst.CreateUser(ctx, &masthead.User{Email: "x@news.example", Name: "X", Role: masthead.RoleAdmin, PasswordHash: "-"}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, target)

	_, err := Copy(ctx, sqliteSite(t).path, target, Options{})
	wantError(t, err, masthead.ECONFLICT, "already holds site data", "articles", "users", "wrote nothing")
	if after := snapshot(t, target); after != before {
		t.Errorf("the refused copy changed the target:\nbefore %s\nafter  %s", before, after)
	}
	if got, err := dst.ArticleBySlug(ctx, "already-here"); err != nil || got.ID != a.ID {
		t.Errorf("the target's article = %+v, %v", got, err)
	}
}

// A failure halfway through the copy writes nothing: the target is as
// empty as it was, with its triggers on, and a copy of the mended source
// into it then succeeds.
func TestCopyRollsBackOnFailure(t *testing.T) {
	target := pgtest.FreshDatabase(t)
	s := sqliteSite(t)
	// Revisions are copied after articles, tags and comments.
	alter(t, s.path, `UPDATE article_revisions SET data = '{"title": ' WHERE id = (SELECT max(id) FROM article_revisions)`)
	empty := func() string {
		openPostgres(t, target).Close() // migrated, as the copy leaves it
		return snapshot(t, target)
	}()

	var progress strings.Builder
	_, err := Copy(t.Context(), s.path, target, Options{Progress: &progress})
	wantError(t, err, masthead.EINTERNAL, "article_revisions", "data", "not valid JSON")
	if !strings.Contains(progress.String(), "copied articles") {
		t.Errorf("the copy failed before it copied articles: %q", progress.String())
	}
	if after := snapshot(t, target); after != empty {
		t.Errorf("the failed copy left something behind:\nbefore %s\nafter  %s", empty, after)
	}

	// An error PostgreSQL finds (a tag that does not exist) rolls back too.
	alter(t, s.path, `UPDATE article_revisions SET data = '{}'`,
		`INSERT INTO article_tags (article_id, tag_id, position) SELECT max(id), 9999, 9 FROM articles`)
	_, err = Copy(t.Context(), s.path, target, Options{})
	wantError(t, err, masthead.EINTERNAL, "article_tags", "foreign key")
	if after := snapshot(t, target); after != empty {
		t.Errorf("the failed copy left something behind:\nbefore %s\nafter  %s", empty, after)
	}

	alter(t, s.path, `DELETE FROM article_tags WHERE tag_id = 9999`)
	if _, err := Copy(t.Context(), s.path, target, Options{}); err != nil {
		t.Fatalf("copy after the failures: %v", err)
	}
}

// A server may be running on the source: the copy reads what it wrote,
// still in the write-ahead log, and leaves it be.
func TestCopyWhileTheSourceIsInUse(t *testing.T) {
	target := pgtest.FreshDatabase(t)
	path := filepath.Join(t.TempDir(), "masthead.db")
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := &masthead.Article{Slug: "in-the-wal", Title: "In the WAL", Status: masthead.StatusPublished, PublishedAt: now}
	if _, err := st.SaveArticle(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path + "-wal"); err != nil || info.Size() == 0 {
		t.Fatalf("the write is not in the WAL (%v): the test tests nothing", err)
	}
	if _, err := Copy(t.Context(), path, target, Options{}); err != nil {
		t.Fatal(err)
	}
	if got, err := openPostgres(t, target).ArticleBySlug(t.Context(), "in-the-wal"); err != nil || got.ID != a.ID {
		t.Errorf("the article in the WAL = %+v, %v", got, err)
	}
	// The server goes on writing.
	if _, err := st.SaveArticle(t.Context(), &masthead.Article{Slug: "after", Title: "After", Status: masthead.StatusDraft, PublishedAt: now}); err != nil {
		t.Errorf("the source's server cannot write after the copy: %v", err)
	}
}

// snapshot describes everything in the target that a copy could change:
// each table's rows, each sequence (the change version's among them), the
// triggers' state, and the indexes.
func snapshot(t *testing.T, url string) string {
	t.Helper()
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var b strings.Builder
	for _, name := range targetTables(siteTables()) {
		var n int64
		var sum string
		if err := conn.QueryRow(ctx, `SELECT count(*), coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM `+name+` t`).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		b.WriteString(name + ":" + sum + " ")
	}
	rows, err := conn.Query(ctx, `
		SELECT s.relname || '=' || coalesce(pg_sequence_last_value(s.oid)::text, 'unset')
		FROM pg_class s WHERE s.relkind = 'S' ORDER BY s.relname`)
	if err != nil {
		t.Fatal(err)
	}
	seqs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString(strings.Join(seqs, " "))
	var disabled int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`).Scan(&disabled); err != nil {
		t.Fatal(err)
	}
	b.WriteString(" disabled triggers:" + strconv.Itoa(disabled))
	b.WriteString(" " + indexDefs(t, conn))
	return b.String()
}

// indexDefs lists the target's indexes as the catalog defines them.
func indexDefs(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	rows, err := conn.Query(t.Context(), `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(defs, "; ")
}
