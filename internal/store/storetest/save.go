package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func fullArticle(slug string) *masthead.Article {
	return &masthead.Article{
		Slug:       slug,
		Title:      "Storm floods the valley",
		Standfirst: "Hundreds moved to higher ground",
		Body:       "The *river* rose overnight.",
		BodyHTML:   "<p>The <em>river</em> rose overnight.</p>",
		Section:    &masthead.Section{Slug: "world", Name: "World"},
		Tags: []masthead.Tag{
			{Slug: "weather", Name: "Weather"},
			{Slug: "climate", Name: "Climate"},
			{Slug: "alps", Name: "Alps"},
		},
		Author:      &masthead.Author{Slug: "ana-ruiz", Name: "Ana Ruiz"},
		Source:      &masthead.Source{Slug: "bbc", Name: "BBC", Homepage: "https://www.bbc.co.uk"},
		SourceURL:   "https://www.bbc.co.uk/news/1",
		Status:      masthead.StatusPublished,
		PublishedAt: base.Add(-time.Hour),
	}
}

func testSaveArticle(t *testing.T, open func(t *testing.T) store.Store) {
	readBack := []struct {
		name    string
		article *masthead.Article
	}{
		{"full article reads back every field with tags in order", fullArticle("storm")},
		{"bare article reads back without section, author, source or tags", newArticle("bare", base)},
		{"draft reads back as draft", func() *masthead.Article {
			a := newArticle("draft", base.Add(time.Hour))
			a.Status = masthead.StatusDraft
			return a
		}()},
	}
	for _, tc := range readBack {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			a := tc.article
			before := time.Now().Add(-time.Second)
			created, err := s.SaveArticle(t.Context(), a)
			if err != nil {
				t.Fatalf("SaveArticle: %v", err)
			}
			if !created {
				t.Error("created = false for a new slug")
			}
			if a.ID == 0 {
				t.Error("ID not filled in")
			}
			if a.CreatedAt.Before(before) || a.CreatedAt.After(time.Now().Add(time.Second)) {
				t.Errorf("CreatedAt = %v, want about now", a.CreatedAt)
			}
			if !a.UpdatedAt.Equal(a.CreatedAt) {
				t.Errorf("UpdatedAt = %v, want CreatedAt %v on create", a.UpdatedAt, a.CreatedAt)
			}
			if a.Section != nil && a.Section.ID == 0 || a.Author != nil && a.Author.ID == 0 || a.Source != nil && a.Source.ID == 0 {
				t.Error("section, author or source ID not filled in")
			}
			for _, tag := range a.Tags {
				if tag.ID == 0 {
					t.Errorf("tag %q ID not filled in", tag.Slug)
				}
			}

			byID, err := s.Article(t.Context(), a.ID)
			if err != nil {
				t.Fatalf("Article: %v", err)
			}
			if d := diff(a, byID); d != "" {
				t.Errorf("Article(%d) (-saved +read):\n%s", a.ID, d)
			}
			bySlug, err := s.ArticleBySlug(t.Context(), a.Slug)
			if err != nil {
				t.Fatalf("ArticleBySlug: %v", err)
			}
			if d := diff(a, bySlug); d != "" {
				t.Errorf("ArticleBySlug(%q) (-saved +read):\n%s", a.Slug, d)
			}
		})
	}

	t.Run("same slug updates the article, keeping ID and CreatedAt and replacing tags", func(t *testing.T) {
		s := open(t)
		first := save(t, s, fullArticle("storm"))

		second := fullArticle("storm")
		second.Title = "Storm floods the valley again"
		second.Section = &masthead.Section{Slug: "europe", Name: "Europe"}
		second.Author = nil
		second.Tags = []masthead.Tag{{Slug: "rivers", Name: "Rivers"}, {Slug: "weather", Name: "Weather"}}
		second.Status = masthead.StatusDraft
		created, err := s.SaveArticle(t.Context(), second)
		if err != nil {
			t.Fatalf("SaveArticle: %v", err)
		}
		if created {
			t.Error("created = true for an existing slug")
		}
		if second.ID != first.ID {
			t.Errorf("ID = %d, want %d", second.ID, first.ID)
		}
		if !second.CreatedAt.Equal(first.CreatedAt) {
			t.Errorf("CreatedAt = %v, want %v", second.CreatedAt, first.CreatedAt)
		}
		if second.UpdatedAt.Before(first.UpdatedAt) {
			t.Errorf("UpdatedAt = %v, before the first save's %v", second.UpdatedAt, first.UpdatedAt)
		}
		got, err := s.Article(t.Context(), first.ID)
		if err != nil {
			t.Fatalf("Article: %v", err)
		}
		if d := diff(second, got); d != "" {
			t.Errorf("Article (-saved +read):\n%s", d)
		}
		if list, _ := find(t, s, masthead.ArticleFilter{TagSlug: "climate"}); len(list) != 0 {
			t.Errorf("tag dropped by the update still lists %v", slugs(list))
		}
	})

	t.Run("a known slug with a new name renames it for every article", func(t *testing.T) {
		s := open(t)
		a := save(t, s, fullArticle("storm"))
		b := newArticle("flood", base)
		b.Section = &masthead.Section{Slug: "world", Name: "World news"}
		b.Tags = []masthead.Tag{{Slug: "weather", Name: "The weather"}}
		b.Author = &masthead.Author{Slug: "ana-ruiz", Name: "Ana Ruiz-Gil"}
		b.Source = &masthead.Source{Slug: "bbc", Name: "BBC News"}
		save(t, s, b)

		if b.Section.ID != a.Section.ID || b.Author.ID != a.Author.ID || b.Source.ID != a.Source.ID || b.Tags[0].ID != a.Tags[0].ID {
			t.Errorf("same slugs got new IDs: %+v %+v %+v %+v", b.Section, b.Author, b.Source, b.Tags)
		}
		got, err := s.Article(t.Context(), a.ID)
		if err != nil {
			t.Fatalf("Article: %v", err)
		}
		names := []string{got.Section.Name, got.Tags[0].Name, got.Author.Name, got.Source.Name}
		want := []string{"World news", "The weather", "Ana Ruiz-Gil", "BBC News"}
		if d := diff(want, names); d != "" {
			t.Errorf("names (-want +got):\n%s", d)
		}
	})

	t.Run("an existing source keeps its homepage", func(t *testing.T) {
		s := open(t)
		save(t, s, fullArticle("storm"))
		b := newArticle("flood", base)
		b.Source = &masthead.Source{Slug: "bbc", Name: "BBC", Homepage: "https://example.com/elsewhere"}
		save(t, s, b)

		src, err := s.Source(t.Context(), "bbc")
		if err != nil {
			t.Fatalf("Source: %v", err)
		}
		if src.Homepage != "https://www.bbc.co.uk" {
			t.Errorf("Homepage = %q, want the first one", src.Homepage)
		}
		got, err := s.ArticleBySlug(t.Context(), "flood")
		if err != nil {
			t.Fatalf("ArticleBySlug: %v", err)
		}
		if got.Source.Homepage != "https://www.bbc.co.uk" {
			t.Errorf("article's source Homepage = %q, want the first one", got.Source.Homepage)
		}
	})

	t.Run("section, tag, author and source are found by slug after use", func(t *testing.T) {
		s := open(t)
		a := save(t, s, fullArticle("storm"))
		ctx := t.Context()
		sec, err := s.Section(ctx, "world")
		if err != nil || *sec != *a.Section {
			t.Errorf("Section = %+v, %v; want %+v", sec, err, a.Section)
		}
		tag, err := s.Tag(ctx, "climate")
		if err != nil || *tag != a.Tags[1] {
			t.Errorf("Tag = %+v, %v; want %+v", tag, err, a.Tags[1])
		}
		au, err := s.Author(ctx, "ana-ruiz")
		if err != nil || *au != *a.Author {
			t.Errorf("Author = %+v, %v; want %+v", au, err, a.Author)
		}
		src, err := s.Source(ctx, "bbc")
		if err != nil || *src != *a.Source {
			t.Errorf("Source = %+v, %v; want %+v", src, err, a.Source)
		}
	})

	invalid := []struct {
		name   string
		change func(a *masthead.Article)
	}{
		{"empty title is invalid", func(a *masthead.Article) { a.Title = " " }},
		{"empty slug is invalid", func(a *masthead.Article) { a.Slug = "" }},
		{"unknown status is invalid", func(a *masthead.Article) { a.Status = "hidden" }},
		{"zero publication time is invalid", func(a *masthead.Article) { a.PublishedAt = time.Time{} }},
		{"nameless tag is invalid", func(a *masthead.Article) { a.Tags = []masthead.Tag{{Slug: "x"}} }},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			a := newArticle("bad", base)
			tc.change(a)
			_, err := s.SaveArticle(t.Context(), a)
			wantCode(t, err, masthead.EINVALID)
			if _, total := find(t, s, masthead.ArticleFilter{}); total != 0 {
				t.Errorf("%d articles stored after a rejected save", total)
			}
		})
	}
}

func testNotFound(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	a := save(t, s, fullArticle("storm"))
	c := comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi"})
	tests := []struct {
		name string
		call func() error
	}{
		{"unknown article ID", func() error { _, err := s.Article(t.Context(), a.ID+1000); return err }},
		{"unknown article slug", func() error { _, err := s.ArticleBySlug(t.Context(), "nope"); return err }},
		{"unknown section", func() error { _, err := s.Section(t.Context(), "nope"); return err }},
		{"unknown tag", func() error { _, err := s.Tag(t.Context(), "nope"); return err }},
		{"unknown author", func() error { _, err := s.Author(t.Context(), "nope"); return err }},
		{"unknown source", func() error { _, err := s.Source(t.Context(), "nope"); return err }},
		{"comment on an unknown article", func() error {
			return s.CreateComment(t.Context(), &masthead.Comment{
				ArticleID: a.ID + 1000, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi",
			})
		}},
		{"unknown comment", func() error { _, err := s.Comment(t.Context(), c.ID+1000); return err }},
		{"editing an unknown comment", func() error { return s.UpdateCommentBody(t.Context(), c.ID+1000, "Hi") }},
		{"deleting an unknown comment", func() error { return s.DeleteComment(t.Context(), c.ID+1000) }},
		{"closing comments on an unknown article", func() error { return s.SetCommentsClosed(t.Context(), a.ID+1000, true) }},
		{"reopening comments on an unknown article", func() error { return s.SetCommentsClosed(t.Context(), a.ID+1000, false) }},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is ENOTFOUND", func(t *testing.T) {
			wantCode(t, tc.call(), masthead.ENOTFOUND)
		})
	}
}
