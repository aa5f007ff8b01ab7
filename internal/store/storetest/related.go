package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testRelatedArticles(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	world := &masthead.Section{Slug: "world", Name: "World"}
	business := &masthead.Section{Slug: "business", Name: "Business"}
	tags := func(names ...string) []masthead.Tag {
		var out []masthead.Tag
		for _, n := range names {
			out = append(out, masthead.Tag{Slug: n, Name: n})
		}
		return out
	}
	article := func(slug, title string, age time.Duration, section *masthead.Section, tagNames ...string) *masthead.Article {
		a := newArticle(slug, base.Add(-age))
		a.Title = title
		a.Section = section
		a.Tags = tags(tagNames...)
		return save(t, s, a)
	}

	me := article("me", "Harbour bridge reopens after repairs", 3*time.Hour, world, "transport", "city", "bridges")
	article("two-tags", "Council budget approved", 30*24*time.Hour, business, "transport", "city")
	article("one-tag", "Rail strike called off", 2*time.Hour, world, "transport")
	article("section", "Parliament votes", 24*time.Hour, world)
	article("words", "Bridge tolls rise", time.Hour, nil)
	article("weather", "Weather", 10*time.Minute, nil)
	grain := article("grain", "Grain harvest begins", 5*time.Hour, nil)
	article("grain-prices", "Grain prices", 20*24*time.Hour, nil)
	plain := article("plain", "Ok", 6*time.Hour, nil)

	draft := newArticle("draft", base.Add(-time.Minute))
	draft.Title, draft.Section, draft.Tags = "Harbour bridge draft", world, tags("transport", "city", "bridges")
	draft.Status = masthead.StatusDraft
	save(t, s, draft)
	scheduled := newArticle("scheduled", base.Add(time.Hour))
	scheduled.Title, scheduled.Section, scheduled.Tags = "Harbour bridge festival", world, tags("transport", "city", "bridges")
	save(t, s, scheduled)

	// A title full of FTS5 syntax is only words.
	tricky := &masthead.Article{ID: grain.ID, Slug: grain.Slug, Title: `"grain" OR title:* NEAR( -x ^`}

	tests := []struct {
		name    string
		article *masthead.Article
		limit   int
		want    []string
	}{
		{"most shared tags first, then tag and section, section, words", me, 5,
			[]string{"two-tags", "one-tag", "section", "words"}},
		{"limit", me, 2, []string{"two-tags", "one-tag"}},
		{"related by words only; unrelated ones dropped", grain, 0, []string{"grain-prices"}},
		{"title syntax is not FTS5 syntax", tricky, 0, []string{"grain-prices"}},
		{"nothing related: the newest visible", plain, 0,
			[]string{"weather", "words", "one-tag", "me", "grain"}},
		{"at most five", plain, 50, []string{"weather", "words", "one-tag", "me", "grain"}},
		{"negative limit is five", plain, -1, []string{"weather", "words", "one-tag", "me", "grain"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.RelatedArticles(t.Context(), tt.article, base, tt.limit)
			if err != nil {
				t.Fatalf("RelatedArticles: %v", err)
			}
			if d := diff(tt.want, slugs(got)); d != "" {
				t.Errorf("related (-want +got):\n%s", d)
			}
			for _, a := range got {
				if a.ID == tt.article.ID {
					t.Errorf("the article itself is related")
				}
				if !a.VisibleAt(base) {
					t.Errorf("%q is not visible", a.Slug)
				}
				if a.Body != "" || a.BodyHTML != "" {
					t.Errorf("%q has its body loaded", a.Slug)
				}
			}
		})
	}

	t.Run("tags loaded", func(t *testing.T) {
		got, err := s.RelatedArticles(t.Context(), me, base, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || len(got[0].Tags) != 2 {
			t.Fatalf("got %+v, want two-tags with its 2 tags", got)
		}
	})

	t.Run("alone", func(t *testing.T) {
		s := open(t)
		only := newArticle("only", base.Add(-time.Hour))
		only.Tags = tags("solo")
		save(t, s, only)
		hidden := newArticle("hidden", base.Add(-time.Hour))
		hidden.Status = masthead.StatusDraft
		hidden.Tags = tags("solo")
		save(t, s, hidden)
		got, err := s.RelatedArticles(t.Context(), only, base, 5)
		if err != nil {
			t.Fatalf("RelatedArticles: %v", err)
		}
		if len(got) != 0 {
			t.Errorf("got %q, want none", slugs(got))
		}
	})
}
