package sitecopy

import (
	"bytes"
	"crypto/sha256"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/postgres"
	"github.com/masthead-news/masthead/internal/store/postgres/pgtest"
)

// openPostgres opens the store on the target, closed when t ends.
func openPostgres(t *testing.T, url string) *postgres.DB {
	t.Helper()
	st, err := postgres.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// both asks each store the same and fails t when the answers differ; it
// returns the PostgreSQL store's answer.
func both[T any](t *testing.T, what string, src, dst store.Store, ask func(store.Store) (T, error)) T {
	t.Helper()
	want, err := ask(src)
	if err != nil {
		t.Fatalf("%s on SQLite: %v", what, err)
	}
	got, err := ask(dst)
	if err != nil {
		t.Fatalf("%s on PostgreSQL: %v", what, err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s differs (-SQLite +PostgreSQL):\n%s", what, diff)
	}
	return got
}

// page is what the store's paged finders return.
type page[T any] struct {
	Items []T
	Total int
}

// The whole site reads back the same through the store contract, and the
// target goes on working as a site of its own.
func TestCopy(t *testing.T) {
	target := pgtest.FreshDatabase(t)
	openPostgres(t, target).Close() // migrated, to know its indexes
	indexesBefore := targetIndexes(t, target)
	s := sqliteSite(t)
	before := digest(t, s.path)
	var progress bytes.Buffer
	report, err := Copy(t.Context(), s.path, target, Options{Progress: &progress})
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	if after := digest(t, s.path); after != before {
		t.Errorf("the copy changed the SQLite file")
	}
	checkReport(t, s.path, report, progress.String())
	if after := targetIndexes(t, target); after != indexesBefore {
		t.Errorf("the copy did not leave the indexes as the migrations made them:\nbefore %s\nafter  %s", indexesBefore, after)
	}
	sameRows(t, s.path, target)

	src, dst := openSQLite(t, s.path), openPostgres(t, target)
	sameSite(t, s, src, dst)
	keepsWorking(t, s, dst)
}

// targetIndexes lists the target's indexes.
func targetIndexes(t *testing.T, url string) string {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	return indexDefs(t, conn)
}

// digest is the SQLite file's hash.
func digest(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// checkReport wants every table in the report, in the copy's order, with as
// many rows as the source has, and a progress line for each.
func checkReport(t *testing.T, path string, report *Report, progress string) {
	t.Helper()
	tables := siteTables()
	if len(report.Tables) != len(tables) {
		t.Fatalf("report lists %d tables, want %d: %+v", len(report.Tables), len(tables), report.Tables)
	}
	src, err := openSource(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	for i, tc := range report.Tables {
		want, err := src.count(t.Context(), tables[i])
		if err != nil {
			t.Fatal(err)
		}
		if tc.Table != tables[i].name || tc.Rows != want || want == 0 {
			t.Errorf("report %d = %+v; want %s with %d rows, and the fixture to have some", i, tc, tables[i].name, want)
		}
		if !strings.Contains(progress, "copied "+tc.Table+": ") {
			t.Errorf("no progress line for %s in %q", tc.Table, progress)
		}
	}
	articles, _ := src.count(t.Context(), table{name: "articles"})
	if report.Indexed != articles {
		t.Errorf("indexed %d articles for search, want %d", report.Indexed, articles)
	}
}

// sameSite asks both stores everything a site shows and does.
func sameSite(t *testing.T, s *site, src, dst store.Store) {
	ctx := t.Context()
	var ids []int64
	for _, slug := range s.articles {
		a := both(t, "ArticleBySlug "+slug, src, dst, func(st store.Store) (*masthead.Article, error) { return st.ArticleBySlug(ctx, slug) })
		both(t, "Article", src, dst, func(st store.Store) (*masthead.Article, error) { return st.Article(ctx, a.ID) })
		ids = append(ids, a.ID)
	}
	if _, err := dst.ArticleBySlug(ctx, "deleted-story"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the deleted article: %v, want ENOTFOUND", err)
	}
	first, err := dst.ArticleBySlug(ctx, "story-0")
	if err != nil {
		t.Fatal(err)
	}
	if !first.CommentsClosed || first.CommentCount != 3 || first.Views != 11 || len(first.Tags) != 3 || first.Tags[2].Slug != "vessels" {
		t.Errorf("story-0 = closed %v, %d comments, %d views, tags %+v; want closed, 3, 11, the renamed tag last",
			first.CommentsClosed, first.CommentCount, first.Views, first.Tags)
	}

	for _, f := range []masthead.ArticleFilter{
		{}, {VisibleAt: now}, {Status: masthead.StatusDraft}, {SectionSlug: "city"}, {TagSlug: "storms"},
		{AuthorSlug: "ann-author"}, {SourceSlug: "harbour-gazette"}, {TitleContains: "edited"},
		{VisibleAt: now, WithBody: true, Limit: 3}, {VisibleAt: now, Before: &masthead.Cursor{PublishedAt: now.Add(-50 * time.Hour), ID: 1 << 40}},
	} {
		both(t, "FindArticles", src, dst, func(st store.Store) (page[*masthead.Article], error) {
			items, total, err := st.FindArticles(ctx, f)
			return page[*masthead.Article]{items, total}, err
		})
	}
	both(t, "Sections", src, dst, func(st store.Store) ([]*masthead.Section, error) { return st.Sections(ctx, now) })
	for _, kind := range masthead.TermKinds {
		both(t, "Terms "+string(kind), src, dst, func(st store.Store) ([]masthead.Term, error) { return st.Terms(ctx, kind) })
	}
	both(t, "Section", src, dst, func(st store.Store) (*masthead.Section, error) { return st.Section(ctx, "city") })
	both(t, "Tag", src, dst, func(st store.Store) (*masthead.Tag, error) { return st.Tag(ctx, "vessels") })
	both(t, "Author", src, dst, func(st store.Store) (*masthead.Author, error) { return st.Author(ctx, "anne-author") })
	both(t, "Source", src, dst, func(st store.Store) (*masthead.Source, error) { return st.Source(ctx, "the-wire") })
	for _, r := range []struct {
		kind     masthead.TermKind
		old, new string
	}{{masthead.KindTag, "boats", "vessels"}, {masthead.KindSection, "town", "city"}, {masthead.KindAuthor, "a-author", "anne-author"}, {masthead.KindSource, "wire", "the-wire"}} {
		to, ok, err := dst.TermRedirect(ctx, r.kind, r.old)
		if err != nil || !ok || to != r.new {
			t.Errorf("TermRedirect(%s, %s) = %q, %v, %v; want %q", r.kind, r.old, to, ok, err, r.new)
		}
	}

	// Related articles, sitemaps and schedules.
	related := both(t, "RelatedArticles", src, dst, func(st store.Store) ([]*masthead.Article, error) {
		return st.RelatedArticles(ctx, first, now, 5)
	})
	if len(related) == 0 {
		t.Errorf("no related articles")
	}
	chunks := both(t, "SitemapChunks", src, dst, func(st store.Store) ([]masthead.SitemapChunk, error) { return st.SitemapChunks(ctx, now, 3) })
	if len(chunks) < 2 {
		t.Errorf("SitemapChunks = %+v; want the visible articles in more than one chunk of 3", chunks)
	}
	for _, c := range chunks {
		entries := both(t, "SitemapArticles", src, dst, func(st store.Store) ([]masthead.SitemapEntry, error) {
			return st.SitemapArticles(ctx, now, c.N, 3)
		})
		if len(entries) == 0 {
			t.Errorf("sitemap chunk %d is empty", c.N)
		}
	}
	both(t, "NextPublication", src, dst, func(st store.Store) (time.Time, error) {
		at, _, err := st.NextPublication(ctx, now)
		return at, err
	})

	// Search: each database ranks and cuts snippets its own way, so what
	// must agree is which articles are found.
	for _, q := range []string{"harbour", "vessels", "gazette", "mayor's words", "fishermen -edited"} {
		both(t, "Search "+q, src, dst, func(st store.Store) ([]int64, error) {
			results, _, err := st.Search(ctx, masthead.SearchQuery{Text: q, VisibleAt: now, Limit: 50})
			var found []int64
			for _, r := range results {
				found = append(found, r.Article.ID)
			}
			slices.Sort(found)
			return found, err
		})
	}
	if results, _, err := dst.Search(ctx, masthead.SearchQuery{Text: "mayor's words", VisibleAt: now}); err != nil || len(results) != 1 || results[0].Article.Slug != "edited-story" {
		t.Errorf("Search for the edited text = %+v, %v; want the edited story", results, err)
	}
	suggestion := both(t, "SuggestQuery", src, dst, func(st store.Store) (string, error) {
		q, _, err := st.SuggestQuery(ctx, masthead.SearchQuery{Text: "harbur", VisibleAt: now})
		return q, err
	})
	if suggestion != "harbour" {
		t.Errorf("SuggestQuery(harbur) = %q, want harbour", suggestion)
	}

	// Comments, threads and moderation.
	thread := both(t, "ApprovedComments", src, dst, func(st store.Store) ([]*masthead.Comment, error) {
		return st.ApprovedComments(ctx, first.ID)
	})
	if len(thread) != 3 || thread[1].ParentID != thread[0].ID || thread[2].ParentID != thread[1].ID {
		t.Errorf("thread = %+v; want three comments, each replying to the one before", thread)
	}
	for _, status := range []masthead.CommentStatus{"", masthead.CommentPending, masthead.CommentSpam, masthead.CommentTrash} {
		both(t, "FindComments "+string(status), src, dst, func(st store.Store) (page[*masthead.Comment], error) {
			items, total, err := st.FindComments(ctx, masthead.CommentFilter{Status: status, Limit: store.MaxLimit})
			return page[*masthead.Comment]{items, total}, err
		})
	}
	for _, id := range s.comments {
		both(t, "Comment", src, dst, func(st store.Store) (*masthead.Comment, error) { return st.Comment(ctx, id) })
	}
	both(t, "HasApprovedComment", src, dst, func(st store.Store) (bool, error) {
		return st.HasApprovedComment(ctx, "KIM", "Kim@Readers.example")
	})
	both(t, "SpamSignals", src, dst, func(st store.Store) (masthead.SpamSignals, error) {
		return st.SpamSignals(ctx, now.Add(-48*time.Hour))
	})

	// Views.
	both(t, "MostRead", src, dst, func(st store.Store) ([]*masthead.Article, error) {
		return st.MostRead(ctx, now.Add(-48*time.Hour), now, 10)
	})
	both(t, "DailyActivity", src, dst, func(st store.Store) ([]masthead.DayActivity, error) {
		return st.DailyActivity(ctx, now.Add(-3*24*time.Hour), now)
	})

	// The newsroom: accounts whose passwords still verify, revisions,
	// images, tokens, sessions, throttling, settings.
	users := both(t, "Users", src, dst, func(st store.Store) ([]*masthead.User, error) { return st.Users(ctx) })
	hasher := auth.TestHasher()
	for email, pw := range s.passwords {
		u := both(t, "UserByEmail", src, dst, func(st store.Store) (*masthead.User, error) { return st.UserByEmail(ctx, email) })
		if ok, _, err := hasher.CheckPassword(pw, u.PasswordHash); err != nil || !ok {
			t.Errorf("%s's password does not verify after the copy: %v, %v", email, ok, err)
		}
	}
	if len(users) != len(s.passwords) {
		t.Errorf("%d users, want %d", len(users), len(s.passwords))
	}
	edited, err := dst.ArticleBySlug(ctx, "edited-story")
	if err != nil {
		t.Fatal(err)
	}
	revisions := both(t, "Revisions", src, dst, func(st store.Store) ([]masthead.Revision, error) { return st.Revisions(ctx, edited.ID) })
	if len(revisions) != 2 || revisions[0].UserName != "Ed Itor" || revisions[1].Article.Title != "Harbour story edited-story" {
		t.Errorf("revisions = %+v", revisions)
	}
	for _, r := range revisions {
		both(t, "Revision", src, dst, func(st store.Store) (*masthead.Revision, error) { return st.Revision(ctx, r.ID) })
	}
	if edited.Image == nil || edited.Image.Credit != "Photo: Ann" || len(edited.Image.Renditions) != 2 || edited.CreatedBy == 0 {
		t.Errorf("edited article's image %+v, created by %d", edited.Image, edited.CreatedBy)
	} else {
		both(t, "Image", src, dst, func(st store.Store) (*masthead.Image, error) { return st.Image(ctx, edited.Image.ID) })
	}
	both(t, "Tokens", src, dst, func(st store.Store) ([]*masthead.Token, error) { return st.Tokens(ctx) })
	both(t, "TokenByHash", src, dst, func(st store.Store) (*masthead.Token, error) { return st.TokenByHash(ctx, s.tokenHash) })
	if data, ok, err := dst.SessionFind(ctx, s.session); err != nil || !ok || !bytes.Equal(data, []byte{0, 1, 2, 0xff, 'x'}) {
		t.Errorf("SessionFind = %v, %v, %v; want the session's data", data, ok, err)
	}
	both(t, "Failures", src, dst, func(st store.Store) (int, error) { return st.Failures(ctx, "account:abc", now.Add(-time.Hour)) })
	both(t, "Settings", src, dst, func(st store.Store) (map[string]string, error) { return st.Settings(ctx) })

	// Republishing: followed sources with their polling state, what was
	// imported, and duplicate detection.
	configs := both(t, "SourceConfigs", src, dst, func(st store.Store) ([]*masthead.SourceConfig, error) { return st.SourceConfigs(ctx) })
	if len(configs) != 1 || configs[0].Feeds[0].ETag != `"abc"` || configs[0].Feeds[0].Imported != 12 || !configs[0].Source.CanonicalToOriginal {
		t.Errorf("SourceConfigs = %+v", configs)
	}
	for _, url := range []string{"https://gazette.example/storm", "https://wire.example/storm", "https://gazette.example/storm?moved"} {
		if ok, err := dst.ItemImported(ctx, url); err != nil || !ok {
			t.Errorf("ItemImported(%s) = %v, %v; want true", url, ok, err)
		}
	}
	cands := both(t, "FingerprintCandidates", src, dst, func(st store.Store) ([]masthead.ImportedArticle, error) {
		return st.FingerprintCandidates(ctx, s.fp^1)
	})
	if len(cands) != 1 || cands[0].Fingerprint != s.fp {
		t.Errorf("FingerprintCandidates = %+v; want the imported article's", cands)
	}
	imported, err := dst.ArticleBySlug(ctx, "imported-story")
	if err != nil {
		t.Fatal(err)
	}
	both(t, "Reports", src, dst, func(st store.Store) ([]masthead.Report, error) { return st.Reports(ctx, imported.ID) })
}

// keepsWorking writes to the target as a site would after the move: new
// rows get IDs past every copied one, and the triggers the copy switched
// off are on again (comment counts, the search index, the change version).
func keepsWorking(t *testing.T, s *site, dst store.Store) {
	ctx := t.Context()
	maxID := maxIDs(t, s.path)
	fresh := func(what string, id int64) {
		t.Helper()
		if id <= maxID[what] {
			t.Errorf("a new %s got ID %d, not past the copied ones (up to %d)", what, id, maxID[what])
		}
	}
	version, err := dst.ChangeVersion(ctx)
	if err != nil || version == 0 {
		t.Errorf("ChangeVersion = %d, %v; want it bumped by the copy", version, err)
	}

	a := &masthead.Article{Slug: "after-the-move", Title: "After the move", Body: "Zeppelins over the harbour.",
		Section: &masthead.Section{Slug: "science", Name: "Science"}, Tags: []masthead.Tag{{Slug: "airships", Name: "Airships"}},
		Author: &masthead.Author{Slug: "new-hand", Name: "New Hand"}, Source: &masthead.Source{Slug: "new-outlet", Name: "New Outlet"},
		Status: masthead.StatusPublished, PublishedAt: now}
	if err := dst.EditArticle(ctx, a, time.Time{}, 0); err != nil {
		t.Fatalf("EditArticle on the target: %v", err)
	}
	fresh("articles", a.ID)
	fresh("sections", a.Section.ID)
	fresh("tags", a.Tags[0].ID)
	fresh("authors", a.Author.ID)
	fresh("sources", a.Source.ID)
	if revs, err := dst.Revisions(ctx, a.ID); err != nil || len(revs) != 1 {
		t.Errorf("Revisions = %v, %v", revs, err)
	} else {
		fresh("article_revisions", revs[0].ID)
	}
	if after, err := dst.ChangeVersion(ctx); err != nil || after == version {
		t.Errorf("ChangeVersion after a save = %d, %v; want it moved from %d", after, err, version)
	}
	if results, _, err := dst.Search(ctx, masthead.SearchQuery{Text: "zeppelins airships", VisibleAt: now}); err != nil || len(results) != 1 || results[0].Article.ID != a.ID {
		t.Errorf("Search for the new article = %+v, %v", results, err)
	}
	if q, ok, err := dst.SuggestQuery(ctx, masthead.SearchQuery{Text: "zepelins", VisibleAt: now}); err != nil || !ok || q != "zeppelins" {
		t.Errorf("SuggestQuery(zepelins) = %q, %v, %v; want zeppelins", q, ok, err)
	}

	c := &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "New", Body: "First!"}
	if err := dst.CreateComment(ctx, c); err != nil {
		t.Fatal(err)
	}
	fresh("comments", c.ID)
	if got, err := dst.Article(ctx, a.ID); err != nil || got.CommentCount != 1 {
		t.Errorf("comment count after a comment = %v, %v; want 1", got, err)
	}
	u := &masthead.User{Email: "new@news.example", Name: "New Hand", Role: masthead.RoleAuthor, PasswordHash: "-"}
	if err := dst.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	fresh("users", u.ID)
	tok := &masthead.Token{Name: "new"}
	if err := dst.CreateToken(ctx, tok, []byte("new-token-hash-new-token-hash-00")); err != nil {
		t.Fatal(err)
	}
	fresh("tokens", tok.ID)
	im := &masthead.Image{Alt: "New", Width: 10, Height: 10, Renditions: []masthead.Rendition{{Width: 10, Height: 10, File: "10.jpg"}}}
	if err := dst.CreateImage(ctx, im); err != nil {
		t.Fatal(err)
	}
	fresh("images", im.ID)
	cfg := &masthead.SourceConfig{Source: masthead.Source{Slug: "new-outlet", Name: "New Outlet"}, Interval: time.Hour,
		Mode: masthead.ImportReview, Feeds: []masthead.Feed{{URL: "https://new.example/feed"}}}
	if err := dst.SaveSourceConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	fresh("source_feeds", cfg.Feeds[0].ID)
	if err := dst.AddReport(ctx, a.ID, &masthead.Report{Source: masthead.Source{Slug: "the-wire", Name: "The Wire"},
		URL: "https://wire.example/zeppelins", Title: "Zeppelins", SeenAt: now}, masthead.ImportedItem{URL: "https://wire.example/zeppelins"}); err != nil {
		t.Errorf("AddReport on the target: %v", err)
	}
	// A URL imported before the move is still refused.
	if err := dst.ImportArticle(ctx, &masthead.Article{Slug: "again", Title: "Again", Status: masthead.StatusDraft, PublishedAt: now},
		masthead.ImportedItem{URL: "https://gazette.example/storm"}); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("importing an item imported before the move: %v, want ECONFLICT", err)
	}
}

// maxIDs returns the highest ID of each table with one, in the SQLite file.
func maxIDs(t *testing.T, path string) map[string]int64 {
	t.Helper()
	src, err := openSource(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	out := map[string]int64{}
	for _, tb := range siteTables() {
		if tb.columns[0].name != "id" {
			continue
		}
		var n int64
		if err := src.tx.QueryRowContext(t.Context(), `SELECT coalesce(max(id), 0) FROM `+tb.name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tb.name] = n
	}
	return out
}
