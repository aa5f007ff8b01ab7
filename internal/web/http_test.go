package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

func TestConditionalAndCompressed(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	path := articlePath(a)

	first := ts.get(path)
	etag := first.header.Get("Etag")
	if etag == "" || first.header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, first.header.Get("Cache-Control"))
	}
	if res := ts.get(path, "If-None-Match", etag); res.status != http.StatusNotModified || res.body != "" {
		t.Fatalf("revalidation: status %d, body %d bytes; want 304 and none", res.status, len(res.body))
	}
	if res := ts.get(path, "If-None-Match", `"other"`); res.status != http.StatusOK {
		t.Fatalf("stale ETag: status %d, want 200", res.status)
	}

	gz := ts.get(path, "Accept-Encoding", "gzip, br")
	if gz.header.Get("Content-Encoding") != "gzip" || gz.header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("Content-Encoding %q, Vary %q", gz.header.Get("Content-Encoding"), gz.header.Get("Vary"))
	}
	zr, err := gzip.NewReader(strings.NewReader(gz.body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, []byte(first.body)) {
		t.Fatal("gzipped page differs from the plain one")
	}
	if res := ts.get(path, "Accept-Encoding", "gzip;q=0"); res.header.Get("Content-Encoding") != "" {
		t.Fatal("gzip sent to a client that refused it")
	}
	if res := ts.do(http.MethodHead, path); res.status != http.StatusOK || res.body != "" || res.header.Get("Content-Length") == "" {
		t.Fatalf("HEAD: status %d, %d body bytes, Content-Length %q", res.status, len(res.body), res.header.Get("Content-Length"))
	}
	if res := ts.get(path + "?utm_source=x"); res.header.Get("Etag") != etag {
		t.Fatal("a tracking parameter changed the page")
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	for _, path := range []string{"/", articlePath(a), "/nope", "/feed.xml", "/api/v1/articles", "/api/v1/articles/99", "/healthz"} {
		res := ts.get(path)
		csp := res.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if res.header.Get("X-Content-Type-Options") != "nosniff" || res.header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: nosniff %q, Referrer-Policy %q", path, res.header.Get("X-Content-Type-Options"), res.header.Get("Referrer-Policy"))
		}
	}
}

func TestStaticAssets(t *testing.T) {
	ts := newTestServer(t)
	for _, name := range []string{"site.css", "comment-form.js"} {
		u, err := ts.assets.url(name)
		if err != nil {
			t.Fatal(err)
		}
		res := ts.get(u)
		if res.status != http.StatusOK || !strings.Contains(res.header.Get("Cache-Control"), "immutable") {
			t.Fatalf("%s: status %d, Cache-Control %q", u, res.status, res.header.Get("Cache-Control"))
		}
		wrong := strings.Replace(u, "/static/", "/static/0", 1)
		if res := ts.get(wrong); res.status != http.StatusNotFound {
			t.Fatalf("%s: status %d, want 404", wrong, res.status)
		}
	}
	if _, err := ts.assets.url("missing.css"); err == nil {
		t.Fatal("asset URL of a missing file")
	}
}

func TestHealthAndMetrics(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	if res := ts.get("/healthz"); res.status != http.StatusOK || !strings.Contains(res.body, `"ok"`) {
		t.Fatalf("healthz: %d %s", res.status, res.body)
	}
	ts.get(articlePath(a))
	ts.get(articlePath(a))
	ts.get("/nope")
	res := ts.get("/metrics")
	for _, want := range []string{
		`masthead_http_requests_total{route="GET /{year}/{month}/{day}/{slug}/{$}",status="200"} 2`,
		`masthead_http_requests_total{route="GET /{feed}",status="404"} 1`,
		`masthead_http_request_duration_seconds_bucket{route="GET /{year}/{month}/{day}/{slug}/{$}"`,
		`masthead_page_cache_hits_total 1`,
		`masthead_page_cache_misses_total`,
		`go_sql_open_connections{db_name="write"}`,
		`go_sql_open_connections{db_name="read"}`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestAnotherProcessWriteShows opens the database a second time, as the
// `masthead article add` command does while the server runs, and waits for
// the change watcher to show the new article.
func TestAnotherProcessWriteShows(t *testing.T) {
	ts := newTestServer(t)
	ts.mustSave(articleSpec{title: "Old news", published: testNow.Add(-2 * time.Hour)})
	if strings.Contains(ts.get("/").body, "Fresh news") {
		t.Fatal("article shown before it was written")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- ts.WatchChanges(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("WatchChanges: %v", err)
		}
	}()

	other, err := sqlite.Open(context.Background(), ts.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	fresh := &masthead.Article{Title: "Fresh news", Slug: "fresh-news", Status: masthead.StatusPublished, PublishedAt: testNow.Add(-time.Minute), BodyHTML: "<p>x</p>"}
	if _, err := other.SaveArticle(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	// No timed assertion: the watcher ticks every WatchInterval; give it
	// many ticks on a loaded machine.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(ts.get("/").body, "Fresh news") {
		if time.Now().After(deadline) {
			t.Fatal("the article written by another process never showed")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
