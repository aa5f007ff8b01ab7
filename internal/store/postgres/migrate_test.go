package postgres

import (
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store/postgres/pgtest"
)

// rawDB opens a plain pool on url, for tests that stop at an earlier schema.
func rawDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { db.Close() })
	return db
}

// The two stores number their migrations alike, so that a schema version
// means the same on both.
func TestMigrationsMatchSQLite(t *testing.T) {
	names := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if filepath.Ext(e.Name()) == ".sql" {
				out = append(out, e.Name())
			}
		}
		return out
	}
	ours, theirs := names("migrations"), names(filepath.Join("..", "sqlite", "migrations"))
	if !slices.Equal(ours, theirs) {
		t.Errorf("migrations differ:\npostgres %v\nsqlite   %v", ours, theirs)
	}
}

// Every migration can be undone, leaving nothing of Masthead behind, and
// redone.
func TestMigrateDownAndUp(t *testing.T) {
	ctx := t.Context()
	db := rawDB(t, FreshDatabase(t))
	p, err := newProvider(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down to 0: %v", err)
	}
	var left []string
	rows, err := db.QueryContext(ctx, `
		SELECT 'table ' || tablename FROM pg_tables
		WHERE schemaname = current_schema() AND tablename <> 'goose_db_version'
		UNION ALL
		SELECT 'function ' || proname FROM pg_proc
		WHERE pronamespace = current_schema()::regnamespace AND proname LIKE 'masthead%'
		UNION ALL
		SELECT 'text search configuration ' || cfgname FROM pg_ts_config WHERE cfgname = 'masthead'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		left = append(left, s)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("left after migrating down: %v", left)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
}

// A database made before search and its vocabulary has its articles found,
// and its words suggested, once migrated.
func TestMigrateSearchBackfills(t *testing.T) {
	ctx := t.Context()
	url := FreshDatabase(t)
	raw := rawDB(t, url)
	p, err := newProvider(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 3); err != nil {
		t.Fatalf("migrate to 3: %v", err)
	}
	for _, q := range []string{
		`INSERT INTO sources (id, slug, name) VALUES (1, 'gazette', 'Gazette')`,
		`INSERT INTO tags (id, slug, name) VALUES (1, 'rivers', 'Rivers')`,
		`INSERT INTO articles (id, slug, title, body, source_id, status, published_at, created_at, updated_at)
			VALUES (1, 'old', 'Old story', 'About the otter.', 1, 'published', 0, 0, 0)`,
		`INSERT INTO article_tags (article_id, tag_id, position) VALUES (1, 1, 0)`,
		`INSERT INTO comments (id, article_id, status, name, body, created_at) VALUES (1, 1, 'approved', 'Ann', 'Hi', 0)`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db, err := Open(ctx, url)
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
	if got, ok, err := db.SuggestQuery(ctx, masthead.SearchQuery{Text: "ottr"}); err != nil || !ok || got != "otter" {
		t.Errorf("SuggestQuery(ottr) = %q, %v, %v; want otter", got, ok, err)
	}
	if a, err := db.Article(ctx, 1); err != nil || a.CommentCount != 1 {
		t.Errorf("Article(1) = %+v, %v; want one approved comment counted", a, err)
	}
}

// Where the role may not create the unaccent extension, migrations still
// succeed and search works, only without folding diacritics.
func TestSearchWithoutUnaccent(t *testing.T) {
	if admin := AdminURL(t); !strings.HasPrefix(admin, "postgres://") && !strings.HasPrefix(admin, "postgresql://") {
		t.Skip("this test changes the user of a URL, and " + pgtest.URLVariable + " is a key=value string")
	}
	role := "masthead_test_plain"
	AdminExec(t, `DROP ROLE IF EXISTS `+role, `CREATE ROLE `+role+` LOGIN`)
	t.Cleanup(func() { AdminExec(t, `DROP ROLE IF EXISTS `+role) })
	dbURL := FreshDatabase(t) // dropped before the role, which owns its tables
	// The role may create tables in the schema, but not extensions in the
	// database.
	if _, err := rawDB(t, dbURL).ExecContext(t.Context(), `GRANT CREATE ON SCHEMA public TO `+role); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	db, err := Open(t.Context(), u.String())
	if err != nil {
		t.Fatalf("Open without the right to create extensions: %v", err)
	}
	defer db.Close()
	a := &masthead.Article{Slug: "alpine", Title: "Snow in Zürich", Status: masthead.StatusPublished, PublishedAt: fromMillis(0)}
	if _, err := db.SaveArticle(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]int{"zürich": 1, "ZÜRICH": 1, "snow": 1, "zurich": 0} {
		_, n, err := db.Search(t.Context(), masthead.SearchQuery{Text: text})
		if err != nil || n != want {
			t.Errorf("Search(%q) = %d, %v; want %d", text, n, err, want)
		}
	}
}
