package sqlite_test

import (
	"context"
	"crypto/sha256"
	"path/filepath"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/sqlite"
	"github.com/masthead-news/masthead/internal/store/storetest"
)

func open(t testing.TB, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return open(t, filepath.Join(t.TempDir(), "masthead.db"))
	})
}

func article(slug string) *masthead.Article {
	return &masthead.Article{
		Slug:        slug,
		Title:       "Title of " + slug,
		Status:      masthead.StatusPublished,
		PublishedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

func TestSecondOpenSharesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	first := open(t, path)
	second := open(t, path) // stands in for another process, such as the CLI
	ctx := t.Context()

	a := article("from-first")
	if _, err := first.SaveArticle(ctx, a); err != nil {
		t.Fatalf("SaveArticle: %v", err)
	}
	if _, err := second.ArticleBySlug(ctx, a.Slug); err != nil {
		t.Errorf("second does not see the first's article: %v", err)
	}

	before, err := first.ChangeVersion(ctx)
	if err != nil {
		t.Fatalf("ChangeVersion: %v", err)
	}
	if _, err := second.SaveArticle(ctx, article("from-second")); err != nil {
		t.Fatalf("SaveArticle: %v", err)
	}
	after, err := first.ChangeVersion(ctx)
	if err != nil {
		t.Fatalf("ChangeVersion: %v", err)
	}
	if after == before {
		t.Errorf("first's ChangeVersion stayed %d after the second wrote", before)
	}
	if _, err := first.ArticleBySlug(ctx, "from-second"); err != nil {
		t.Errorf("first does not see the second's article: %v", err)
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	ctx := t.Context()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	a := article("kept")
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatalf("SaveArticle: %v", err)
	}
	version, err := db.ChangeVersion(ctx)
	if err != nil {
		t.Fatalf("ChangeVersion: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	again := open(t, path)
	if _, err := again.Article(ctx, a.ID); err != nil {
		t.Errorf("article lost on reopen: %v", err)
	}
	if v, err := again.ChangeVersion(ctx); err != nil || v != version {
		t.Errorf("ChangeVersion after reopen = %d, %v; want %d", v, err, version)
	}
	var applied int
	err = again.Pools()[0].DB.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM goose_db_version WHERE version_id = 1`).Scan(&applied)
	if err != nil || applied != 1 {
		t.Errorf("migration 1 recorded %d times (%v), want once", applied, err)
	}
}

func TestConcurrentOpensOfANewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	errs := make(chan error, 4)
	for range cap(errs) {
		go func() {
			db, err := sqlite.Open(context.Background(), path)
			if err == nil {
				err = db.Close()
			}
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Errorf("Open: %v", err)
		}
	}
}

func TestPools(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "masthead.db"))
	pools := db.Pools()
	if len(pools) != 2 || pools[0].Name != "read" || pools[1].Name != "write" {
		t.Fatalf("Pools = %+v, want read and write", pools)
	}
	if n := pools[1].DB.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("write pool allows %d connections, want 1", n)
	}
	// A write on the read pool would begin DEFERRED and could fail busy.
	if _, err := pools[0].DB.ExecContext(t.Context(), `UPDATE change_version SET version = 0`); err == nil {
		t.Error("read pool accepted a write")
	}
}

func TestTimesAreUTCMilliseconds(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "masthead.db"))
	a := article("zoned")
	a.PublishedAt = time.Date(2026, 3, 1, 13, 0, 0, 123456789, time.FixedZone("CET", 3600))
	if _, err := db.SaveArticle(t.Context(), a); err != nil {
		t.Fatalf("SaveArticle: %v", err)
	}
	got, err := db.Article(t.Context(), a.ID)
	if err != nil {
		t.Fatalf("Article: %v", err)
	}
	want := time.Date(2026, 3, 1, 12, 0, 0, 123000000, time.UTC)
	for name, tm := range map[string]time.Time{"PublishedAt": got.PublishedAt, "CreatedAt": got.CreatedAt, "UpdatedAt": got.UpdatedAt} {
		if tm.Location() != time.UTC {
			t.Errorf("%s in %v, want UTC", name, tm.Location())
		}
	}
	if got.PublishedAt != want {
		t.Errorf("PublishedAt = %v, want %v", got.PublishedAt, want)
	}
}

func TestOpenRejectsBadPath(t *testing.T) {
	for _, path := range []string{"", filepath.Join(t.TempDir(), "a?b.db"), filepath.Join(t.TempDir(), "missing", "dir", "x.db")} {
		if db, err := sqlite.Open(t.Context(), path); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", path)
		}
	}
}

func TestCreateCommentLeavesWritesAtNormalSync(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "masthead.db"))
	ctx := t.Context()
	a := article("a")
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatalf("SaveArticle: %v", err)
	}
	if err := db.CreateComment(ctx, &masthead.Comment{ArticleID: a.ID, Name: "Ann", Body: "Hi"}); err != nil {
		t.Fatalf("CreateComment: %v", err)
	}
	var sync int
	if err := db.Pools()[1].DB.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
		t.Fatalf("PRAGMA synchronous: %v", err)
	}
	if sync != 1 {
		t.Errorf("write pool synchronous = %d after a comment, want 1 (NORMAL)", sync)
	}
}

func TestCreateCommentRejects(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "masthead.db"))
	ctx := t.Context()
	a, b := article("a"), article("b")
	for _, x := range []*masthead.Article{a, b} {
		if _, err := db.SaveArticle(ctx, x); err != nil {
			t.Fatalf("SaveArticle: %v", err)
		}
	}
	onB := &masthead.Comment{ArticleID: b.ID, Name: "Ann", Body: "Hi"}
	if err := db.CreateComment(ctx, onB); err != nil {
		t.Fatalf("CreateComment: %v", err)
	}
	tests := []struct {
		name string
		c    masthead.Comment
	}{
		{"an unknown status is invalid", masthead.Comment{ArticleID: a.ID, Status: "shown", Body: "Hi"}},
		{"a reply to an unknown comment is invalid", masthead.Comment{ArticleID: a.ID, ParentID: onB.ID + 100, Body: "Hi"}},
		{"a reply to another article's comment is invalid", masthead.Comment{ArticleID: a.ID, ParentID: onB.ID, Body: "Hi"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code := masthead.ErrorCode(db.CreateComment(ctx, &tc.c)); code != masthead.EINVALID {
				t.Errorf("code = %q, want %q", code, masthead.EINVALID)
			}
		})
	}
}

func TestTokenHashes(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "masthead.db"))
	ctx := t.Context()
	hash := sha256.Sum256([]byte("secret"))
	if err := db.CreateToken(ctx, &masthead.Token{Name: "first"}, hash[:]); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	tests := []struct {
		name string
		hash []byte
		code string
	}{
		{"a hash already stored is a conflict", hash[:], masthead.ECONFLICT},
		{"an empty hash is invalid", nil, masthead.EINVALID},
		{"a hash that is not SHA-256 is invalid", hash[:20], masthead.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := &masthead.Token{Name: "second"}
			if code := masthead.ErrorCode(db.CreateToken(ctx, tok, tc.hash)); code != tc.code {
				t.Errorf("code = %q, want %q", code, tc.code)
			}
			if tok.ID != 0 {
				t.Errorf("ID = %d filled in by a failed create", tok.ID)
			}
		})
	}
	if got, err := db.TokenByHash(ctx, hash[:]); err != nil || got.Name != "first" {
		t.Errorf("TokenByHash = %+v, %v; want the first token", got, err)
	}
}

// SQLite folds only ASCII, so names are compared in Go.
func TestHasApprovedCommentFoldsEveryLetterOfTheName(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "masthead.db"))
	ctx := t.Context()
	a := article("a")
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatalf("SaveArticle: %v", err)
	}
	c := &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Zoë Ørsted", Email: "zoe@example.com", Body: "Hi"}
	if err := db.CreateComment(ctx, c); err != nil {
		t.Fatalf("CreateComment: %v", err)
	}
	if ok, err := db.HasApprovedComment(ctx, "ZOË ØRSTED", "ZOE@example.com"); err != nil || !ok {
		t.Errorf("HasApprovedComment = %v, %v; want true", ok, err)
	}
}

func TestSetCommentStatus(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "masthead.db"))
	ctx := t.Context()
	a := article("a")
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatalf("SaveArticle: %v", err)
	}
	c := &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi"}
	if err := db.CreateComment(ctx, c); err != nil {
		t.Fatalf("CreateComment: %v", err)
	}

	t.Run("more IDs than SQLite takes parameters", func(t *testing.T) {
		ids := make([]int64, 40_000)
		for i := range ids {
			ids[i] = c.ID + int64(i)
		}
		n, err := db.SetCommentStatus(ctx, masthead.CommentApproved, ids...)
		if err != nil || n != 1 {
			t.Errorf("SetCommentStatus = %d, %v; want 1", n, err)
		}
	})

	t.Run("approving an approved comment again leaves ChangeVersion alone", func(t *testing.T) {
		before, err := db.ChangeVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := db.SetCommentStatus(ctx, masthead.CommentApproved, c.ID); err != nil || n != 1 {
			t.Fatalf("SetCommentStatus = %d, %v; want 1", n, err)
		}
		if after, err := db.ChangeVersion(ctx); err != nil || after != before {
			t.Errorf("ChangeVersion went from %d to %d (%v)", before, after, err)
		}
	})
}
