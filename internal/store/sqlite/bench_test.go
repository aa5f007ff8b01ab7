package sqlite_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
)

// BenchmarkFindArticles measures the queries behind a page-cache miss over a
// site of 10,000 articles.
func BenchmarkFindArticles(b *testing.B) {
	const n = 10_000
	db := open(b, filepath.Join(b.TempDir(), "bench.db"))
	ctx := b.Context()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range n {
		a := &masthead.Article{
			Slug:        fmt.Sprintf("article-%05d", i),
			Title:       fmt.Sprintf("Article %d", i),
			Standfirst:  "A standfirst of ordinary length, a sentence or two.",
			BodyHTML:    "<p>Body.</p>",
			Section:     &masthead.Section{Slug: fmt.Sprintf("section-%d", i%10), Name: fmt.Sprintf("Section %d", i%10)},
			Author:      &masthead.Author{Slug: fmt.Sprintf("author-%d", i%40), Name: fmt.Sprintf("Author %d", i%40)},
			Source:      &masthead.Source{Slug: fmt.Sprintf("source-%d", i%5), Name: fmt.Sprintf("Source %d", i%5)},
			Tags:        []masthead.Tag{{Slug: fmt.Sprintf("tag-%d", i%50), Name: "T"}, {Slug: fmt.Sprintf("tag-%d", i%7), Name: "T"}},
			Status:      masthead.StatusPublished,
			PublishedAt: now.Add(-time.Duration(i) * time.Minute),
		}
		switch {
		case i%20 == 0:
			a.Status = masthead.StatusDraft
		case i%50 == 1:
			a.PublishedAt = now.Add(time.Duration(i) * time.Minute) // scheduled
		}
		if _, err := db.SaveArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			c := &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi"}
			if err := db.CreateComment(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
	}

	for _, bc := range []struct {
		name   string
		filter masthead.ArticleFilter
	}{
		{"home", masthead.ArticleFilter{VisibleAt: now, Limit: 20}},
		{"section", masthead.ArticleFilter{VisibleAt: now, Limit: 20, SectionSlug: "section-3"}},
		{"tag", masthead.ArticleFilter{VisibleAt: now, Limit: 20, TagSlug: "tag-3"}},
		{"author", masthead.ArticleFilter{VisibleAt: now, Limit: 20, AuthorSlug: "author-3"}},
		{"source", masthead.ArticleFilter{VisibleAt: now, Limit: 20, SourceSlug: "source-3"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				page, _, err := db.FindArticles(ctx, bc.filter)
				if err != nil {
					b.Fatal(err)
				}
				if len(page) != 20 {
					b.Fatalf("got %d articles, want 20", len(page))
				}
			}
		})
	}
}
