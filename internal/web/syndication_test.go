package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
)

// A republished article names its original, shows its lead image in
// metadata only, and lists the other outlets that carried the story.
func TestRepublishedArticle(t *testing.T) {
	ts := newTestServer(t)
	ctx := t.Context()
	cfg := &masthead.SourceConfig{
		Source:   masthead.Source{Slug: "focus", Name: "Focus", Homepage: "https://focus.example/", CanonicalToOriginal: true},
		Feeds:    []masthead.Feed{{URL: "https://focus.example/rss"}},
		Interval: time.Hour, Mode: masthead.ImportPublish,
	}
	if err := ts.store.SaveSourceConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	a := &masthead.Article{
		Slug: "nato-troops", Title: "NATO does not plan to send troops", Body: "Text.", BodyHTML: "<p>Text.</p>",
		Source: &masthead.Source{Slug: "focus", Name: "Focus"}, SourceURL: "https://focus.example/news/1",
		ImageURL: "https://focus.example/img/lead.jpg", Status: masthead.StatusPublished, PublishedAt: testNow.Add(-time.Hour),
	}
	if err := ts.store.ImportArticle(ctx, a, masthead.ImportedItem{URL: a.SourceURL}); err != nil {
		t.Fatal(err)
	}
	reports := []*masthead.Report{
		{Source: masthead.Source{Slug: "wire", Name: "Wire <Service>"}, URL: "https://wire.example/a?x=1&y=2", Title: "Same"},
		{Source: masthead.Source{Slug: "daily", Name: "Daily"}, URL: "javascript:alert(1)", Title: "Hostile"},
	}
	for _, r := range reports {
		if err := ts.store.AddReport(ctx, a.ID, r, masthead.ImportedItem{URL: r.URL}); err != nil {
			t.Fatal(err)
		}
	}
	ts.InvalidateCache()

	doc := ts.mustDoc(articlePath(a), http.StatusOK)
	if got := doc.Find(`link[rel="canonical"]`).AttrOr("href", ""); got != a.SourceURL {
		t.Errorf("canonical = %q, want the original %q", got, a.SourceURL)
	}
	if got := doc.Find(`meta[property="og:image"]`).AttrOr("content", ""); got != a.ImageURL {
		t.Errorf("og:image = %q, want %q", got, a.ImageURL)
	}
	if n := doc.Find("img").Length(); n != 0 {
		t.Errorf("%d <img> on the page: the other outlet's image must not be hot-loaded", n)
	}
	if got := doc.Find(".source a").AttrOr("href", ""); got != a.SourceURL {
		t.Errorf("Source: links to %q, want %q", got, a.SourceURL)
	}
	also := doc.Find(".also-reported")
	if !strings.HasPrefix(strings.TrimSpace(also.Text()), "Also reported by:") {
		t.Fatalf("no \"Also reported by\": %q", also.Text())
	}
	links := also.Find("a")
	if links.Length() != 2 || links.Eq(0).Text() != "Wire <Service>" || links.Eq(0).AttrOr("href", "") != reports[0].URL {
		t.Errorf("reports = %d links, first %q → %q", links.Length(), links.Eq(0).Text(), links.Eq(0).AttrOr("href", ""))
	}
	if href := links.Eq(1).AttrOr("href", ""); strings.HasPrefix(href, "javascript:") {
		t.Errorf("a javascript: URL survived as a link: %q", href)
	}
}
