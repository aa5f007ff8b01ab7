package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testEditArticle(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	u := &masthead.User{Email: "ed@example.com", Name: "Ed Itor", Role: masthead.RoleEditor, PasswordHash: "h"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	a := newArticle("first-draft", base)
	a.Status, a.Body = masthead.StatusDraft, "Version one."
	a.Section = &masthead.Section{Slug: "world", Name: "World"}
	a.Tags = []masthead.Tag{{Slug: "nato", Name: "NATO"}}
	if err := s.EditArticle(ctx, a, time.Time{}, u.ID); err != nil {
		t.Fatalf("EditArticle (new): %v", err)
	}
	if a.ID == 0 || a.CreatedBy != u.ID || a.UpdatedAt.IsZero() {
		t.Fatalf("new article = %+v", a)
	}
	opened := a.UpdatedAt

	// Two editors open it; the first saves, the second is refused.
	first := *a
	first.Body, first.Slug = "Version two.", "renamed-slug"
	if err := s.EditArticle(ctx, &first, opened, u.ID); err != nil {
		t.Fatalf("EditArticle (update): %v", err)
	}
	second := *a
	second.Body = "A rival version."
	if err := s.EditArticle(ctx, &second, opened, 0); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Fatalf("a save over a newer one: %v, want ECONFLICT", err)
	}
	got, err := s.Article(ctx, a.ID)
	if err != nil || got.Body != "Version two." || got.Slug != "renamed-slug" || got.CreatedBy != u.ID {
		t.Fatalf("after the refused save = %+v, %v", got, err)
	}
	if _, err := s.ArticleBySlug(ctx, "first-draft"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the old slug still finds the article: %v", err)
	}

	// A slug another article has is refused.
	other := save(t, s, newArticle("taken", base))
	clash := *got
	clash.Slug = other.Slug
	if err := s.EditArticle(ctx, &clash, got.UpdatedAt, u.ID); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("taking another article's slug: %v, want ECONFLICT", err)
	}
	missing := newArticle("ghost", base)
	missing.ID = 999999
	if err := s.EditArticle(ctx, missing, base, u.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("editing an unknown article: %v, want ENOTFOUND", err)
	}

	revs, err := s.Revisions(ctx, a.ID)
	if err != nil || len(revs) != 2 {
		t.Fatalf("Revisions = %d, %v; want 2", len(revs), err)
	}
	if revs[0].Article.Body != "Version two." || revs[1].Article.Body != "Version one." || revs[0].UserName != "Ed Itor" ||
		revs[1].Article.Section == nil || revs[1].Article.Section.Name != "World" || len(revs[1].Article.Tags) != 1 {
		t.Errorf("revisions = %+v", revs)
	}
	one, err := s.Revision(ctx, revs[1].ID)
	if err != nil || one.Article.Slug != "first-draft" || one.Article.Status != masthead.StatusDraft || one.ArticleID != a.ID {
		t.Errorf("Revision = %+v, %v", one, err)
	}
	if _, err := s.Revision(ctx, 999999); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("unknown revision: %v", err)
	}

	// The admin's filters: by creator and by words of the title.
	mine, total := find(t, s, masthead.ArticleFilter{CreatedBy: u.ID})
	if total != 1 || mine[0].ID != a.ID {
		t.Errorf("CreatedBy filter: %d", total)
	}
	byTitle, total := find(t, s, masthead.ArticleFilter{TitleContains: "OF TAK"})
	if total != 1 || byTitle[0].Slug != "taken" {
		t.Errorf("TitleContains filter: %d", total)
	}
	if _, total := find(t, s, masthead.ArticleFilter{TitleContains: "%"}); total != 0 {
		t.Errorf("TitleContains treats %% as a wildcard: %d", total)
	}
}

func testImages(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	im := &masthead.Image{Alt: "The harbour at dawn", Caption: "Boats return", Credit: "Photo: Ann Lee", Width: 1600, Height: 900,
		Renditions: []masthead.Rendition{{Width: 480, Height: 270, File: "480.jpg"}, {Width: 1600, Height: 900, File: "1600.jpg"}}}
	if err := s.CreateImage(ctx, im); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateImage(ctx, &masthead.Image{Renditions: im.Renditions}); masthead.ErrorCode(err) != masthead.EINVALID {
		t.Errorf("an image without alt text: %v, want EINVALID", err)
	}
	a := newArticle("with-image", base)
	a.Image = im
	if err := s.EditArticle(ctx, a, time.Time{}, 0); err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, a.ID)
	if err != nil || got.Image == nil || got.Image.Alt != im.Alt || got.Image.Largest().File != "1600.jpg" || len(got.Image.Renditions) != 2 {
		t.Fatalf("article's image = %+v, %v", got.Image, err)
	}
	list, _ := find(t, s, masthead.ArticleFilter{})
	if list[0].Image == nil {
		t.Errorf("lists do not carry the image")
	}
	// An article file saved again knows nothing of the image: it stays.
	again := newArticle("with-image", base)
	save(t, s, again)
	if got, _ := s.Article(ctx, a.ID); got.Image == nil {
		t.Errorf("SaveArticle without an image dropped the editor's")
	}
	// The editor removes it.
	got, _ = s.Article(ctx, a.ID)
	got.Image = nil
	if err := s.EditArticle(ctx, got, got.UpdatedAt, 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Article(ctx, a.ID); got.Image != nil {
		t.Errorf("the editor could not remove the image")
	}
	im.Caption = "Boats return at dawn"
	if err := s.UpdateImage(ctx, im); err != nil {
		t.Fatal(err)
	}
	if back, err := s.Image(ctx, im.ID); err != nil || back.Caption != im.Caption {
		t.Errorf("Image = %+v, %v", back, err)
	}
}

func testDeleteArticle(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	a := newArticle("doomed", base)
	a.Body = "A unique word: zebrafinch."
	a.Tags = []masthead.Tag{{Slug: "birds", Name: "Birds"}}
	save(t, s, a)
	comment(t, s, &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "N", Body: "b", CreatedAt: base})
	if err := s.AddViews(ctx, []masthead.ViewCount{{ArticleID: a.ID, Hour: base, Views: 3}}); err != nil {
		t.Fatal(err)
	}
	before := changeVersion(t, s)
	if err := s.DeleteArticle(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if changeVersion(t, s) == before {
		t.Errorf("DeleteArticle did not change ChangeVersion")
	}
	if _, err := s.Article(ctx, a.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the deleted article: %v", err)
	}
	if res, _, err := s.Search(ctx, masthead.SearchQuery{Text: "zebrafinch", VisibleAt: base.Add(time.Hour)}); err != nil || len(res) != 0 {
		t.Errorf("the deleted article is still found: %d, %v", len(res), err)
	}
	if err := s.DeleteArticle(ctx, a.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("deleting twice: %v", err)
	}
}
