package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// testConcurrency writes from many goroutines at once, as the web server's
// comment handlers and an import do, while pages are read. Every write must
// succeed: a store may make writers wait but not fail them for being busy.
func testConcurrency(t *testing.T, open func(t *testing.T) store.Store) {
	const (
		writers  = 8
		articles = 5 // per writer
		comments = 2 // per article
	)
	s := open(t)
	ctx := t.Context()

	var wg sync.WaitGroup
	done := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			for i := range articles {
				a := newArticle(fmt.Sprintf("w%d-a%d", w, i), base.Add(-time.Duration(i)*time.Minute))
				a.Section = &masthead.Section{Slug: "world", Name: "World"}
				a.Tags = []masthead.Tag{{Slug: "shared", Name: "Shared"}, {Slug: fmt.Sprintf("w%d", w), Name: "Own"}}
				if _, err := s.SaveArticle(ctx, a); err != nil {
					t.Errorf("writer %d: SaveArticle: %v", w, err)
					return
				}
				for range comments {
					c := &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi"}
					if err := s.CreateComment(ctx, c); err != nil {
						t.Errorf("writer %d: CreateComment: %v", w, err)
						return
					}
				}
			}
		})
	}
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, _, err := s.FindArticles(ctx, masthead.ArticleFilter{VisibleAt: base, TagSlug: "shared"}); err != nil {
					t.Errorf("reader: FindArticles: %v", err)
					return
				}
				if _, err := s.ChangeVersion(ctx); err != nil {
					t.Errorf("reader: ChangeVersion: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()
	if t.Failed() {
		return
	}

	got, total := find(t, s, masthead.ArticleFilter{TagSlug: "shared", Limit: store.MaxLimit})
	if total != writers*articles {
		t.Errorf("total = %d, want %d", total, writers*articles)
	}
	for _, a := range got {
		if a.CommentCount != comments {
			t.Errorf("%s has %d comments, want %d", a.Slug, a.CommentCount, comments)
		}
	}
}
