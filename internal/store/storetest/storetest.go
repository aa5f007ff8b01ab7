// Package storetest is the behaviour suite every store.Store implementation
// must pass. It works only through the store.Store interface, so that each
// database is held to the same contract.
package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// Run runs the suite. open must return a new, empty store for each call and
// arrange for it to be closed when t ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("SaveArticle", func(t *testing.T) { testSaveArticle(t, open) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, open) })
	t.Run("FindArticles", func(t *testing.T) { testFindArticles(t, open) })
	t.Run("Images", func(t *testing.T) { testImages(t, open) })
	t.Run("DeleteArticle", func(t *testing.T) { testDeleteArticle(t, open) })
	t.Run("EditArticle", func(t *testing.T) { testEditArticle(t, open) })
	t.Run("FindByStatus", func(t *testing.T) { testFindByStatus(t, open) })
	t.Run("Search", func(t *testing.T) { testSearch(t, open) })
	t.Run("Phrases", func(t *testing.T) { testPhrases(t, open) })
	t.Run("SuggestQuery", func(t *testing.T) { testSuggestQuery(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open) })
	t.Run("LoginFailures", func(t *testing.T) { testLoginFailures(t, open) })
	t.Run("Sources", func(t *testing.T) { testSources(t, open) })
	t.Run("Imports", func(t *testing.T) { testImports(t, open) })
	t.Run("Views", func(t *testing.T) { testViews(t, open) })
	t.Run("DailyActivity", func(t *testing.T) { testDailyActivity(t, open) })
	t.Run("RelatedArticles", func(t *testing.T) { testRelatedArticles(t, open) })
	t.Run("SitemapChunks", func(t *testing.T) { testSitemapChunks(t, open) })
	t.Run("SitemapArticles", func(t *testing.T) { testSitemapArticles(t, open) })
	t.Run("Comments", func(t *testing.T) { testComments(t, open) })
	t.Run("Moderation", func(t *testing.T) { testModeration(t, open) })
	t.Run("FindCommentsByText", func(t *testing.T) { testFindCommentsByText(t, open) })
	t.Run("SpamSignals", func(t *testing.T) { testSpamSignals(t, open) })
	t.Run("CountRecentComments", func(t *testing.T) { testCountRecentComments(t, open) })
	t.Run("Settings", func(t *testing.T) { testSettings(t, open) })
	t.Run("Tokens", func(t *testing.T) { testTokens(t, open) })
	t.Run("TokenUsers", func(t *testing.T) { testTokenUsers(t, open) })
	t.Run("ChangeVersion", func(t *testing.T) { testChangeVersion(t, open) })
	t.Run("NextPublication", func(t *testing.T) { testNextPublication(t, open) })
	t.Run("Taxonomy", func(t *testing.T) { testTaxonomy(t, open) })
	t.Run("Sections", func(t *testing.T) { testSections(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("ConcurrentComments", func(t *testing.T) { testConcurrentComments(t, open) })
	t.Run("ConcurrentReads", func(t *testing.T) { testConcurrentReads(t, open) })
	t.Run("Ping", func(t *testing.T) {
		if err := open(t).Ping(t.Context()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})
}

// base is "now" for the suite. Times are whole seconds in UTC so that every
// store keeps them exactly.
var base = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// equateEmpty lets a store return nil or an empty slice for no tags.
var equateEmpty = cmpopts.EquateEmpty()

// newArticle returns a valid published article with no section, tags, author
// or source.
func newArticle(slug string, publishedAt time.Time) *masthead.Article {
	return &masthead.Article{
		Slug:        slug,
		Title:       "Title of " + slug,
		Status:      masthead.StatusPublished,
		PublishedAt: publishedAt,
	}
}

func save(t *testing.T, s store.Store, a *masthead.Article) *masthead.Article {
	t.Helper()
	if _, err := s.SaveArticle(t.Context(), a); err != nil {
		t.Fatalf("SaveArticle(%q): %v", a.Slug, err)
	}
	return a
}

func comment(t *testing.T, s store.Store, c *masthead.Comment) *masthead.Comment {
	t.Helper()
	if err := s.CreateComment(t.Context(), c); err != nil {
		t.Fatalf("CreateComment: %v", err)
	}
	return c
}

func find(t *testing.T, s store.Store, f masthead.ArticleFilter) ([]*masthead.Article, int) {
	t.Helper()
	got, total, err := s.FindArticles(t.Context(), f)
	if err != nil {
		t.Fatalf("FindArticles(%+v): %v", f, err)
	}
	return got, total
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := masthead.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func slugs(articles []*masthead.Article) []string {
	out := make([]string, len(articles))
	for i, a := range articles {
		out[i] = a.Slug
	}
	return out
}

func diff(want, got any) string {
	return cmp.Diff(want, got, equateEmpty)
}
