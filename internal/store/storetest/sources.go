package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func newSourceConfig(slug string, feeds ...string) *masthead.SourceConfig {
	c := &masthead.SourceConfig{
		Source:   masthead.Source{Slug: slug, Name: "Outlet " + slug, Homepage: "https://" + slug + ".example/"},
		Interval: 30 * time.Minute,
		Mode:     masthead.ImportReview,
		Section:  "World",
		Tags:     []string{"Wire", "Europe"},
		Include:  []string{"nato"},
		Exclude:  []string{"sponsored content"},
		FullText: true,
		Selector: "div.story",
	}
	for _, f := range feeds {
		c.Feeds = append(c.Feeds, masthead.Feed{URL: f})
	}
	return c
}

func testSources(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	c := newSourceConfig("focus", "https://focus.example/rss", "https://focus.example/atom")
	if err := s.SaveSourceConfig(ctx, c); err != nil {
		t.Fatalf("SaveSourceConfig: %v", err)
	}
	if c.Source.ID == 0 || c.Feeds[0].ID == 0 || c.Feeds[1].ID == 0 {
		t.Fatalf("IDs not filled in: %+v", c)
	}
	got, err := s.SourceConfig(ctx, "focus")
	if err != nil {
		t.Fatal(err)
	}
	if got.Source.Name != "Outlet focus" || got.Interval != 30*time.Minute || got.Mode != masthead.ImportReview ||
		got.Section != "World" || len(got.Tags) != 2 || got.Include[0] != "nato" || got.Exclude[0] != "sponsored content" ||
		!got.FullText || got.Selector != "div.story" || len(got.Feeds) != 2 {
		t.Fatalf("SourceConfig = %+v", got)
	}

	// Polling state is kept, and survives a save that keeps the feed.
	f := got.Feeds[0]
	f.ETag, f.LastModified = `"v1"`, "Sat, 28 Nov 2026 10:00:00 GMT"
	f.LastPolled, f.NextPoll = base, base.Add(30*time.Minute)
	f.Failures, f.LastError, f.LastErrorAt, f.Imported = 2, "HTTP 503", base, 7
	before := changeVersion(t, s)
	if err := s.SaveFeedState(ctx, &f); err != nil {
		t.Fatal(err)
	}
	if after := changeVersion(t, s); after != before {
		t.Errorf("SaveFeedState changed ChangeVersion")
	}
	c2 := newSourceConfig("focus", "https://focus.example/rss", "https://focus.example/json")
	c2.Mode = masthead.ImportPublish
	if err := s.SaveSourceConfig(ctx, c2); err != nil {
		t.Fatal(err)
	}
	got, err = s.SourceConfig(ctx, "focus")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Feeds) != 2 || got.Mode != masthead.ImportPublish {
		t.Fatalf("after update: %+v", got)
	}
	kept := got.Feeds[0]
	if kept.URL != f.URL || kept.ETag != f.ETag || kept.LastModified != f.LastModified || !kept.LastPolled.Equal(base) ||
		!kept.NextPoll.Equal(f.NextPoll) || kept.Failures != 2 || kept.LastError != "HTTP 503" || kept.Imported != 7 {
		t.Errorf("kept feed lost its state: %+v, want %+v", kept, f)
	}
	if got.Feeds[1].URL != "https://focus.example/json" || !got.Feeds[1].NextPoll.IsZero() {
		t.Errorf("new feed = %+v", got.Feeds[1])
	}

	if err := s.SaveSourceConfig(ctx, newSourceConfig("bad")); masthead.ErrorCode(err) != masthead.EINVALID {
		t.Errorf("a source without feeds: %v, want EINVALID", err)
	}
	if err := s.SaveSourceConfig(ctx, newSourceConfig("another", "https://another.example/feed")); err != nil {
		t.Fatal(err)
	}
	all, err := s.SourceConfigs(ctx)
	if err != nil || len(all) != 2 || all[0].Source.Slug != "another" {
		t.Fatalf("SourceConfigs = %v, %v", all, err)
	}
	if err := s.RemoveSourceConfig(ctx, "another"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SourceConfig(ctx, "another"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("removed source: %v, want ENOTFOUND", err)
	}
	if err := s.RemoveSourceConfig(ctx, "another"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("removing twice: %v, want ENOTFOUND", err)
	}
}

func testImports(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	a := newArticle("imported", base.Add(-time.Hour))
	a.Source = &masthead.Source{Slug: "focus", Name: "Focus"}
	a.SourceURL = "https://focus.example/story/1"
	a.ImageURL = "https://focus.example/lead.jpg"
	const fp = uint64(0x0123_4567_89ab_cdef)
	item := masthead.ImportedItem{URL: "https://focus.example/story/1", Fingerprint: fp}
	if ok, err := s.ItemImported(ctx, item.URL); err != nil || ok {
		t.Fatalf("ItemImported before = %v, %v", ok, err)
	}
	if err := s.ImportArticle(ctx, a, item); err != nil {
		t.Fatalf("ImportArticle: %v", err)
	}
	if ok, err := s.ItemImported(ctx, item.URL); err != nil || !ok {
		t.Fatalf("ItemImported after = %v, %v", ok, err)
	}
	got, err := s.Article(ctx, a.ID)
	if err != nil || got.ImageURL != a.ImageURL || got.SourceURL != a.SourceURL {
		t.Fatalf("imported article = %+v, %v", got, err)
	}

	// The same URL again, even under another slug, saves nothing.
	again := newArticle("imported-again", base)
	if err := s.ImportArticle(ctx, again, item); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("importing a URL twice: %v, want ECONFLICT", err)
	}
	if _, err := s.ArticleBySlug(ctx, "imported-again"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("the refused import left an article: %v", err)
	}
	// A taken slug is refused rather than overwritten.
	taken := newArticle("imported", base)
	if err := s.ImportArticle(ctx, taken, masthead.ImportedItem{URL: "https://other.example/x"}); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("importing over a taken slug: %v, want ECONFLICT", err)
	}

	// Candidates share a byte at the same position; a zero fingerprint has
	// none.
	for _, tc := range []struct {
		fp   uint64
		want bool
	}{
		{fp, true},
		{fp ^ 0b101, true},                 // 2 bits off
		{fp ^ 0x0101_0101_0101_0100, true}, // 7 bits off: byte 0 is the same
		{^fp, false},                       // every byte differs
		{0, false},
	} {
		cands, err := s.FingerprintCandidates(ctx, tc.fp)
		if err != nil {
			t.Fatal(err)
		}
		found := len(cands) == 1 && cands[0].ArticleID == a.ID && cands[0].Fingerprint == fp
		if found != tc.want {
			t.Errorf("FingerprintCandidates(%#x) = %+v, want found=%v", tc.fp, cands, tc.want)
		}
	}

	before := changeVersion(t, s)
	r := &masthead.Report{Source: masthead.Source{Slug: "wire", Name: "Wire"}, URL: "https://wire.example/a", Title: "Same story", SeenAt: base}
	if err := s.AddReport(ctx, a.ID, r, masthead.ImportedItem{URL: r.URL}); err != nil {
		t.Fatal(err)
	}
	if changeVersion(t, s) == before {
		t.Errorf("AddReport did not change ChangeVersion; the article page shows reports")
	}
	if err := s.AddReport(ctx, a.ID, r, masthead.ImportedItem{URL: r.URL}); masthead.ErrorCode(err) != masthead.ECONFLICT {
		t.Errorf("the same report twice: %v, want ECONFLICT", err)
	}
	moved := masthead.ImportedItem{URL: "https://focus.example/story/1-updated"}
	if err := s.AddReport(ctx, a.ID, nil, moved); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ItemImported(ctx, moved.URL); err != nil || !ok {
		t.Errorf("a URL recorded without a report: imported = %v, %v", ok, err)
	}
	reports, err := s.Reports(ctx, a.ID)
	if err != nil || len(reports) != 1 || reports[0].Source.Name != "Wire" || reports[0].URL != r.URL || !reports[0].SeenAt.Equal(base) {
		t.Fatalf("Reports = %+v, %v", reports, err)
	}
}
