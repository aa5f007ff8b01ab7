package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testFindArticles(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("filters", func(t *testing.T) { testFilters(t, open) })
	t.Run("visibility", func(t *testing.T) { testVisibility(t, open) })
	t.Run("newest first with ID breaking ties", func(t *testing.T) { testOrder(t, open) })
	t.Run("pages", func(t *testing.T) { testPages(t, open) })
	t.Run("cursor walks every article exactly once", func(t *testing.T) { testCursor(t, open) })
	t.Run("comment count counts approved comments only", func(t *testing.T) { testCommentCount(t, open) })
	t.Run("bodies only with WithBody", func(t *testing.T) { testListBodies(t, open) })
}

func testFilters(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	world := &masthead.Section{Slug: "world", Name: "World"}
	business := &masthead.Section{Slug: "business", Name: "Business"}
	alice := &masthead.Author{Slug: "alice", Name: "Alice"}
	bob := &masthead.Author{Slug: "bob", Name: "Bob"}
	economy := masthead.Tag{Slug: "economy", Name: "Economy"}

	a1 := newArticle("a1", base.Add(-4*time.Hour))
	a1.Section, a1.Author = world, alice
	a1.Tags = []masthead.Tag{{Slug: "climate", Name: "Climate"}, {Slug: "politics", Name: "Politics"}}
	a1.Source = &masthead.Source{Slug: "bbc", Name: "BBC"}
	a2 := newArticle("a2", base.Add(-3*time.Hour))
	a2.Section, a2.Author, a2.Tags = business, bob, []masthead.Tag{economy}
	a3 := newArticle("a3", base.Add(-2*time.Hour))
	a3.Section, a3.Author, a3.Tags = world, bob, []masthead.Tag{economy}
	a3.Source = &masthead.Source{Slug: "reuters", Name: "Reuters"}
	a4 := newArticle("a4", base.Add(-time.Hour))
	a4.Author = alice
	for _, a := range []*masthead.Article{a1, a2, a3, a4} {
		save(t, s, a)
	}

	tests := []struct {
		name   string
		filter masthead.ArticleFilter
		want   []string
	}{
		{"no filter returns every article", masthead.ArticleFilter{}, []string{"a4", "a3", "a2", "a1"}},
		{"section keeps its articles", masthead.ArticleFilter{SectionSlug: "world"}, []string{"a3", "a1"}},
		{"tag keeps its articles", masthead.ArticleFilter{TagSlug: "economy"}, []string{"a3", "a2"}},
		{"source keeps its articles", masthead.ArticleFilter{SourceSlug: "bbc"}, []string{"a1"}},
		{"author keeps their articles", masthead.ArticleFilter{AuthorSlug: "alice"}, []string{"a4", "a1"}},
		{"filters combine", masthead.ArticleFilter{SectionSlug: "world", TagSlug: "economy", AuthorSlug: "bob", SourceSlug: "reuters"}, []string{"a3"}},
		{"unknown section matches nothing", masthead.ArticleFilter{SectionSlug: "nope"}, nil},
		{"unknown tag matches nothing", masthead.ArticleFilter{TagSlug: "nope"}, nil},
		{"unknown source matches nothing", masthead.ArticleFilter{SourceSlug: "nope"}, nil},
		{"unknown author matches nothing", masthead.ArticleFilter{AuthorSlug: "nope"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total := find(t, s, tc.filter)
			if d := diff(tc.want, slugs(got)); d != "" {
				t.Errorf("slugs (-want +got):\n%s", d)
			}
			if total != len(tc.want) {
				t.Errorf("total = %d, want %d", total, len(tc.want))
			}
		})
	}

	t.Run("listed articles carry section, author, source and tags", func(t *testing.T) {
		got, _ := find(t, s, masthead.ArticleFilter{SourceSlug: "bbc"})
		if len(got) != 1 {
			t.Fatalf("got %d articles, want 1", len(got))
		}
		if d := diff(a1, got[0]); d != "" {
			t.Errorf("listed article (-saved +listed):\n%s", d)
		}
	})
}

func testVisibility(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	past := newArticle("past", base.Add(-time.Hour))
	due := newArticle("due-now", base)
	scheduled := newArticle("scheduled", base.Add(time.Second))
	draft := newArticle("draft", base.Add(-2*time.Hour))
	draft.Status = masthead.StatusDraft
	for _, a := range []*masthead.Article{past, due, scheduled, draft} {
		a.Section = &masthead.Section{Slug: "world", Name: "World"}
		save(t, s, a)
	}

	tests := []struct {
		name   string
		filter masthead.ArticleFilter
		want   []string
		total  int
	}{
		{"drafts and scheduled articles are hidden at VisibleAt", masthead.ArticleFilter{VisibleAt: base}, []string{"due-now", "past"}, 2},
		{"visibility applies with other filters", masthead.ArticleFilter{VisibleAt: base, SectionSlug: "world"}, []string{"due-now", "past"}, 2},
		{"scheduled articles show once their time comes", masthead.ArticleFilter{VisibleAt: base.Add(time.Second)}, []string{"scheduled", "due-now", "past"}, 3},
		{"without VisibleAt every article shows", masthead.ArticleFilter{}, []string{"scheduled", "due-now", "past", "draft"}, 4},
		{"a cursor newer than VisibleAt still hides scheduled articles",
			masthead.ArticleFilter{VisibleAt: base, Before: &masthead.Cursor{PublishedAt: base.Add(time.Hour), ID: due.ID}},
			[]string{"due-now", "past"}, 2},
		{"a cursor at VisibleAt continues after it",
			masthead.ArticleFilter{VisibleAt: base, Before: &masthead.Cursor{PublishedAt: due.PublishedAt, ID: due.ID}},
			[]string{"past"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total := find(t, s, tc.filter)
			if d := diff(tc.want, slugs(got)); d != "" {
				t.Errorf("slugs (-want +got):\n%s", d)
			}
			if total != tc.total {
				t.Errorf("total = %d, want %d", total, tc.total)
			}
		})
	}
}

// newestFirst sorts articles into the order the contract promises.
func newestFirst(articles []*masthead.Article) {
	slices.SortFunc(articles, func(a, b *masthead.Article) int {
		if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
}

// seed saves n articles, every third sharing the publication time of the one
// before so that IDs must break ties, in a scrambled order so that IDs do
// not follow publication times. It returns them newest first.
func seed(t *testing.T, s store.Store, n int) []*masthead.Article {
	t.Helper()
	var all []*masthead.Article
	for i := range n {
		j := (i * 7) % n // scrambles when n is not a multiple of 7
		pub := base.Add(-time.Duration(j-j%3) * time.Minute)
		all = append(all, save(t, s, newArticle(fmt.Sprintf("article-%03d", j), pub)))
	}
	newestFirst(all)
	return all
}

func testOrder(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	want := seed(t, s, 10)
	got, _ := find(t, s, masthead.ArticleFilter{})
	if d := diff(slugs(want), slugs(got)); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
}

func testPages(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	const n = store.MaxLimit + 5
	all := slugs(seed(t, s, n))

	tests := []struct {
		name          string
		limit, offset int
		want          []string
	}{
		{"zero limit gives the default page", 0, 0, all[:store.DefaultLimit]},
		{"limit and offset pick a page", 10, 20, all[20:30]},
		{"the last page is short", 10, n - 5, all[n-5:]},
		{"offset past the end gives nothing", 10, n + 10, nil},
		{"a limit above the maximum is clamped", 10 * store.MaxLimit, 0, all[:store.MaxLimit]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total := find(t, s, masthead.ArticleFilter{Limit: tc.limit, Offset: tc.offset})
			if d := diff(tc.want, slugs(got)); d != "" {
				t.Errorf("slugs (-want +got):\n%s", d)
			}
			if total != n {
				t.Errorf("total = %d, want %d", total, n)
			}
		})
	}
}

func testCursor(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	all := seed(t, s, 23)
	hidden := newArticle("hidden-draft", base.Add(-5*time.Minute))
	hidden.Status = masthead.StatusDraft
	save(t, s, hidden)

	var walked []string
	f := masthead.ArticleFilter{VisibleAt: base, Limit: 5}
	for range len(all) + 1 {
		page, total := find(t, s, f)
		if total != len(all) {
			t.Fatalf("total = %d with cursor %+v, want %d", total, f.Before, len(all))
		}
		if len(page) == 0 {
			break
		}
		walked = append(walked, slugs(page)...)
		last := page[len(page)-1]
		f.Before = &masthead.Cursor{PublishedAt: last.PublishedAt, ID: last.ID}
	}
	if d := diff(slugs(all), walked); d != "" {
		t.Errorf("walked (-want +got):\n%s", d)
	}
}

func testCommentCount(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	busy := save(t, s, newArticle("busy", base.Add(-time.Hour)))
	quiet := save(t, s, newArticle("quiet", base.Add(-2*time.Hour)))
	for _, status := range []masthead.CommentStatus{
		masthead.CommentApproved, masthead.CommentPending, masthead.CommentApproved,
		masthead.CommentSpam, masthead.CommentTrash,
	} {
		comment(t, s, &masthead.Comment{ArticleID: busy.ID, Status: status, Name: "Ann", Body: "Hi"})
	}
	comment(t, s, &masthead.Comment{ArticleID: quiet.ID, Status: masthead.CommentPending, Name: "Bo", Body: "Hi"})

	got, _ := find(t, s, masthead.ArticleFilter{})
	counts := map[string]int{}
	for _, a := range got {
		counts[a.Slug] = a.CommentCount
	}
	if d := diff(map[string]int{"busy": 2, "quiet": 0}, counts); d != "" {
		t.Errorf("listed comment counts (-want +got):\n%s", d)
	}
	one, err := s.Article(t.Context(), busy.ID)
	if err != nil {
		t.Fatalf("Article: %v", err)
	}
	if one.CommentCount != 2 {
		t.Errorf("Article CommentCount = %d, want 2", one.CommentCount)
	}

	// The count follows every change of status and every deletion, and a
	// re-saved article keeps it.
	pending := comment(t, s, &masthead.Comment{ArticleID: quiet.ID, Status: masthead.CommentPending, Name: "Cy", Body: "Later"})
	steps := []struct {
		name string
		do   func() error
		want int
	}{
		{"ApprovePending", func() error {
			_, err := s.SetCommentStatus(t.Context(), masthead.CommentApproved, pending.ID)
			return err
		}, 1},
		{"ApproveAgain", func() error {
			_, err := s.SetCommentStatus(t.Context(), masthead.CommentApproved, pending.ID)
			return err
		}, 1},
		{"ResaveArticle", func() error {
			_, err := s.SaveArticle(t.Context(), newArticle("quiet", base.Add(-2*time.Hour)))
			return err
		}, 1},
		{"MarkSpam", func() error {
			_, err := s.SetCommentStatus(t.Context(), masthead.CommentSpam, pending.ID)
			return err
		}, 0},
		{"ApproveThenDelete", func() error {
			if _, err := s.SetCommentStatus(t.Context(), masthead.CommentApproved, pending.ID); err != nil {
				return err
			}
			return s.DeleteComment(t.Context(), pending.ID)
		}, 0},
	}
	for _, step := range steps {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := getArticle(t, s, quiet.ID).CommentCount; got != step.want {
			t.Fatalf("after %s CommentCount = %d, want %d", step.name, got, step.want)
		}
	}
}

func testListBodies(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := newArticle("bodied", base)
	a.Body, a.BodyHTML = "Some *text*.", "<p>Some <em>text</em>.</p>"
	save(t, s, a)
	tests := []struct {
		name           string
		withBody       bool
		body, bodyHTML string
	}{
		{"ListLeavesBodiesOut", false, "", ""},
		{"FeedGetsHTMLOnly", true, "", a.BodyHTML},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := s.FindArticles(t.Context(), masthead.ArticleFilter{WithBody: tc.withBody})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].Body != tc.body || got[0].BodyHTML != tc.bodyHTML {
				t.Fatalf("FindArticles(WithBody=%v) = %+v; want Body %q, BodyHTML %q", tc.withBody, got, tc.body, tc.bodyHTML)
			}
		})
	}
	one, err := s.Article(t.Context(), a.ID)
	if err != nil || one.Body != a.Body || one.BodyHTML != a.BodyHTML {
		t.Fatalf("Article: %+v, %v; want both bodies", one, err)
	}
}

func testFindByStatus(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	save(t, s, newArticle("published", base.Add(-time.Hour)))
	for _, slug := range []string{"draft-1", "draft-2"} {
		d := newArticle(slug, base.Add(-time.Hour))
		d.Status = masthead.StatusDraft
		save(t, s, d)
	}
	got, total := find(t, s, masthead.ArticleFilter{Status: masthead.StatusDraft})
	if total != 2 || len(got) != 2 || got[0].Status != masthead.StatusDraft {
		t.Errorf("drafts: %d of %d", len(got), total)
	}
	if _, total := find(t, s, masthead.ArticleFilter{Status: masthead.StatusPublished}); total != 1 {
		t.Errorf("published: %d, want 1", total)
	}
}
