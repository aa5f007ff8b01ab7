package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/cli"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/store/postgres"
	"github.com/masthead-news/masthead/internal/store/postgres/pgtest"
	"github.com/masthead-news/masthead/internal/web"
)

// freshPostgres creates a database on MASTHEAD_TEST_POSTGRES's server for
// the test, dropped after it, or skips the test without a server.
func freshPostgres(t *testing.T) string {
	t.Helper()
	return pgtest.FreshDatabase(t)
}

// instance is one masthead serve, in-process, on the shared database.
type instance struct {
	url  string
	stop func()
}

func startInstance(t *testing.T, database string) *instance {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir, cfg.Database = t.TempDir(), database
	cfg.AllowPrivateFetch = true
	app, err := cli.NewApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ln)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	var once atomic.Bool
	in := &instance{url: app.URL(), stop: func() {
		if once.CompareAndSwap(false, true) {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("instance shutdown: %v", err)
			}
		}
	}}
	t.Cleanup(in.stop)
	return in
}

// Three instances on one PostgreSQL database: a comment posted through one
// is approved through the second and shows on the third within a second;
// one instance at a time polls sources, and another takes over when it
// stops; nothing is imported twice.
func TestThreeInstancesOnPostgres(t *testing.T) {
	database := freshPostgres(t)
	var polls atomic.Int64
	outlet := newFeedServer(t, &polls)
	insts := []*instance{startInstance(t, database), startInstance(t, database), startInstance(t, database)}

	st, err := postgres.Open(t.Context(), database)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := &masthead.Article{Slug: "cluster", Title: "Cluster story", Status: masthead.StatusPublished,
		PublishedAt: time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond), BodyHTML: "<p>Text.</p>", Body: "Text."}
	if _, err := st.SaveArticle(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	secret, hash := web.NewTokenSecret()
	if err := st.CreateToken(t.Context(), &masthead.Token{Name: "test"}, hash); err != nil {
		t.Fatal(err)
	}

	// Every instance shows the new article (the issue asks for within a
	// second; a test on a shared machine only waits for it, generously).
	for _, in := range insts {
		waitUntil(t, 10*time.Second, func() bool { return get(t, web.ArticleURL(in.url, a)).StatusCode == http.StatusOK })
	}
	// Load the page on the third so it is cached there.
	page := web.ArticleURL(insts[2].url, a)
	get(t, page)

	// A comment through the first instance's API, approved through the
	// second's, shows on the third.
	res, err := http.Post(fmt.Sprintf("%s/api/v1/articles/%d/comments", insts[0].url, a.ID), "application/json",
		strings.NewReader(`{"comment":"Seen from three servers.","name":"Ann"}`))
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID int64 }
	json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	req, _ := http.NewRequest(http.MethodPost, insts[1].url+"/api/v1/comments/moderate",
		strings.NewReader(fmt.Sprintf(`{"action":"approve","ids":[%d]}`, created.ID)))
	req.Header.Set("Authorization", "Bearer "+secret)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("approve through the second instance: %v %v", err, res)
	}
	waitUntil(t, 10*time.Second, func() bool { return strings.Contains(body(t, page), "Seen from three servers.") })

	// Sources: one instance polls; when it stops, another takes over, and
	// nothing is imported twice.
	cfg := masthead.NewSourceConfig("Outlet")
	cfg.Source.Slug, cfg.Mode, cfg.FullText = "outlet", masthead.ImportPublish, false
	cfg.Feeds = []masthead.Feed{{URL: outlet.URL + "/feed"}}
	if err := st.SaveSourceConfig(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	// The poll is done when the feed's state says so; the article is in by then.
	polled := func() time.Time {
		c, err := st.SourceConfig(t.Context(), "outlet")
		if err != nil {
			t.Fatal(err)
		}
		return c.Feeds[0].LastPolled
	}
	waitUntil(t, 30*time.Second, func() bool { return !polled().IsZero() })
	if _, total, err := st.FindArticles(t.Context(), masthead.ArticleFilter{SourceSlug: "outlet"}); err != nil || total != 1 {
		t.Fatalf("imported after the first poll: %d, %v", total, err)
	}
	for _, in := range insts[:2] {
		in.stop()
	}
	c, _ := st.SourceConfig(t.Context(), "outlet")
	c.Feeds[0].NextPoll = time.Time{} // due again at once
	if err := st.SaveFeedState(t.Context(), &c.Feeds[0]); err != nil {
		t.Fatal(err)
	}
	before, first := polls.Load(), polled()
	waitUntil(t, 45*time.Second, func() bool { return polls.Load() > before && polled().After(first) })
	if _, total, _ := st.FindArticles(t.Context(), masthead.ArticleFilter{SourceSlug: "outlet"}); total != 1 {
		t.Errorf("after the remaining instance polled: %d articles from the outlet, want 1", total)
	}
}

func newFeedServer(t *testing.T, polls *atomic.Int64) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		polls.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>
<item><title>Bridge repairs finish early</title><link>http://`+r.Host+`/story/1</link>
<pubDate>Mon, 26 Feb 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Repairs to the old bridge finished two weeks early, the council said on Monday, and the road reopens to traffic on Wednesday morning.&lt;/p&gt;</description></item>
</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, u string) *http.Response {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func body(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func waitUntil(t *testing.T, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v", d)
		}
		time.Sleep(25 * time.Millisecond)
	}
}
