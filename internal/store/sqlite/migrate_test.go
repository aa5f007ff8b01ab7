package sqlite

import (
	"bytes"
	"database/sql"
	"io/fs"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/masthead-news/masthead"
)

// provider returns a goose provider for the file at path, for tests that
// stop at an earlier schema.
func provider(t *testing.T, path string) (*goose.Provider, *sql.DB) {
	t.Helper()
	raw, err := sql.Open("sqlite", path+"?"+pragmas)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { raw.Close() })
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatalf("goose: %v", err)
	}
	return p, raw
}

// TestMigrateCommentsOntoExistingData opens a file made by the first schema,
// with an article and comments in it, as an upgraded site would.
func TestMigrateCommentsOntoExistingData(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "masthead.db")
	p, raw := provider(t, path)
	if _, err := p.UpTo(ctx, 1); err != nil {
		t.Fatalf("migrate to 1: %v", err)
	}
	for _, q := range []string{
		`INSERT INTO articles (id, slug, title, status, published_at, created_at, updated_at)
			VALUES (1, 'old', 'Old', 'published', 0, 0, 0)`,
		`INSERT INTO comments (id, article_id, status, name, email, body, created_at)
			VALUES (1, 1, 'approved', 'Ann', 'Ann@Example.com', 'Hi', 0)`,
		`INSERT INTO comments (id, article_id, parent_id, status, name, body, created_at)
			VALUES (2, 1, 1, 'pending', 'Bo', 'Hello', 0)`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	a, err := db.Article(ctx, 1)
	if err != nil {
		t.Fatalf("Article: %v", err)
	}
	if a.CommentsClosed || a.CommentCount != 1 {
		t.Errorf("CommentsClosed, CommentCount = %v, %d; want false, 1", a.CommentsClosed, a.CommentCount)
	}
	if ok, err := db.HasApprovedComment(ctx, "ann", "ann@example.com"); err != nil || !ok {
		t.Errorf("HasApprovedComment on an old comment = %v, %v; want true", ok, err)
	}
	if reply, err := db.Comment(ctx, 2); err != nil || reply.ParentID != 1 {
		t.Errorf("Comment(2) = %+v, %v; want the reply to 1", reply, err)
	}

	before, err := db.ChangeVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateComment(ctx, &masthead.Comment{ArticleID: 1, Name: "Cy", Body: "Hi"}); err != nil {
		t.Fatalf("CreateComment: %v", err)
	}
	if after, err := db.ChangeVersion(ctx); err != nil || after != before {
		t.Errorf("a pending comment moved ChangeVersion from %d to %d (%v): the old triggers are still there", before, after, err)
	}
}

// TestMigrateCommentsDown checks that the migration can be undone and redone.
func TestMigrateCommentsDown(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "masthead.db")
	p, raw := provider(t, path)
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	if _, err := p.DownTo(ctx, 1); err != nil {
		t.Fatalf("down to 1: %v", err)
	}
	var n int
	err := raw.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM sqlite_schema
		WHERE name IN ('settings', 'tokens', 'comments_approved_email')`).Scan(&n)
	if err != nil || n != 0 {
		t.Errorf("%d objects of migration 2 left after down (%v)", n, err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
}

// TestMigrateSearchBackfills opens a file made before search, whose articles
// must be found once it is migrated.
func TestMigrateSearchBackfills(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "masthead.db")
	p, raw := provider(t, path)
	if _, err := p.UpTo(ctx, 3); err != nil {
		t.Fatalf("migrate to 3: %v", err)
	}
	for _, q := range []string{
		`INSERT INTO sources (id, slug, name) VALUES (1, 'gazette', 'Gazette')`,
		`INSERT INTO tags (id, slug, name) VALUES (1, 'rivers', 'Rivers')`,
		`INSERT INTO articles (id, slug, title, body, source_id, status, published_at, created_at, updated_at)
			VALUES (1, 'old', 'Old story', 'About the otter.', 1, 'published', 0, 0, 0)`,
		`INSERT INTO article_tags (article_id, tag_id, position) VALUES (1, 1, 0)`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	for _, text := range []string{"otter", "old story", "gazette", "rivers"} {
		got, n, err := db.Search(ctx, masthead.SearchQuery{Text: text})
		if err != nil || n != 1 || len(got) != 1 || got[0].Article.Slug != "old" {
			t.Errorf("Search(%q) = %d results, total %d, %v; want the old article", text, len(got), n, err)
		}
	}
}

// TestMigrateSays opens an existing file with migrations to apply, which on
// a big site takes long enough that the operator must be told; a new file
// and an up-to-date one say nothing.
func TestMigrateSays(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "masthead.db")
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	open := func() {
		t.Helper()
		db, err := Open(ctx, path, WithLogger(log))
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}

	open() // new
	open() // up to date
	if logged.Len() != 0 {
		t.Fatalf("a new or current file logged:\n%s", logged.String())
	}

	p, raw := provider(t, path)
	if _, err := p.DownTo(ctx, 16); err != nil {
		t.Fatalf("down to 16: %v", err)
	}
	raw.Close()
	open()
	out := logged.String()
	for _, want := range []string{"updating the database schema", "from=16", "database schema updated", "took="} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
