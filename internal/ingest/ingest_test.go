package ingest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/clock"
	"github.com/masthead-news/masthead/internal/fetch"
	"github.com/masthead-news/masthead/internal/slug"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

var testNow = time.Date(2024, 2, 28, 12, 0, 0, 0, time.UTC)

type fixture struct {
	t     *testing.T
	store store.Store
	in    *Ingester
	clock *clock.Manual
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.NewManual(testNow)
	if opts.UserAgent == "" {
		opts.UserAgent = "Masthead/1.0 (+http://test.example)"
	}
	opts.Now = clk.Now
	in, err := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, store: st, in: in, clock: clk}
}

// follow saves a source with the given feeds, changed by edit.
func (f *fixture) follow(name string, feeds []string, edit func(*masthead.SourceConfig)) *masthead.SourceConfig {
	f.t.Helper()
	c := masthead.NewSourceConfig(name)
	c.Source.Slug = slug.Make(name)
	for _, u := range feeds {
		c.Feeds = append(c.Feeds, masthead.Feed{URL: u})
	}
	if edit != nil {
		edit(c)
	}
	if err := f.store.SaveSourceConfig(context.Background(), c); err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) poll(slug string, force bool) Result {
	f.t.Helper()
	c, err := f.store.SourceConfig(context.Background(), slug)
	if err != nil {
		f.t.Fatal(err)
	}
	return f.in.PollSource(context.Background(), c, force)
}

func titles(as []*masthead.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Title)
	}
	return out
}

// An outlet's feed is polled, its pages' articles extracted and imported
// with attribution, and nothing is imported twice.
func TestImportWithAttribution(t *testing.T) {
	o := newOutlets(t)
	f := newFixture(t, Options{AllowPrivate: true})
	f.follow("Focus", []string{o.URL + "/focus/rss.xml"}, func(c *masthead.SourceConfig) {
		c.Section, c.Tags, c.Exclude = "World", []string{"Wire"}, []string{"sponsored content"}
		c.Source.Homepage = o.URL + "/focus/"
	})
	res := f.poll("focus", false)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	if got := titles(res.Imported); len(got) != 2 || got[0] != harbour.title || got[1] != natoFocus.title {
		t.Fatalf("imported %q, want the harbour then the NATO story (oldest first); the sponsored item excluded", got)
	}
	if res.Skipped != 1 {
		t.Errorf("skipped %d, want 1 (the excluded item)", res.Skipped)
	}
	if ua := o.agents["/focus/rss.xml"]; ua != "Masthead/1.0 (+http://test.example)" {
		t.Errorf("User-Agent = %q", ua)
	}

	a, err := f.store.Article(context.Background(), res.Imported[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"status (review mode)", a.Status, masthead.StatusDraft},
		{"source", a.Source.Name, "Focus"},
		{"source URL (as the feed gave it)", a.SourceURL, o.URL + "/focus/nato-troops?utm_source=rss&utm_medium=feed"},
		{"published", a.PublishedAt, time.Date(2024, 2, 27, 10, 0, 0, 0, time.UTC)},
		{"author", a.Author.Name, natoFocus.author},
		{"section", a.Section.Name, "World"},
		{"image (og:image, absolute)", a.ImageURL, o.URL + "/img/nato-troops.jpg"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	var tags []string
	for _, tg := range a.Tags {
		tags = append(tags, tg.Name)
	}
	if strings.Join(tags, ",") != "Wire,NATO,Ukraine" {
		t.Errorf("tags = %v, want the source's then the item's categories", tags)
	}
	for _, p := range natoFocus.paras {
		if !strings.Contains(a.Body, p) || !strings.Contains(a.BodyHTML, p) {
			t.Errorf("body lacks the paragraph %.40q…", p)
		}
	}
	for _, clutter := range []string{"Please enter your comment", "Please enter your name", "Share on Facebook", "Other story one", "All rights reserved", "About us"} {
		if strings.Contains(a.Body, clutter) || strings.Contains(a.BodyHTML, clutter) {
			t.Errorf("body kept page clutter %q", clutter)
		}
	}

	// Polling again: the feed answers 304 and nothing is imported twice,
	// even when forced past the 304 by a changed validator.
	f.clock.Advance(time.Hour)
	if res := f.poll("focus", false); len(res.Imported) != 0 || len(res.Errors) != 0 {
		t.Errorf("second poll imported %q, errors %v", titles(res.Imported), res.Errors)
	}
	c, _ := f.store.SourceConfig(context.Background(), "focus")
	c.Feeds[0].ETag = ""
	if err := f.store.SaveFeedState(context.Background(), &c.Feeds[0]); err != nil {
		t.Fatal(err)
	}
	if res := f.poll("focus", true); len(res.Imported) != 0 || res.Skipped != 3 {
		t.Errorf("a full re-read imported %q and skipped %d, want none and 3", titles(res.Imported), res.Skipped)
	}
	c, _ = f.store.SourceConfig(context.Background(), "focus")
	if fd := c.Feeds[0]; fd.Imported != 2 || fd.Failures != 0 || !fd.LastPolled.Equal(f.clock.Now()) ||
		!fd.NextPoll.Equal(f.clock.Now().Add(masthead.DefaultPollInterval)) {
		t.Errorf("feed state = %+v", fd)
	}
}

// The same story from a second outlet is not published twice: it is
// linked to the first copy as another outlet's report.
func TestNearDuplicateBecomesReport(t *testing.T) {
	o := newOutlets(t)
	f := newFixture(t, Options{AllowPrivate: true})
	f.follow("Focus", []string{o.URL + "/focus/rss.xml"}, func(c *masthead.SourceConfig) { c.Mode = masthead.ImportPublish })
	f.follow("Wire", []string{o.URL + "/wire/atom"}, func(c *masthead.SourceConfig) { c.Mode = masthead.ImportPublish })
	first := f.poll("focus", false)
	if len(first.Imported) != 3 {
		t.Fatalf("focus imported %q", titles(first.Imported))
	}
	res := f.poll("wire", false)
	if len(res.Imported) != 0 || res.Reports != 1 {
		t.Fatalf("wire: imported %q, %d reports; want none and 1 report (errors %v)", titles(res.Imported), res.Reports, res.Errors)
	}
	var nato *masthead.Article
	for _, a := range first.Imported {
		if a.Title == natoFocus.title {
			nato = a
		}
	}
	reports, err := f.store.Reports(context.Background(), nato.ID)
	if err != nil || len(reports) != 1 || reports[0].Source.Name != "Wire" || reports[0].URL != o.URL+"/wire/"+natoWire.slug {
		t.Fatalf("reports on the first copy = %+v, %v", reports, err)
	}
	if res := f.poll("wire", true); res.Reports != 0 || len(res.Imported) != 0 {
		t.Errorf("polling the wire again: %d reports, %q imported", res.Reports, titles(res.Imported))
	}
	if nato.Status != masthead.StatusPublished {
		t.Errorf("publish mode gave status %q", nato.Status)
	}
}

// A JSON Feed's own content is kept, sanitised, when full text is off.
func TestFeedContentSanitised(t *testing.T) {
	o := newOutlets(t)
	f := newFixture(t, Options{AllowPrivate: true})
	f.follow("Daily", []string{o.URL + "/daily/feed.json"}, func(c *masthead.SourceConfig) { c.FullText = false })
	res := f.poll("daily", false)
	if len(res.Imported) != 1 {
		t.Fatalf("imported %q, errors %v", titles(res.Imported), res.Errors)
	}
	a := res.Imported[0]
	if strings.Contains(a.BodyHTML, "<script") || strings.Contains(a.BodyHTML, "onclick") || !strings.Contains(a.BodyHTML, harbour.paras[1]) {
		t.Errorf("body HTML not sanitised or lost text:\n%s", a.BodyHTML)
	}
	if o.hits("/daily/harbour-story") != 0 {
		t.Errorf("the page was fetched although full text is off")
	}
	if a.ImageURL != o.URL+"/daily/harbour.jpg" {
		t.Errorf("image = %q", a.ImageURL)
	}
}

// Keyword filters match whole words and phrases.
func TestIncludeFilter(t *testing.T) {
	o := newOutlets(t)
	f := newFixture(t, Options{AllowPrivate: true})
	f.follow("Focus", []string{o.URL + "/focus/rss.xml"}, func(c *masthead.SourceConfig) { c.Include = []string{"harbour"} })
	res := f.poll("focus", false)
	if got := titles(res.Imported); len(got) != 1 || got[0] != harbour.title {
		t.Errorf("imported %q, want only the harbour story", got)
	}
	for _, tc := range []struct {
		text    string
		include []string
		want    bool
	}{
		{"NATO's summit", []string{"nato"}, true},
		{"A senator spoke", []string{"nato"}, false},
		{"the regional council met", []string{"regional council"}, true},
		{"the council, regional", []string{"regional council"}, false},
	} {
		if got := wanted(tc.text, tc.include, nil); got != tc.want {
			t.Errorf("wanted(%q, %q) = %v", tc.text, tc.include, got)
		}
	}
}

// Failures are recorded on the feed with backoff, a feed failing three
// times in a row is unhealthy, and one success heals it.
func TestFailuresBackOffAndHeal(t *testing.T) {
	o := newOutlets(t)
	o.down = true
	f := newFixture(t, Options{AllowPrivate: true})
	f.follow("Down", []string{o.URL + "/down/feed"}, func(c *masthead.SourceConfig) { c.Interval = 10 * time.Minute })
	var fd masthead.Feed
	for i := 1; i <= 3; i++ {
		res := f.poll("down", true)
		var se *fetch.StatusError
		if len(res.Errors) != 1 || !errors.As(res.Errors[0], &se) || se.Code != 503 {
			t.Fatalf("poll %d: errors %v, want one HTTP 503", i, res.Errors)
		}
		c, _ := f.store.SourceConfig(context.Background(), "down")
		fd = c.Feeds[0]
		wait := []time.Duration{10 * time.Minute, 20 * time.Minute, 40 * time.Minute}[i-1]
		if fd.Failures != i || !fd.NextPoll.Equal(f.clock.Now().Add(wait)) || fd.LastError == "" {
			t.Errorf("after failure %d: failures %d, next poll in %v (want %v), error %q",
				i, fd.Failures, fd.NextPoll.Sub(f.clock.Now()), wait, fd.LastError)
		}
	}
	if fd.Healthy() {
		t.Errorf("a feed failing 3 times in a row is still healthy")
	}
	if res := f.poll("down", false); len(res.Errors) != 0 || o.hits("/down/feed") != 3 {
		t.Errorf("a feed backing off was polled before its time")
	}
	o.mu.Lock()
	o.down = false
	o.mu.Unlock()
	f.clock.Advance(time.Hour)
	if res := f.poll("down", false); len(res.Errors) != 0 || len(res.Imported) == 0 {
		t.Fatalf("poll after recovery: %v, %q", res.Errors, titles(res.Imported))
	}
	c, _ := f.store.SourceConfig(context.Background(), "down")
	if !c.Feeds[0].Healthy() || c.Feeds[0].Failures != 0 {
		t.Errorf("recovered feed = %+v", c.Feeds[0])
	}
}

// A slow server ends in a timeout error, a redirect is followed, and
// without AllowPrivate a loopback feed is refused before any request.
func TestSlowRedirectAndPrivate(t *testing.T) {
	o := newOutlets(t)
	f := newFixture(t, Options{AllowPrivate: true, Timeout: 300 * time.Millisecond})
	f.follow("Slow", []string{o.URL + "/slow/feed"}, nil)
	f.follow("Moved", []string{o.URL + "/moved/feed"}, func(c *masthead.SourceConfig) { c.FullText = false })
	if res := f.poll("slow", false); len(res.Errors) != 1 || !strings.Contains(strings.ToLower(res.Errors[0].Error()), "time") {
		t.Errorf("slow feed: errors %v, want a timeout", res.Errors)
	}
	if res := f.poll("moved", false); len(res.Errors) != 0 || len(res.Imported) != 3 {
		t.Errorf("redirected feed: imported %q, errors %v", titles(res.Imported), res.Errors)
	}

	strict := newFixture(t, Options{})
	strict.follow("Local", []string{o.URL + "/focus/rss.xml"}, nil)
	before := o.hits("/focus/rss.xml")
	res := strict.poll("local", false)
	if len(res.Errors) != 1 || !errors.Is(res.Errors[0], fetch.ErrForbiddenAddress) {
		t.Errorf("loopback feed without AllowPrivate: errors %v, want ErrForbiddenAddress", res.Errors)
	}
	if o.hits("/focus/rss.xml") != before {
		t.Errorf("the refused feed was requested")
	}
}

// PollDue polls only what is due, several sources at once.
func TestPollDue(t *testing.T) {
	o := newOutlets(t)
	f := newFixture(t, Options{AllowPrivate: true})
	f.follow("Focus", []string{o.URL + "/focus/rss.xml"}, nil)
	f.follow("Daily", []string{o.URL + "/daily/feed.json"}, func(c *masthead.SourceConfig) { c.FullText = false })
	results, err := f.in.PollDue(context.Background())
	if err != nil || len(results) != 2 {
		t.Fatalf("PollDue = %d results, %v", len(results), err)
	}
	results, err = f.in.PollDue(context.Background())
	if err != nil || len(results) != 0 {
		t.Errorf("nothing due right after: %d results, %v", len(results), err)
	}
	f.clock.Advance(masthead.DefaultPollInterval)
	if results, _ = f.in.PollDue(context.Background()); len(results) != 2 {
		t.Errorf("after the interval: %d results, want 2", len(results))
	}
}

func TestNextPoll(t *testing.T) {
	for _, tc := range []struct {
		failures   int
		retryAfter time.Duration
		want       time.Duration
	}{
		{0, 0, 30 * time.Minute},
		{1, 0, 30 * time.Minute},
		{2, 0, time.Hour},
		{3, 0, 2 * time.Hour},
		{10, 0, MaxBackoff},
		{100, 0, MaxBackoff},
		{1, 3 * time.Hour, 3 * time.Hour},
	} {
		if got := nextPoll(testNow, 30*time.Minute, tc.failures, tc.retryAfter).Sub(testNow); got != tc.want {
			t.Errorf("nextPoll(%d failures, retry after %v) = %v, want %v", tc.failures, tc.retryAfter, got, tc.want)
		}
	}
}
