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

// testConcurrentComments posts many comments at once, some of them invalid:
// each valid one is stored exactly once with its own ID, and each invalid one
// fails alone, whatever the store does to write them together.
func testConcurrentComments(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	a := newArticle("busy", base)
	if _, err := s.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	const n = 200
	ids := make([]int64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: fmt.Sprintf("comment %d", i)}
			switch i % 10 {
			case 3:
				c.ArticleID = a.ID + 1000 // no such article
			case 7:
				c.ParentID = 1 << 40 // no such parent
			}
			errs[i] = s.CreateComment(ctx, c)
			ids[i] = c.ID
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	stored := 0
	for i := range n {
		switch i % 10 {
		case 3:
			if masthead.ErrorCode(errs[i]) != masthead.ENOTFOUND {
				t.Errorf("comment %d on a missing article: err %v, want ENOTFOUND", i, errs[i])
			}
		case 7:
			if masthead.ErrorCode(errs[i]) != masthead.EINVALID {
				t.Errorf("comment %d under a missing parent: err %v, want EINVALID", i, errs[i])
			}
		default:
			if errs[i] != nil || ids[i] == 0 || seen[ids[i]] {
				t.Errorf("comment %d: err %v, id %d (seen before: %v)", i, errs[i], ids[i], seen[ids[i]])
			}
			seen[ids[i]] = true
			stored++
		}
	}
	got, err := s.ApprovedComments(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != stored {
		t.Fatalf("%d comments stored, want %d", len(got), stored)
	}
	for _, c := range got {
		if !seen[c.ID] {
			t.Fatalf("stored comment %d was never acknowledged", c.ID)
		}
	}
}

// testConcurrentReads reads one article from many more goroutines than a
// store has connections: every read must finish, none may wait on another.
func testConcurrentReads(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := newArticle("read-often", base)
	a.Tags = []masthead.Tag{{Slug: "one", Name: "One"}}
	save(t, s, a)
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for range 10 {
				if _, err := s.ArticleBySlug(t.Context(), a.Slug); err != nil {
					t.Errorf("ArticleBySlug: %v", err)
					return
				}
				if _, err := s.Article(t.Context(), a.ID); err != nil {
					t.Errorf("Article: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}
