package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testComments(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("approved comments come oldest first, then by ID, and nothing else", func(t *testing.T) {
		s := open(t)
		a := save(t, s, newArticle("a", base))
		other := save(t, s, newArticle("other", base))
		at := func(d time.Duration, status masthead.CommentStatus, articleID int64) *masthead.Comment {
			return comment(t, s, &masthead.Comment{
				ArticleID: articleID, Status: status, Name: "Ann", Email: "ann@example.com",
				Website: "https://ann.example.com", IP: "192.0.2.1", Body: "Well said.",
				SpamScore: 0.25, CreatedAt: base.Add(d),
			})
		}
		latest := at(2*time.Minute, masthead.CommentApproved, a.ID)
		tiedFirst := at(time.Minute, masthead.CommentApproved, a.ID)
		tiedSecond := at(time.Minute, masthead.CommentApproved, a.ID)
		at(0, masthead.CommentPending, a.ID)
		at(0, masthead.CommentSpam, a.ID)
		at(0, masthead.CommentTrash, a.ID)
		at(0, masthead.CommentApproved, other.ID)

		got, err := s.ApprovedComments(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("ApprovedComments: %v", err)
		}
		if d := diff([]*masthead.Comment{tiedFirst, tiedSecond, latest}, got); d != "" {
			t.Errorf("ApprovedComments (-want +got):\n%s", d)
		}
	})

	t.Run("a reply keeps its parent", func(t *testing.T) {
		s := open(t)
		a := save(t, s, newArticle("a", base))
		parent := comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "First", CreatedAt: base})
		reply := comment(t, s, &masthead.Comment{ArticleID: a.ID, ParentID: parent.ID, Status: masthead.CommentApproved, Name: "Bo", Body: "Reply", CreatedAt: base.Add(time.Second)})
		got, err := s.ApprovedComments(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("ApprovedComments: %v", err)
		}
		if d := diff([]*masthead.Comment{parent, reply}, got); d != "" {
			t.Errorf("ApprovedComments (-want +got):\n%s", d)
		}
	})

	t.Run("create fills in ID and a zero CreatedAt", func(t *testing.T) {
		s := open(t)
		a := save(t, s, newArticle("a", base))
		before := time.Now().Add(-time.Second)
		c := comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi"})
		if c.ID == 0 {
			t.Error("ID not filled in")
		}
		if c.CreatedAt.Before(before) || c.CreatedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("CreatedAt = %v, want about now", c.CreatedAt)
		}
		got, err := s.ApprovedComments(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("ApprovedComments: %v", err)
		}
		if d := diff([]*masthead.Comment{c}, got); d != "" {
			t.Errorf("ApprovedComments (-want +got):\n%s", d)
		}
	})

	t.Run("create keeps a given CreatedAt", func(t *testing.T) {
		s := open(t)
		a := save(t, s, newArticle("a", base))
		c := comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi", CreatedAt: base})
		if !c.CreatedAt.Equal(base) {
			t.Errorf("CreatedAt = %v, want %v", c.CreatedAt, base)
		}
	})

	t.Run("an article without approved comments has none", func(t *testing.T) {
		s := open(t)
		a := save(t, s, newArticle("a", base))
		comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentPending, Name: "Ann", Body: "Hi"})
		got, err := s.ApprovedComments(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("ApprovedComments: %v", err)
		}
		if len(got) != 0 {
			t.Errorf("got %d comments, want none", len(got))
		}
	})
}
