package storetest

import (
	"testing"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testTaxonomy(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	a := newArticle("a", base)
	a.Section = &masthead.Section{Slug: "world", Name: "World"}
	a.Tags = []masthead.Tag{{Slug: "nato", Name: "NATO"}, {Slug: "alliance", Name: "Alliance"}}
	save(t, s, a)
	b := newArticle("b", base)
	b.Tags = []masthead.Tag{{Slug: "alliance", Name: "Alliance"}}
	b.Source = &masthead.Source{Slug: "focus-ua", Name: "Focus.ua"}
	save(t, s, b)

	if err := s.CreateTerm(ctx, &masthead.Term{Kind: masthead.KindSection, Slug: "sport", Name: "Sport"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTerm(ctx, &masthead.Term{Kind: masthead.KindSection, Slug: "sport", Name: "Sport"}); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("creating a section twice: %v, want ECONFLICT", err)
	}
	secs, err := s.Terms(ctx, masthead.KindSection)
	if err != nil || len(secs) != 2 || secs[0].Name != "Sport" || secs[0].Articles != 0 || secs[1].Articles != 1 {
		t.Fatalf("Terms(section) = %+v, %v", secs, err)
	}

	before := changeVersion(t, s)
	if err := s.RenameTerm(ctx, masthead.KindSection, "world", &masthead.Term{Slug: "international", Name: "International"}); err != nil {
		t.Fatal(err)
	}
	if changeVersion(t, s) == before {
		t.Errorf("a rename did not change ChangeVersion")
	}
	if got, _ := s.Article(ctx, a.ID); got.Section.Name != "International" {
		t.Errorf("the article's section after the rename: %q", got.Section.Name)
	}
	if to, ok, err := s.TermRedirect(ctx, masthead.KindSection, "world"); err != nil || !ok || to != "international" {
		t.Errorf("redirect of the old slug = %q, %v, %v", to, ok, err)
	}
	// Renamed again: the first old slug leads straight to the newest.
	if err := s.RenameTerm(ctx, masthead.KindSection, "international", &masthead.Term{Slug: "global", Name: "Global"}); err != nil {
		t.Fatal(err)
	}
	if to, _, _ := s.TermRedirect(ctx, masthead.KindSection, "world"); to != "global" {
		t.Errorf("the oldest slug redirects to %q, want global", to)
	}
	if err := s.RenameTerm(ctx, masthead.KindSection, "global", &masthead.Term{Slug: "sport", Name: "Sport"}); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("renaming onto another section's slug: %v, want ECONFLICT", err)
	}
	if err := s.RenameTerm(ctx, masthead.KindSection, "nothing", &masthead.Term{Slug: "x", Name: "X"}); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("renaming an unknown section: %v", err)
	}

	// Merging tags: the article with both keeps one.
	if err := s.MergeTerms(ctx, masthead.KindTag, "nato", "alliance"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Article(ctx, a.ID)
	if len(got.Tags) != 1 || got.Tags[0].Slug != "alliance" {
		t.Errorf("tags after the merge: %+v", got.Tags)
	}
	if _, err := s.Tag(ctx, "nato"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the merged tag still exists: %v", err)
	}
	if to, ok, _ := s.TermRedirect(ctx, masthead.KindTag, "nato"); !ok || to != "alliance" {
		t.Errorf("the merged tag redirects to %q", to)
	}
	if list, total := find(t, s, masthead.ArticleFilter{TagSlug: "alliance"}); total != 2 || len(list) != 2 {
		t.Errorf("articles tagged alliance after the merge: %d", total)
	}
	if err := s.MergeTerms(ctx, masthead.KindTag, "alliance", "alliance"); masthead.ErrorCode(err) != masthead.EINVALID {
		t.Errorf("merging a tag into itself: %v", err)
	}

	// Sources and authors too.
	if err := s.CreateTerm(ctx, &masthead.Term{Kind: masthead.KindSource, Slug: "focus", Name: "Focus"}); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeTerms(ctx, masthead.KindSource, "focus-ua", "focus"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Article(ctx, b.ID); got.Source == nil || got.Source.Slug != "focus" {
		t.Errorf("the article's source after the merge: %+v", got.Source)
	}
	if _, ok, _ := s.TermRedirect(ctx, masthead.KindAuthor, "focus-ua"); ok {
		t.Errorf("a source's redirect answers for authors")
	}
}
