package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testViews(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	old := save(t, s, newArticle("old", base.Add(-30*24*time.Hour)))
	hot := save(t, s, newArticle("hot", base.Add(-2*time.Hour)))
	warm := save(t, s, newArticle("warm", base.Add(-3*time.Hour)))
	draft := newArticle("draft", base.Add(-time.Hour))
	draft.Status = masthead.StatusDraft
	save(t, s, draft)
	future := save(t, s, newArticle("future", base.Add(time.Hour)))

	before := changeVersion(t, s)
	hour := base.Truncate(time.Hour)
	err := s.AddViews(ctx, []masthead.ViewCount{
		{ArticleID: hot.ID, Hour: hour, Views: 7},
		{ArticleID: hot.ID, Hour: hour.Add(-time.Hour), Views: 3},
		{ArticleID: warm.ID, Hour: hour, Views: 5},
		{ArticleID: old.ID, Hour: hour.Add(-5 * 24 * time.Hour), Views: 100},
		{ArticleID: draft.ID, Hour: hour, Views: 50},
		{ArticleID: future.ID, Hour: hour, Views: 50},
		{ArticleID: 999999, Hour: hour, Views: 1},                   // deleted meanwhile: dropped
		{ArticleID: warm.ID, Hour: hour.Add(time.Minute), Views: 2}, // same hour adds up
	})
	if err != nil {
		t.Fatalf("AddViews: %v", err)
	}
	if after := changeVersion(t, s); after != before {
		t.Errorf("AddViews changed ChangeVersion from %d to %d", before, after)
	}

	for _, want := range []struct {
		a     *masthead.Article
		views int64
	}{{hot, 10}, {warm, 7}, {old, 100}} {
		got, err := s.Article(ctx, want.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Views != want.views {
			t.Errorf("%s: Views = %d, want %d", want.a.Slug, got.Views, want.views)
		}
	}
	list, _ := find(t, s, masthead.ArticleFilter{VisibleAt: base})
	for _, a := range list {
		if a.Slug == "hot" && a.Views != 10 {
			t.Errorf("FindArticles: hot has Views = %d, want 10", a.Views)
		}
	}

	mostRead := func(since time.Time, limit int) []string {
		t.Helper()
		got, err := s.MostRead(ctx, since, base, limit)
		if err != nil {
			t.Fatalf("MostRead: %v", err)
		}
		return slugs(got)
	}
	if got, want := mostRead(base.Add(-24*time.Hour), 5), []string{"hot", "warm"}; !slices.Equal(got, want) {
		t.Errorf("MostRead(24h) = %v, want %v (drafts and scheduled never listed)", got, want)
	}
	if got, want := mostRead(base.Add(-7*24*time.Hour), 5), []string{"old", "hot", "warm"}; !slices.Equal(got, want) {
		t.Errorf("MostRead(7d) = %v, want %v", got, want)
	}
	if got, want := mostRead(base.Add(-7*24*time.Hour), 1), []string{"old"}; !slices.Equal(got, want) {
		t.Errorf("MostRead(7d, 1) = %v, want %v", got, want)
	}
	if got := mostRead(base.Add(time.Hour), 5); len(got) != 0 {
		t.Errorf("MostRead(future) = %v, want none", got)
	}
	if err := s.AddViews(ctx, nil); err != nil {
		t.Errorf("AddViews(nil): %v", err)
	}
}

func testRelatedArticles(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	world := &masthead.Section{Slug: "world", Name: "World"}
	sport := &masthead.Section{Slug: "sport", Name: "Sport"}
	art := func(slug, title string, sec *masthead.Section, age time.Duration, tags ...string) *masthead.Article {
		a := newArticle(slug, base.Add(-age))
		a.Title = title
		a.Section = sec
		for _, tag := range tags {
			a.Tags = append(a.Tags, masthead.Tag{Slug: tag, Name: tag})
		}
		return save(t, s, a)
	}
	day := 24 * time.Hour
	subject := art("summit", "NATO summit opens in Vilnius", world, day, "nato", "lithuania")
	art("both-tags", "Allies meet", world, 3*day, "nato", "lithuania")
	art("one-tag-words", "NATO summit agenda published", world, 2*day, "nato")
	art("one-tag", "Defence budgets grow", sport, 2*day, "nato")
	art("section-only", "Elections in Peru", world, day)
	art("unrelated", "Cup final tonight", sport, day, "football")
	draft := newArticle("draft", base.Add(-day))
	draft.Tags = []masthead.Tag{{Slug: "nato", Name: "nato"}}
	draft.Status = masthead.StatusDraft
	save(t, s, draft)
	art("scheduled", "NATO summit closes", world, -day, "nato", "lithuania")

	got, err := s.RelatedArticles(ctx, subject, base, 5)
	if err != nil {
		t.Fatalf("RelatedArticles: %v", err)
	}
	want := []string{"both-tags", "one-tag-words", "one-tag", "section-only"}
	if !slices.Equal(slugs(got), want) {
		t.Errorf("RelatedArticles = %v, want %v", slugs(got), want)
	}
	got, err = s.RelatedArticles(ctx, subject, base, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slugs(got), want[:2]) {
		t.Errorf("RelatedArticles(limit 2) = %v, want %v", slugs(got), want[:2])
	}
	lonely := save(t, s, newArticle("lonely", base.Add(-day)))
	if got, err := s.RelatedArticles(ctx, lonely, base, 5); err != nil || len(got) != 0 {
		t.Errorf("RelatedArticles(no tags, no section) = %v, %v; want none", slugs(got), err)
	}
}

func testDailyActivity(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	a := save(t, s, newArticle("a", base.Add(-72*time.Hour)))
	day := base.Truncate(24 * time.Hour)
	err := s.AddViews(ctx, []masthead.ViewCount{
		{ArticleID: a.ID, Hour: day.Add(-24 * time.Hour), Views: 4},
		{ArticleID: a.ID, Hour: day.Add(-2 * time.Hour), Views: 3},
		{ArticleID: a.ID, Hour: day.Add(5 * time.Hour), Views: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at     time.Time
		status masthead.CommentStatus
	}{
		{day.Add(time.Hour), masthead.CommentApproved},
		{day.Add(2 * time.Hour), masthead.CommentPending},
		{day.Add(3 * time.Hour), masthead.CommentSpam},
		{day.Add(-20 * time.Hour), masthead.CommentApproved},
	} {
		comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: c.status, Name: "N", Body: "b", CreatedAt: c.at})
	}
	got, err := s.DailyActivity(ctx, day.Add(-48*time.Hour), base)
	if err != nil {
		t.Fatal(err)
	}
	want := []masthead.DayActivity{
		{Day: day.Add(-48 * time.Hour)},
		{Day: day.Add(-24 * time.Hour), Views: 7, Comments: 1},
		{Day: day, Views: 2, Comments: 2},
	}
	if len(got) != len(want) {
		t.Fatalf("DailyActivity = %+v, want %+v", got, want)
	}
	for i := range want {
		if !got[i].Day.Equal(want[i].Day) || got[i].Views != want[i].Views || got[i].Comments != want[i].Comments {
			t.Errorf("day %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
