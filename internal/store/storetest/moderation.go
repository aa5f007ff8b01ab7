package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// testModeration covers what moderators do to comments after they are posted.
func testModeration(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("Comment reads back every field", func(t *testing.T) { testComment(t, open) })
	t.Run("FindComments", func(t *testing.T) { testFindComments(t, open) })
	t.Run("FindComments pages", func(t *testing.T) { testFindCommentsPages(t, open) })
	t.Run("SetCommentStatus", func(t *testing.T) { testSetCommentStatus(t, open) })
	t.Run("UpdateCommentBody", func(t *testing.T) { testUpdateCommentBody(t, open) })
	t.Run("DeleteComment", func(t *testing.T) { testDeleteComment(t, open) })
	t.Run("HasApprovedComment", func(t *testing.T) { testHasApprovedComment(t, open) })
	t.Run("HasDuplicateComment", func(t *testing.T) { testHasDuplicateComment(t, open) })
	t.Run("SetCommentsClosed", func(t *testing.T) { testCommentsClosed(t, open) })
}

func getComment(t *testing.T, s store.Store, id int64) *masthead.Comment {
	t.Helper()
	c, err := s.Comment(t.Context(), id)
	if err != nil {
		t.Fatalf("Comment(%d): %v", id, err)
	}
	return c
}

func findComments(t *testing.T, s store.Store, f masthead.CommentFilter) ([]*masthead.Comment, int) {
	t.Helper()
	got, total, err := s.FindComments(t.Context(), f)
	if err != nil {
		t.Fatalf("FindComments(%+v): %v", f, err)
	}
	return got, total
}

func commentIDs(comments []*masthead.Comment) []int64 {
	out := make([]int64, len(comments))
	for i, c := range comments {
		out[i] = c.ID
	}
	return out
}

func testComment(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, newArticle("a", base))
	parent := comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "First", CreatedAt: base})
	tests := []struct {
		name string
		c    *masthead.Comment
	}{
		{"a pending reply with every field", &masthead.Comment{
			ArticleID: a.ID, ParentID: parent.ID, Status: masthead.CommentPending,
			Name: "Zoë <b>", Email: "zoe@example.com", Website: "https://zoe.example.com/?a=1&b=2",
			IP: "2001:db8::1", Body: "Line one\n\n<script>alert(1)</script>", SpamScore: 0.75,
			CreatedAt: base.Add(time.Minute),
		}},
		{"a spam comment", &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentSpam, Body: "Buy now", CreatedAt: base}},
		{"a trashed comment", &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentTrash, Body: "Gone", CreatedAt: base}},
		{"a comment of no status is pending", &masthead.Comment{ArticleID: a.ID, Body: "Hi", CreatedAt: base}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := comment(t, s, tc.c)
			if c.Status == "" {
				t.Error("Status not filled in")
			}
			if d := diff(c, getComment(t, s, c.ID)); d != "" {
				t.Errorf("Comment(%d) (-created +read):\n%s", c.ID, d)
			}
		})
	}
}

func testFindComments(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, newArticle("a", base))
	b := save(t, s, newArticle("b", base))
	at := func(articleID int64, status masthead.CommentStatus, d time.Duration) *masthead.Comment {
		return comment(t, s, &masthead.Comment{
			ArticleID: articleID, Status: status, Name: "Ann", Email: "ann@example.com",
			IP: "192.0.2.1", Body: "Hi", SpamScore: 0.5, CreatedAt: base.Add(d),
		})
	}
	// Created out of time order, so that IDs do not follow times; tiedEarly
	// and tiedLate share a time and their IDs break the tie.
	newest := at(a.ID, masthead.CommentTrash, 4*time.Minute)
	oldest := at(b.ID, masthead.CommentPending, 0)
	tiedEarly := at(a.ID, masthead.CommentApproved, 2*time.Minute)
	second := at(a.ID, masthead.CommentPending, 3*time.Minute)
	early := at(a.ID, masthead.CommentPending, time.Minute)
	tiedLate := at(b.ID, masthead.CommentSpam, 2*time.Minute)
	all := []*masthead.Comment{newest, second, tiedLate, tiedEarly, early, oldest}

	tests := []struct {
		name   string
		filter masthead.CommentFilter
		want   []*masthead.Comment
		total  int
	}{
		{"no filter returns every comment newest first, ID breaking ties", masthead.CommentFilter{}, all, 6},
		{"status keeps its comments", masthead.CommentFilter{Status: masthead.CommentPending}, []*masthead.Comment{second, early, oldest}, 3},
		{"article keeps its comments", masthead.CommentFilter{ArticleID: a.ID}, []*masthead.Comment{newest, second, tiedEarly, early}, 4},
		{"article and status combine", masthead.CommentFilter{ArticleID: a.ID, Status: masthead.CommentPending}, []*masthead.Comment{second, early}, 2},
		{"spam is found by status", masthead.CommentFilter{Status: masthead.CommentSpam}, []*masthead.Comment{tiedLate}, 1},
		{"trash is found by status", masthead.CommentFilter{Status: masthead.CommentTrash}, []*masthead.Comment{newest}, 1},
		{"a status with no comments matches nothing", masthead.CommentFilter{ArticleID: b.ID, Status: masthead.CommentApproved}, nil, 0},
		{"an unknown article matches nothing", masthead.CommentFilter{ArticleID: b.ID + 1000}, nil, 0},
		{"limit and offset pick a page; total ignores them", masthead.CommentFilter{Limit: 2, Offset: 1}, all[1:3], 6},
		{"a filtered page counts the filtered total", masthead.CommentFilter{ArticleID: a.ID, Limit: 1, Offset: 1}, []*masthead.Comment{second}, 4},
		{"offset past the end gives nothing but the total", masthead.CommentFilter{Limit: 2, Offset: 10}, nil, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total := findComments(t, s, tc.filter)
			if d := diff(tc.want, got); d != "" {
				t.Errorf("comments (-want +got):\n%s", d)
			}
			if total != tc.total {
				t.Errorf("total = %d, want %d", total, tc.total)
			}
		})
	}
}

func testFindCommentsPages(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, newArticle("a", base))
	const n = store.MaxLimit + 5
	all := make([]int64, n)
	for i := range n {
		c := comment(t, s, &masthead.Comment{ArticleID: a.ID, Name: "Ann", Body: fmt.Sprint(i), CreatedAt: base.Add(time.Duration(i) * time.Second)})
		all[n-1-i] = c.ID
	}
	tests := []struct {
		name          string
		limit, offset int
		want          []int64
	}{
		{"zero limit gives the default page", 0, 0, all[:store.DefaultLimit]},
		{"zero limit with an offset", 0, 10, all[10 : 10+store.DefaultLimit]},
		{"a limit above the maximum is clamped", 10 * store.MaxLimit, 0, all[:store.MaxLimit]},
		{"the last page is short", 10, n - 3, all[n-3:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total := findComments(t, s, masthead.CommentFilter{Status: masthead.CommentPending, Limit: tc.limit, Offset: tc.offset})
			if d := diff(tc.want, commentIDs(got)); d != "" {
				t.Errorf("IDs (-want +got):\n%s", d)
			}
			if total != n {
				t.Errorf("total = %d, want %d", total, n)
			}
		})
	}
}

func testSetCommentStatus(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name   string
		status masthead.CommentStatus
		// pick chooses the IDs to move from the three pending comments.
		pick     func(c [3]*masthead.Comment) []int64
		want     int
		moved    [3]bool
		wantCode string
	}{
		{"approves the listed comments and counts them", masthead.CommentApproved,
			func(c [3]*masthead.Comment) []int64 { return []int64{c[0].ID, c[2].ID} }, 2, [3]bool{true, false, true}, ""},
		{"moves one comment to spam", masthead.CommentSpam,
			func(c [3]*masthead.Comment) []int64 { return []int64{c[1].ID} }, 1, [3]bool{false, true, false}, ""},
		{"moves comments to trash", masthead.CommentTrash,
			func(c [3]*masthead.Comment) []int64 { return []int64{c[0].ID, c[1].ID, c[2].ID} }, 3, [3]bool{true, true, true}, ""},
		{"skips and does not count unknown IDs", masthead.CommentApproved,
			func(c [3]*masthead.Comment) []int64 { return []int64{c[2].ID + 1000, c[1].ID, -1} }, 1, [3]bool{false, true, false}, ""},
		{"counts a comment already in the status", masthead.CommentPending,
			func(c [3]*masthead.Comment) []int64 { return []int64{c[0].ID} }, 1, [3]bool{true, false, false}, ""},
		{"no IDs move nothing", masthead.CommentApproved,
			func(c [3]*masthead.Comment) []int64 { return nil }, 0, [3]bool{}, ""},
		{"an unknown status is invalid and moves nothing", "shown",
			func(c [3]*masthead.Comment) []int64 { return []int64{c[0].ID} }, 0, [3]bool{}, masthead.EINVALID},
		{"an empty status is invalid and moves nothing", "",
			func(c [3]*masthead.Comment) []int64 { return []int64{c[0].ID} }, 0, [3]bool{}, masthead.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			a := save(t, s, newArticle("a", base))
			var c [3]*masthead.Comment
			for i := range c {
				c[i] = comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentPending, Name: "Ann", Body: fmt.Sprint(i)})
			}
			n, err := s.SetCommentStatus(t.Context(), tc.status, tc.pick(c)...)
			if tc.wantCode != "" {
				wantCode(t, err, tc.wantCode)
			} else if err != nil {
				t.Fatalf("SetCommentStatus: %v", err)
			}
			if n != tc.want {
				t.Errorf("SetCommentStatus = %d, want %d", n, tc.want)
			}
			for i, moved := range tc.moved {
				want := *c[i]
				if moved {
					want.Status = tc.status
				}
				if d := diff(&want, getComment(t, s, c[i].ID)); d != "" {
					t.Errorf("comment %d (-want +got):\n%s", i, d)
				}
			}
		})
	}

	t.Run("approved comments show on the article and count", func(t *testing.T) {
		s := open(t)
		a := save(t, s, newArticle("a", base))
		c := comment(t, s, &masthead.Comment{ArticleID: a.ID, Name: "Ann", Body: "Hi", CreatedAt: base})
		setStatus(t, s, masthead.CommentApproved, c.ID)
		got, err := s.ApprovedComments(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("ApprovedComments: %v", err)
		}
		if d := diff([]int64{c.ID}, commentIDs(got)); d != "" {
			t.Errorf("approved (-want +got):\n%s", d)
		}
		if read := getArticle(t, s, a.ID); read.CommentCount != 1 {
			t.Errorf("CommentCount = %d, want 1", read.CommentCount)
		}
	})
}

func getArticle(t *testing.T, s store.Store, id int64) *masthead.Article {
	t.Helper()
	a, err := s.Article(t.Context(), id)
	if err != nil {
		t.Fatalf("Article(%d): %v", id, err)
	}
	return a
}

func testUpdateCommentBody(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, newArticle("a", base))
	c := comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Email: "ann@example.com", Body: "Teh text", CreatedAt: base})
	other := comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Bo", Body: "Teh text", CreatedAt: base})

	for _, body := range []string{"The text", "", "Zoë's <em>text</em>\non two lines"} {
		t.Run(fmt.Sprintf("replaces the body with %q and nothing else", body), func(t *testing.T) {
			if err := s.UpdateCommentBody(t.Context(), c.ID, body); err != nil {
				t.Fatalf("UpdateCommentBody: %v", err)
			}
			want := *c
			want.Body = body
			if d := diff(&want, getComment(t, s, c.ID)); d != "" {
				t.Errorf("comment (-want +got):\n%s", d)
			}
			if d := diff(other, getComment(t, s, other.ID)); d != "" {
				t.Errorf("other comment changed (-want +got):\n%s", d)
			}
		})
	}
}

func testDeleteComment(t *testing.T, open func(t *testing.T) store.Store) {
	// thread is top ← middle ← (leaf, leaf2), plus a comment beside it.
	type thread struct{ top, middle, leaf, leaf2, beside *masthead.Comment }
	tests := []struct {
		name    string
		delete  func(th thread) *masthead.Comment
		parents func(th thread) map[int64]int64 // ID → ParentID of those left
	}{
		{"a middle comment's replies move up to its parent", func(th thread) *masthead.Comment { return th.middle },
			func(th thread) map[int64]int64 {
				return map[int64]int64{th.top.ID: 0, th.leaf.ID: th.top.ID, th.leaf2.ID: th.top.ID, th.beside.ID: 0}
			}},
		{"a top-level comment's replies move to the top level", func(th thread) *masthead.Comment { return th.top },
			func(th thread) map[int64]int64 {
				return map[int64]int64{th.middle.ID: 0, th.leaf.ID: th.middle.ID, th.leaf2.ID: th.middle.ID, th.beside.ID: 0}
			}},
		{"a leaf goes alone", func(th thread) *masthead.Comment { return th.leaf },
			func(th thread) map[int64]int64 {
				return map[int64]int64{th.top.ID: 0, th.middle.ID: th.top.ID, th.leaf2.ID: th.middle.ID, th.beside.ID: 0}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			a := save(t, s, newArticle("a", base))
			c := func(parent *masthead.Comment, status masthead.CommentStatus) *masthead.Comment {
				x := &masthead.Comment{ArticleID: a.ID, Status: status, Name: "Ann", Body: "Hi", CreatedAt: base}
				if parent != nil {
					x.ParentID = parent.ID
				}
				return comment(t, s, x)
			}
			var th thread
			th.top = c(nil, masthead.CommentApproved)
			th.middle = c(th.top, masthead.CommentPending)
			th.leaf = c(th.middle, masthead.CommentApproved)
			th.leaf2 = c(th.middle, masthead.CommentSpam)
			th.beside = c(nil, masthead.CommentApproved)

			gone := tc.delete(th)
			if err := s.DeleteComment(t.Context(), gone.ID); err != nil {
				t.Fatalf("DeleteComment: %v", err)
			}
			_, err := s.Comment(t.Context(), gone.ID)
			wantCode(t, err, masthead.ENOTFOUND)

			got := map[int64]int64{}
			left, _ := findComments(t, s, masthead.CommentFilter{ArticleID: a.ID})
			for _, x := range left {
				got[x.ID] = x.ParentID
			}
			if d := diff(tc.parents(th), got); d != "" {
				t.Errorf("parents of the comments left (-want +got):\n%s", d)
			}
		})
	}
}

func testHasApprovedComment(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, newArticle("a", base))
	b := save(t, s, newArticle("b", base))
	c := func(articleID int64, status masthead.CommentStatus, name, email string) {
		comment(t, s, &masthead.Comment{ArticleID: articleID, Status: status, Name: name, Email: email, Body: "Hi"})
	}
	c(a.ID, masthead.CommentApproved, "Ann Lee", "Ann@Example.com")
	c(b.ID, masthead.CommentApproved, "Bo", "bo@example.com")
	c(a.ID, masthead.CommentPending, "Cy", "cy@example.com")
	c(a.ID, masthead.CommentSpam, "Di", "di@example.com")
	c(a.ID, masthead.CommentTrash, "Ed", "ed@example.com")
	c(a.ID, masthead.CommentApproved, "Nobody", "")
	c(a.ID, masthead.CommentPending, "Ann Lee", "other@example.com")

	tests := []struct {
		name, who, email string
		want             bool
	}{
		{"same name and email", "Ann Lee", "Ann@Example.com", true},
		{"name and email in another case", "ANN LEE", "ann@example.COM", true},
		{"approved on any article", "bo", "BO@example.com", true},
		{"another name with the email", "Ann", "ann@example.com", false},
		{"the name with another email", "Ann Lee", "other@example.com", false},
		{"pending only", "Cy", "cy@example.com", false},
		{"spam only", "Di", "di@example.com", false},
		{"trash only", "Ed", "ed@example.com", false},
		{"unknown person", "Fay", "fay@example.com", false},
		{"an empty email never matches, even an approved comment without one", "Nobody", "", false},
		{"an empty email never matches a known name", "Ann Lee", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.HasApprovedComment(t.Context(), tc.who, tc.email)
			if err != nil {
				t.Fatalf("HasApprovedComment: %v", err)
			}
			if got != tc.want {
				t.Errorf("HasApprovedComment(%q, %q) = %v, want %v", tc.who, tc.email, got, tc.want)
			}
		})
	}
}

func testHasDuplicateComment(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, newArticle("a", base))
	b := save(t, s, newArticle("b", base))
	c := func(status masthead.CommentStatus, name, email, body string) {
		comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: status, Name: name, Email: email, Body: body})
	}
	c(masthead.CommentPending, "Ann", "ann@example.com", "First!")
	c(masthead.CommentApproved, "Bo", "bo@example.com", "Agreed.")
	c(masthead.CommentSpam, "Cy", "cy@example.com", "Buy now")
	c(masthead.CommentTrash, "Di", "di@example.com", "Oops")
	c(masthead.CommentPending, "Ed", "", "Anonymous note")

	tests := []struct {
		name             string
		articleID        int64
		who, email, body string
		want             bool
	}{
		{"same email and body on the article, pending", a.ID, "Ann", "ann@example.com", "First!", true},
		{"same email and body, approved", a.ID, "Bo", "bo@example.com", "Agreed.", true},
		{"same email and body, spam", a.ID, "Cy", "cy@example.com", "Buy now", true},
		{"the same email under another name is the same person", a.ID, "Annie", "ann@example.com", "First!", true},
		{"trash does not count", a.ID, "Di", "di@example.com", "Oops", false},
		{"another body", a.ID, "Ann", "ann@example.com", "Second!", false},
		{"the body must match exactly", a.ID, "Ann", "ann@example.com", "First! ", false},
		{"another article", b.ID, "Ann", "ann@example.com", "First!", false},
		{"another email with the same name and body", a.ID, "Ann", "ann2@example.com", "First!", false},
		{"no email: the same name and body", a.ID, "Ed", "", "Anonymous note", true},
		{"no email: another name", a.ID, "Edna", "", "Anonymous note", false},
		{"no email: the name on another article", b.ID, "Ed", "", "Anonymous note", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.HasDuplicateComment(t.Context(), tc.articleID, tc.who, tc.email, tc.body)
			if err != nil {
				t.Fatalf("HasDuplicateComment: %v", err)
			}
			if got != tc.want {
				t.Errorf("HasDuplicateComment(%d, %q, %q, %q) = %v, want %v", tc.articleID, tc.who, tc.email, tc.body, got, tc.want)
			}
		})
	}
}

func testCommentsClosed(t *testing.T, open func(t *testing.T) store.Store) {
	closed := func(t *testing.T, s store.Store, a *masthead.Article) bool {
		t.Helper()
		byID := getArticle(t, s, a.ID)
		bySlug, err := s.ArticleBySlug(t.Context(), a.Slug)
		if err != nil {
			t.Fatalf("ArticleBySlug: %v", err)
		}
		listed, _ := find(t, s, masthead.ArticleFilter{})
		if len(listed) != 1 {
			t.Fatalf("listed %d articles, want 1", len(listed))
		}
		if byID.CommentsClosed != bySlug.CommentsClosed || byID.CommentsClosed != listed[0].CommentsClosed {
			t.Errorf("CommentsClosed differs: Article %v, ArticleBySlug %v, FindArticles %v",
				byID.CommentsClosed, bySlug.CommentsClosed, listed[0].CommentsClosed)
		}
		return byID.CommentsClosed
	}
	setClosed := func(t *testing.T, s store.Store, a *masthead.Article, v bool) {
		t.Helper()
		if err := s.SetCommentsClosed(t.Context(), a.ID, v); err != nil {
			t.Fatalf("SetCommentsClosed(%v): %v", v, err)
		}
	}

	tests := []struct {
		name string
		// steps runs after the article is saved.
		steps func(t *testing.T, s store.Store, a *masthead.Article)
		want  bool
	}{
		{"a new article's comments are open", func(*testing.T, store.Store, *masthead.Article) {}, false},
		{"closing closes", func(t *testing.T, s store.Store, a *masthead.Article) { setClosed(t, s, a, true) }, true},
		{"closing twice stays closed", func(t *testing.T, s store.Store, a *masthead.Article) {
			setClosed(t, s, a, true)
			setClosed(t, s, a, true)
		}, true},
		{"reopening opens", func(t *testing.T, s store.Store, a *masthead.Article) {
			setClosed(t, s, a, true)
			setClosed(t, s, a, false)
		}, false},
		{"saving the article again keeps them closed", func(t *testing.T, s store.Store, a *masthead.Article) {
			setClosed(t, s, a, true)
			again := fullArticle(a.Slug)
			again.Title = "Updated"
			again.CommentsClosed = false
			save(t, s, again)
		}, true},
		{"saving the article again keeps them open", func(t *testing.T, s store.Store, a *masthead.Article) {
			again := fullArticle(a.Slug)
			again.CommentsClosed = true
			save(t, s, again)
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			a := save(t, s, fullArticle("storm"))
			tc.steps(t, s, a)
			if got := closed(t, s, a); got != tc.want {
				t.Errorf("CommentsClosed = %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("closing leaves the rest of the article alone", func(t *testing.T) {
		s := open(t)
		a := save(t, s, fullArticle("storm"))
		setClosed(t, s, a, true)
		want := *a
		want.CommentsClosed = true
		if d := diff(&want, getArticle(t, s, a.ID)); d != "" {
			t.Errorf("article (-want +got):\n%s", d)
		}
	})
}

func testSpamSignals(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	a := save(t, s, newArticle("a", base))
	for i, c := range []struct {
		ip     string
		status masthead.CommentStatus
		age    time.Duration
	}{
		{"203.0.113.9", masthead.CommentSpam, time.Hour},
		{"203.0.113.9", masthead.CommentSpam, 2 * time.Hour},
		{"203.0.113.9", masthead.CommentSpam, 40 * 24 * time.Hour}, // before the window
		{"198.51.100.1", masthead.CommentApproved, time.Hour},
		{"", masthead.CommentSpam, time.Hour},
	} {
		comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: c.status, Name: "N", Body: fmt.Sprint("b", i), IP: c.ip, CreatedAt: base.Add(-c.age)})
	}
	if err := s.LearnSpamDomains(ctx, []string{"deals.example", "pills.example"}, base.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.LearnSpamDomains(ctx, []string{"deals.example"}, base); err != nil {
		t.Fatal(err)
	}
	if err := s.LearnSpamDomains(ctx, []string{"old.example"}, base.Add(-40*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	sig, err := s.SpamSignals(ctx, base.Add(-30*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(sig.Addresses) != 1 || sig.Addresses["203.0.113.9"] != 2 {
		t.Errorf("addresses = %v, want 203.0.113.9: 2", sig.Addresses)
	}
	if len(sig.Domains) != 2 || sig.Domains["deals.example"] != 2 || sig.Domains["pills.example"] != 1 {
		t.Errorf("domains = %v", sig.Domains)
	}
}

func testFindCommentsByText(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, newArticle("a", base))
	for i, c := range []struct{ name, email, body string }{
		{"Ann", "ann@example.com", "The CASINO on the pier"},
		{"Bob", "bob@casino.example", "Nothing here"},
		{"Cy", "cy@example.com", "100% agreed_with this"},
	} {
		comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentPending, Name: c.name, Email: c.email, Body: c.body, CreatedAt: base.Add(time.Duration(i) * time.Minute)})
	}
	for text, want := range map[string]int{"casino": 2, "pier": 1, "%": 1, "_with": 1, "zzz": 0} {
		_, n, err := s.FindComments(t.Context(), masthead.CommentFilter{Text: text})
		if err != nil || n != want {
			t.Errorf("FindComments(text %q) = %d, %v; want %d", text, n, err, want)
		}
	}
}
