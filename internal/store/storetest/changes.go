package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func changeVersion(t *testing.T, s store.Store) int64 {
	t.Helper()
	v, err := s.ChangeVersion(t.Context())
	if err != nil {
		t.Fatalf("ChangeVersion: %v", err)
	}
	return v
}

func testChangeVersion(t *testing.T, open func(t *testing.T) store.Store) {
	writes := []struct {
		name  string
		write func(t *testing.T, s store.Store, existing *masthead.Article)
	}{
		{"creating an article changes it", func(t *testing.T, s store.Store, _ *masthead.Article) {
			save(t, s, newArticle("new", base))
		}},
		{"updating an article changes it", func(t *testing.T, s store.Store, a *masthead.Article) {
			a.Title = "New title"
			save(t, s, a)
		}},
		{"changing only an article's tags changes it", func(t *testing.T, s store.Store, a *masthead.Article) {
			a.Tags = []masthead.Tag{{Slug: "other", Name: "Other"}}
			save(t, s, a)
		}},
		{"creating a pending comment changes it", func(t *testing.T, s store.Store, a *masthead.Article) {
			comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentPending, Name: "Ann", Body: "Hi"})
		}},
		{"creating an approved comment changes it", func(t *testing.T, s store.Store, a *masthead.Article) {
			comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi"})
		}},
	}
	for _, tc := range writes {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			a := save(t, s, fullArticle("storm"))
			before := changeVersion(t, s)
			tc.write(t, s, a)
			if after := changeVersion(t, s); after == before {
				t.Errorf("ChangeVersion stayed %d", before)
			}
		})
	}

	t.Run("reads and rejected writes leave it alone", func(t *testing.T) {
		s := open(t)
		a := save(t, s, fullArticle("storm"))
		before := changeVersion(t, s)
		ctx := t.Context()
		_, _ = s.Article(ctx, a.ID)
		_, _, _ = s.FindArticles(ctx, masthead.ArticleFilter{VisibleAt: base})
		_, _ = s.Sections(ctx, base)
		_, _ = s.ApprovedComments(ctx, a.ID)
		_, _ = s.SaveArticle(ctx, newArticle("", base))
		_ = s.CreateComment(ctx, &masthead.Comment{ArticleID: a.ID + 1000, Status: masthead.CommentApproved, Body: "Hi"})
		if after := changeVersion(t, s); after != before {
			t.Errorf("ChangeVersion went from %d to %d", before, after)
		}
	})
}

func testNextPublication(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("nothing scheduled in an empty store", func(t *testing.T) {
		s := open(t)
		if next, ok, err := s.NextPublication(t.Context(), base); err != nil || ok {
			t.Errorf("NextPublication = %v, %v, %v; want none", next, ok, err)
		}
	})

	s := open(t)
	save(t, s, newArticle("past", base.Add(-time.Hour)))
	draft := newArticle("draft", base.Add(time.Hour))
	draft.Status = masthead.StatusDraft
	save(t, s, draft)
	save(t, s, newArticle("soon", base.Add(2*time.Hour)))
	save(t, s, newArticle("later", base.Add(3*time.Hour)))

	tests := []struct {
		name   string
		after  time.Time
		want   time.Time
		wantOK bool
	}{
		{"the earliest published article after the time, skipping drafts", base, base.Add(2 * time.Hour), true},
		{"strictly after the time", base.Add(2 * time.Hour), base.Add(3 * time.Hour), true},
		{"earlier times count too", base.Add(-2 * time.Hour), base.Add(-time.Hour), true},
		{"nothing after the last", base.Add(3 * time.Hour), time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok, err := s.NextPublication(t.Context(), tc.after)
			if err != nil {
				t.Fatalf("NextPublication: %v", err)
			}
			if ok != tc.wantOK || !got.Equal(tc.want) {
				t.Errorf("NextPublication(%v) = %v, %v; want %v, %v", tc.after, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
