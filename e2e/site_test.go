package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/clock"
	"github.com/masthead-news/masthead/internal/comment"
	"github.com/masthead-news/masthead/internal/markup"
	"github.com/masthead-news/masthead/internal/slug"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/sqlite"
	"github.com/masthead-news/masthead/internal/web"
)

// siteStart is the time a testSite's clock starts at.
var siteStart = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

// testSite is the real web server over a temporary SQLite file, served on a
// loopback port, with a clock the test moves by hand. Unlike mustStartSite
// it hands the test its store and comment service, so a test can moderate,
// change settings and store comments directly.
type testSite struct {
	t        *testing.T
	URL      string
	Store    store.Store
	Comments *comment.Service
	Web      *web.Server
	clock    *clock.Manual
}

// startTestSite starts a site with no articles. The comment form's time trap
// and the per-address rate limit are off, as a browser fills the form at
// once and the clock only moves when the test says so.
func startTestSite(t *testing.T) *testSite {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := &testSite{t: t, Store: st, clock: clock.NewManual(siteStart)}
	if s.Comments, err = comment.NewService(ctx, st, s.clock.Now); err != nil {
		st.Close()
		t.Fatal(err)
	}
	for key, value := range map[string]string{
		comment.SettingMinSeconds:    "0",
		comment.SettingRatePerMinute: "0",
	} {
		if err := s.Comments.SetSetting(ctx, key, value); err != nil {
			st.Close()
			t.Fatal(err)
		}
	}
	hs := httptest.NewUnstartedServer(nil)
	s.URL = "http://" + hs.Listener.Addr().String()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s.Web, err = web.New(st, s.Comments, log, prometheus.NewRegistry(), web.Options{BaseURL: s.URL, SiteTitle: "The E2E Times", Now: s.clock.Now, MediaDir: t.TempDir()})
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	hs.Config.Handler = s.Web
	hs.Start()

	// Drop cached pages on every change, as the real App does.
	watchCtx, stopWatch := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		s.Web.WatchChanges(watchCtx)
	}()
	t.Cleanup(func() {
		stopWatch()
		<-watched
		hs.Close()
		if err := st.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return s
}

// advance moves the clock and drops cached pages, as the change watcher
// would on its next tick.
func (s *testSite) advance(d time.Duration) {
	s.clock.Advance(d)
	s.Web.InvalidateCache()
}

// addArticle publishes an article an hour before the clock's start, as
// `masthead article add` would store it.
func (s *testSite) addArticle(title string) *masthead.Article {
	s.t.Helper()
	a := &masthead.Article{
		Title:       title,
		Slug:        slug.Make(title),
		Standfirst:  "Standfirst of " + title,
		Body:        "First paragraph of " + title + ".\n\nSecond paragraph.",
		Status:      masthead.StatusPublished,
		PublishedAt: siteStart.Add(-time.Hour),
		Section:     &masthead.Section{Name: "City", Slug: "city"},
	}
	var err error
	if a.BodyHTML, err = markup.Render(a.Body); err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.Store.SaveArticle(context.Background(), a); err != nil {
		s.t.Fatal(err)
	}
	s.Web.InvalidateCache()
	return a
}

// articleURL is the absolute URL of the article's page.
func (s *testSite) articleURL(a *masthead.Article) string { return web.ArticleURL(s.URL, a) }

// approve publishes comments as a moderator would, and drops cached pages
// at once rather than waiting for the change watcher's tick.
func (s *testSite) approve(ids ...int64) {
	s.t.Helper()
	n, err := s.Comments.Moderate(context.Background(), masthead.CommentApproved, ids...)
	if err != nil {
		s.t.Fatal(err)
	}
	if n != len(ids) {
		s.t.Fatalf("approved %d of the comments %v", n, ids)
	}
	s.Web.InvalidateCache()
}

// mustComment returns the stored comment with the ID.
func (s *testSite) mustComment(id int64) *masthead.Comment {
	s.t.Helper()
	c, err := s.Store.Comment(context.Background(), id)
	if err != nil {
		s.t.Fatal(fmt.Errorf("comment %d: %w", id, err))
	}
	return c
}
