package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// sitemapFixture saves, in this order, visible articles, two drafts, more
// visible articles and one scheduled a minute after base, and returns them
// all by ID.
func sitemapFixture(t *testing.T, s store.Store) []*masthead.Article {
	t.Helper()
	var all []*masthead.Article
	add := func(slug string, pub time.Time, status masthead.ArticleStatus) {
		a := newArticle(slug, pub)
		a.Status = status
		all = append(all, save(t, s, a))
	}
	for i := range 5 {
		// Out of publication order, as imports arrive.
		add(fmt.Sprintf("early-%d", i), base.Add(-time.Duration((i*3)%5+1)*time.Hour), masthead.StatusPublished)
	}
	add("draft-1", base.Add(-time.Hour), masthead.StatusDraft)
	add("draft-2", base.Add(-time.Hour), masthead.StatusDraft)
	for i := range 3 {
		add(fmt.Sprintf("late-%d", i), base.Add(-time.Duration(i+1)*time.Minute), masthead.StatusPublished)
	}
	add("scheduled", base.Add(time.Minute), masthead.StatusPublished)
	slices.SortFunc(all, func(a, b *masthead.Article) int { return int(a.ID - b.ID) })
	return all
}

// wantSitemap is what chunk n of size lists at visibleAt, worked out from
// the articles themselves.
func wantSitemap(all []*masthead.Article, visibleAt time.Time, n, size int) []masthead.SitemapEntry {
	var out []masthead.SitemapEntry
	for _, a := range all {
		first := int64(n-1)*int64(size) + 1
		if a.ID >= first && a.ID < first+int64(size) && a.VisibleAt(visibleAt) {
			out = append(out, masthead.SitemapEntry{Slug: a.Slug, PublishedAt: a.PublishedAt, UpdatedAt: a.UpdatedAt})
		}
	}
	return out
}

func testSitemapArticles(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	all := sitemapFixture(t, s)
	for _, at := range []time.Time{base, base.Add(time.Minute), base.Add(-24 * time.Hour)} {
		for _, size := range []int{1, 2, 3, 100} {
			for n := 0; n <= len(all)/size+2; n++ {
				got, err := s.SitemapArticles(t.Context(), at, n, size)
				if err != nil {
					t.Fatalf("SitemapArticles(%v, %d, %d): %v", at, n, size, err)
				}
				if d := diff(wantSitemap(all, at, n, size), got); d != "" {
					t.Errorf("SitemapArticles(%v, chunk %d, size %d) (-want +got):\n%s", at, n, size, d)
				}
			}
		}
	}
	if got, err := s.SitemapArticles(t.Context(), base, 1, 0); err != nil || len(got) != 0 {
		t.Errorf("SitemapArticles with size 0 = %v, %v; want nothing", got, err)
	}
}

// SitemapChunks lists the chunks SitemapArticles fills, each with its
// newest time.
func testSitemapChunks(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	if got, err := s.SitemapChunks(ctx, base, 2); err != nil || len(got) != 0 {
		t.Fatalf("SitemapChunks of an empty site = %v, %v", got, err)
	}
	all := sitemapFixture(t, s)
	for _, at := range []time.Time{base, base.Add(time.Minute)} {
		for _, size := range []int{1, 2, 3, 4, 10, 11} {
			got, err := s.SitemapChunks(ctx, at, size)
			if err != nil {
				t.Fatal(err)
			}
			var want []masthead.SitemapChunk
			for n := 1; (n-1)*size < len(all); n++ {
				entries := wantSitemap(all, at, n, size)
				if len(entries) == 0 {
					continue // a chunk of drafts only is left out
				}
				c := masthead.SitemapChunk{N: n}
				for _, e := range entries {
					if m := e.LastModified(); m.After(c.LastModified) {
						c.LastModified = m
					}
				}
				want = append(want, c)
			}
			if d := diff(want, got); d != "" {
				t.Errorf("SitemapChunks(%v, %d) (-want +got):\n%s", at, size, d)
			}
		}
	}
	if _, err := s.SitemapChunks(ctx, base, 0); err == nil {
		t.Errorf("SitemapChunks with size 0 did not fail")
	}
}
