package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// testCountRecentComments checks the counts the comment rate limits read,
// which every instance sharing the database must see alike.
func testCountRecentComments(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, newArticle("a", base.Add(-time.Hour)))
	other := save(t, s, newArticle("other", base.Add(-time.Hour)))
	const key, v6 = "198.51.100.7", "2001:db8:1:2::/64"
	at := func(articleID int64, rateKey string, ago time.Duration, status masthead.CommentStatus) *masthead.Comment {
		return comment(t, s, &masthead.Comment{
			ArticleID: articleID, Status: status, Name: "Ann", Body: "Hi",
			IP: "198.51.100.7", RateKey: rateKey, CreatedAt: base.Add(-ago),
		})
	}
	at(a.ID, key, 2*time.Minute, masthead.CommentApproved) // before the window
	at(a.ID, key, time.Minute, masthead.CommentApproved)   // on its edge, so out
	at(a.ID, key, 30*time.Second, masthead.CommentSpam)
	at(a.ID, key, 0, masthead.CommentPending)
	at(other.ID, key, 10*time.Second, masthead.CommentTrash)
	at(a.ID, v6, 5*time.Second, masthead.CommentApproved)
	gone := at(a.ID, v6, 4*time.Second, masthead.CommentApproved)
	if err := s.DeleteComment(t.Context(), gone.ID); err != nil {
		t.Fatalf("DeleteComment: %v", err)
	}
	at(a.ID, "", time.Second, masthead.CommentApproved) // stored before rate keys
	since := base.Add(-time.Minute)

	for _, tc := range []struct {
		name             string
		articleID        int64
		rateKey          string
		byKey, onArticle int
	}{
		{"every status counts, deleted and older comments do not", a.ID, key, 3, 4},
		{"another key and article", other.ID, v6, 1, 1},
		{"an empty key counts nothing, even comments without one", a.ID, "", 0, 4},
		{"a zero article counts nothing", 0, key, 3, 0},
		{"unknown key and article", other.ID + 100, "192.0.2.1", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			byKey, onArticle, err := s.CountRecentComments(t.Context(), tc.articleID, tc.rateKey, since)
			if err != nil {
				t.Fatalf("CountRecentComments: %v", err)
			}
			if byKey != tc.byKey || onArticle != tc.onArticle {
				t.Errorf("CountRecentComments(%d, %q) = %d, %d; want %d, %d",
					tc.articleID, tc.rateKey, byKey, onArticle, tc.byKey, tc.onArticle)
			}
		})
	}

	t.Run("the rate key is kept", func(t *testing.T) {
		c := at(a.ID, v6, 0, masthead.CommentPending)
		if got := getComment(t, s, c.ID); got.RateKey != v6 {
			t.Errorf("RateKey read back = %q, want %q", got.RateKey, v6)
		}
	})
}
