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

// changeFixture is a store with an article and comments in every position a
// write to the ChangeVersion cases needs, all created before it is measured.
type changeFixture struct {
	s        store.Store
	article  *masthead.Article
	pending  *masthead.Comment // pending, without replies
	approved *masthead.Comment // approved, without replies
	// threaded is pending, with the approved reply reply.
	threaded, reply *masthead.Comment
}

func newChangeFixture(t *testing.T, s store.Store) *changeFixture {
	t.Helper()
	f := &changeFixture{s: s, article: save(t, s, fullArticle("storm"))}
	c := func(status masthead.CommentStatus, parentID int64) *masthead.Comment {
		return comment(t, s, &masthead.Comment{
			ArticleID: f.article.ID, ParentID: parentID, Status: status,
			Name: "Ann", Email: "ann@example.com", Body: "Hi", CreatedAt: base,
		})
	}
	f.pending = c(masthead.CommentPending, 0)
	f.approved = c(masthead.CommentApproved, 0)
	f.threaded = c(masthead.CommentPending, 0)
	f.reply = c(masthead.CommentApproved, f.threaded.ID)
	if err := s.SetSetting(t.Context(), "comments.moderation", masthead.ModerateFirstTime); err != nil {
		t.Fatalf("SetSetting: %v", err)
	}
	return f
}

func setStatus(t *testing.T, s store.Store, status masthead.CommentStatus, ids ...int64) {
	t.Helper()
	if _, err := s.SetCommentStatus(t.Context(), status, ids...); err != nil {
		t.Fatalf("SetCommentStatus(%q, %v): %v", status, ids, err)
	}
}

func testChangeVersion(t *testing.T, open func(t *testing.T) store.Store) {
	writes := []struct {
		name    string
		changes bool
		write   func(t *testing.T, f *changeFixture)
	}{
		{"creating an article changes it", true, func(t *testing.T, f *changeFixture) {
			save(t, f.s, newArticle("new", base))
		}},
		{"updating an article changes it", true, func(t *testing.T, f *changeFixture) {
			f.article.Title = "New title"
			save(t, f.s, f.article)
		}},
		{"changing only an article's tags changes it", true, func(t *testing.T, f *changeFixture) {
			f.article.Tags = []masthead.Tag{{Slug: "other", Name: "Other"}}
			save(t, f.s, f.article)
		}},
		{"creating an approved comment changes it", true, func(t *testing.T, f *changeFixture) {
			comment(t, f.s, &masthead.Comment{ArticleID: f.article.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi"})
		}},
		{"approving a pending comment changes it", true, func(t *testing.T, f *changeFixture) {
			setStatus(t, f.s, masthead.CommentApproved, f.pending.ID)
		}},
		{"moving an approved comment to spam changes it", true, func(t *testing.T, f *changeFixture) {
			setStatus(t, f.s, masthead.CommentSpam, f.approved.ID)
		}},
		{"editing an approved comment changes it", true, func(t *testing.T, f *changeFixture) {
			if err := f.s.UpdateCommentBody(t.Context(), f.approved.ID, "Edited"); err != nil {
				t.Fatalf("UpdateCommentBody: %v", err)
			}
		}},
		{"deleting an approved comment changes it", true, func(t *testing.T, f *changeFixture) {
			if err := f.s.DeleteComment(t.Context(), f.approved.ID); err != nil {
				t.Fatalf("DeleteComment: %v", err)
			}
		}},
		{"deleting a pending comment moves its approved reply, which changes it", true, func(t *testing.T, f *changeFixture) {
			if err := f.s.DeleteComment(t.Context(), f.threaded.ID); err != nil {
				t.Fatalf("DeleteComment: %v", err)
			}
		}},
		{"closing an article's comments changes it", true, func(t *testing.T, f *changeFixture) {
			if err := f.s.SetCommentsClosed(t.Context(), f.article.ID, true); err != nil {
				t.Fatalf("SetCommentsClosed: %v", err)
			}
		}},
		{"adding a setting changes it", true, func(t *testing.T, f *changeFixture) {
			if err := f.s.SetSetting(t.Context(), "comments.max_depth", "3"); err != nil {
				t.Fatalf("SetSetting: %v", err)
			}
		}},
		{"replacing a setting changes it", true, func(t *testing.T, f *changeFixture) {
			if err := f.s.SetSetting(t.Context(), "comments.moderation", masthead.ModerateAll); err != nil {
				t.Fatalf("SetSetting: %v", err)
			}
		}},

		{"creating a pending comment leaves it alone", false, func(t *testing.T, f *changeFixture) {
			comment(t, f.s, &masthead.Comment{ArticleID: f.article.ID, Status: masthead.CommentPending, Name: "Ann", Body: "Hi"})
		}},
		{"creating a comment of no status, so pending, leaves it alone", false, func(t *testing.T, f *changeFixture) {
			comment(t, f.s, &masthead.Comment{ArticleID: f.article.ID, Name: "Ann", Body: "Hi"})
		}},
		{"creating a spam comment leaves it alone", false, func(t *testing.T, f *changeFixture) {
			comment(t, f.s, &masthead.Comment{ArticleID: f.article.ID, Status: masthead.CommentSpam, Name: "Ann", Body: "Hi"})
		}},
		{"moving a pending comment to spam leaves it alone", false, func(t *testing.T, f *changeFixture) {
			setStatus(t, f.s, masthead.CommentSpam, f.pending.ID)
		}},
		{"moving a pending comment to trash leaves it alone", false, func(t *testing.T, f *changeFixture) {
			setStatus(t, f.s, masthead.CommentTrash, f.pending.ID)
		}},
		{"editing a pending comment leaves it alone", false, func(t *testing.T, f *changeFixture) {
			if err := f.s.UpdateCommentBody(t.Context(), f.pending.ID, "Edited"); err != nil {
				t.Fatalf("UpdateCommentBody: %v", err)
			}
		}},
		{"deleting a pending comment without replies leaves it alone", false, func(t *testing.T, f *changeFixture) {
			if err := f.s.DeleteComment(t.Context(), f.pending.ID); err != nil {
				t.Fatalf("DeleteComment: %v", err)
			}
		}},
	}
	for _, tc := range writes {
		t.Run(tc.name, func(t *testing.T) {
			f := newChangeFixture(t, open(t))
			before := changeVersion(t, f.s)
			tc.write(t, f)
			after := changeVersion(t, f.s)
			if tc.changes && after == before {
				t.Errorf("ChangeVersion stayed %d", before)
			}
			if !tc.changes && after != before {
				t.Errorf("ChangeVersion went from %d to %d", before, after)
			}
		})
	}

	t.Run("reads and rejected writes leave it alone", func(t *testing.T) {
		f := newChangeFixture(t, open(t))
		s, a := f.s, f.article
		before := changeVersion(t, s)
		ctx := t.Context()
		unknown := f.reply.ID + 1000
		_, _ = s.Article(ctx, a.ID)
		_, _, _ = s.FindArticles(ctx, masthead.ArticleFilter{VisibleAt: base})
		_, _ = s.Sections(ctx, base)
		_, _ = s.ApprovedComments(ctx, a.ID)
		_, _ = s.Comment(ctx, f.approved.ID)
		_, _, _ = s.FindComments(ctx, masthead.CommentFilter{})
		_, _ = s.HasApprovedComment(ctx, "Ann", "ann@example.com")
		_, _ = s.HasDuplicateComment(ctx, a.ID, "Ann", "ann@example.com", "Hi")
		_, _ = s.Settings(ctx)
		_, _ = s.TokenByHash(ctx, make([]byte, 32))
		_, _ = s.SaveArticle(ctx, newArticle("", base))
		_ = s.CreateComment(ctx, &masthead.Comment{ArticleID: a.ID + 1000, Status: masthead.CommentApproved, Body: "Hi"})
		_ = s.CreateComment(ctx, &masthead.Comment{ArticleID: a.ID, Status: "shown", Body: "Hi"})
		_, _ = s.SetCommentStatus(ctx, "shown", f.approved.ID, f.pending.ID)
		_, _ = s.SetCommentStatus(ctx, masthead.CommentSpam, unknown)
		_ = s.UpdateCommentBody(ctx, unknown, "Edited")
		_ = s.DeleteComment(ctx, unknown)
		_ = s.SetCommentsClosed(ctx, a.ID+1000, true)
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
