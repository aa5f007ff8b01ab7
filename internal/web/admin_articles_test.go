package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/masthead-news/masthead"
)

// editorForm reads the editor's fields from a page, as a browser would send
// them back.
func editorForm(doc *goquery.Document) url.Values {
	v := url.Values{}
	doc.Find("form.editor-form input, form.editor-form textarea, form.editor-form select").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch goquery.NodeName(s) {
		case "textarea":
			v.Set(name, s.Text())
		case "select":
			v.Set(name, s.Find("option[selected]").AttrOr("value", s.Find("option").First().AttrOr("value", "")))
		default:
			if t := s.AttrOr("type", ""); (t == "checkbox" && s.AttrOr("checked", "-") == "-") || t == "file" {
				return // an unchecked box and a file input send nothing
			}
			v.Set(name, s.AttrOr("value", ""))
		}
	})
	return v
}

func docOf(t *testing.T, res response) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestEditorWriteScheduleAndRevise(t *testing.T) {
	ts := newTestServer(t)
	ts.mustUser("ed@example.com", masthead.RoleEditor)
	b := ts.browser()
	b.login("ed@example.com", testPassword)

	_, doc := b.get("/admin/articles/new")
	form := editorForm(doc)
	if form.Get("author") != "User editor" || form.Get("status") != "draft" {
		t.Errorf("new article defaults: %v", form)
	}
	// A refused save keeps every field.
	form.Set("title", "")
	form.Set("body", "Paragraph one.\n\nParagraph **two**.")
	form.Set("tags", "Harbour, Storms")
	form.Set("published_at", "tomorrow")
	res := b.postForm("/admin/articles/new", form)
	doc = docOf(t, res)
	if res.status != http.StatusUnprocessableEntity || doc.Find("#title-error").Text() == "" || doc.Find("#published_at-error").Text() == "" ||
		doc.Find("#body").Text() != "Paragraph one.\n\nParagraph **two**." || doc.Find("#tags").AttrOr("value", "") != "Harbour, Storms" {
		t.Fatalf("refused save: %d, title error %q, body %q", res.status, doc.Find("#title-error").Text(), doc.Find("#body").Text())
	}

	// Scheduled for an hour from now, published when its time comes.
	form = editorForm(doc)
	form.Set("title", "Harbour reopens after the storms")
	form.Set("section", "City")
	form.Set("status", "published")
	form.Set("published_at", testNow.Add(time.Hour).UTC().Format(editorTimeLayout))
	res = b.postForm("/admin/articles/new", form)
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/admin/articles/") {
		t.Fatalf("save: %d %.300s", res.status, res.body)
	}
	editURL := res.header.Get("Location")
	a, err := ts.store.ArticleBySlug(t.Context(), "harbour-reopens-after-the-storms")
	if err != nil || a.Section.Name != "City" || len(a.Tags) != 2 || !strings.Contains(a.BodyHTML, "<strong>two</strong>") {
		t.Fatalf("saved article = %+v, %v", a, err)
	}
	if res := ts.get(articlePath(a)); res.status != http.StatusNotFound {
		t.Errorf("the scheduled article is public before its time: %d", res.status)
	}
	ts.advance(61 * time.Minute)
	if res := ts.get(articlePath(a)); res.status != http.StatusOK {
		t.Errorf("the scheduled article at its time: %d", res.status)
	}

	// Two editors open it; the second save is refused and shows both.
	_, doc = b.get(editURL)
	if doc.Find(".tag-chip").Length() != 2 || doc.Find(`#section-list option[value="City"]`).Length() != 1 {
		t.Errorf("the editor suggests %d tags and section City %d times", doc.Find(".tag-chip").Length(), doc.Find(`#section-list option[value="City"]`).Length())
	}
	mine := editorForm(doc)
	other := ts.browser()
	ts.mustUser("ann@example.com", masthead.RoleEditor)
	other.login("ann@example.com", testPassword)
	_, odoc := other.get(editURL)
	theirs := editorForm(odoc)
	theirs.Set("body", "Their correction.")
	if res := other.postForm(editURL, theirs); res.status != http.StatusSeeOther {
		t.Fatalf("the other editor's save: %d", res.status)
	}
	mine.Set("body", "My rewrite.")
	res = b.postForm(editURL, mine)
	doc = docOf(t, res)
	if res.status != http.StatusConflict || doc.Find("#body").Text() != "My rewrite." || doc.Find(".their-body").Text() != "Their correction." {
		t.Fatalf("conflicting save: %d, mine %q, theirs %q", res.status, doc.Find("#body").Text(), doc.Find(".their-body").Text())
	}
	if a, _ := ts.store.Article(t.Context(), a.ID); a.Body != "Their correction." {
		t.Fatalf("the refused save overwrote: %q", a.Body)
	}
	// Saving again, having seen theirs, replaces it.
	if res := b.postForm(editURL, editorForm(doc)); res.status != http.StatusSeeOther {
		t.Fatalf("the knowing second save: %d", res.status)
	}
	if a, _ := ts.store.Article(t.Context(), a.ID); a.Body != "My rewrite." {
		t.Fatalf("after the second save: %q", a.Body)
	}

	// Every save is a revision; an old one comes back into the editor.
	_, doc = b.get(editURL + "/revisions")
	if n := doc.Find(".revisions li").Length(); n != 3 {
		t.Fatalf("%d revisions, want 3", n)
	}
	oldest, _ := doc.Find(".revisions li a").Last().Attr("href")
	_, doc = b.get(oldest)
	restore, _ := doc.Find("a.button").Attr("href")
	_, doc = b.get(restore)
	if got := doc.Find("#body").Text(); got != "Paragraph one.\n\nParagraph **two**." {
		t.Errorf("the restored revision's body = %q", got)
	}

	// The preview renders Markdown through the site's policy.
	res = b.postForm("/admin/preview", url.Values{"csrf_token": {b.formToken(editURL)}, "body": {"**bold** <script>alert(1)</script>"}})
	if res.status != http.StatusOK || !strings.Contains(res.body, "<strong>bold</strong>") || strings.Contains(res.body, "<script") {
		t.Errorf("preview: %d %q", res.status, res.body)
	}
}

// Authors write drafts of their own; publishing and others' articles are
// an editor's.
func TestEditorAuthorRights(t *testing.T) {
	ts := newTestServer(t)
	ts.mustUser("au@example.com", masthead.RoleAuthor)
	ts.mustSave(articleSpec{title: "Someone else's story"})
	other, _ := ts.store.ArticleBySlug(t.Context(), "someone-else-s-story")
	b := ts.browser()
	b.login("au@example.com", testPassword)

	_, doc := b.get("/admin/articles/new")
	if doc.Find(`#status option[value="published"]`).Length() != 0 {
		t.Errorf("an author is offered to publish")
	}
	form := editorForm(doc)
	form.Set("title", "My first story")
	form.Set("status", "published")
	res := b.postForm("/admin/articles/new", form)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "An editor publishes") {
		t.Errorf("an author publishing: %d", res.status)
	}
	form.Set("status", "draft")
	if res := b.postForm("/admin/articles/new", form); res.status != http.StatusSeeOther {
		t.Fatalf("an author's draft: %d %.300s", res.status, res.body)
	}
	_, doc = b.get("/admin/articles")
	if got := doc.Find("table.data tbody tr").Length(); got != 1 || !strings.Contains(doc.Find("table.data").Text(), "My first story") {
		t.Errorf("an author's list shows %d articles, want only their own", got)
	}
	if res, _ := b.get("/admin/articles/" + itoa(int(other.ID))); res.status != http.StatusForbidden {
		t.Errorf("an author opening another's article: %d, want 403", res.status)
	}
}
