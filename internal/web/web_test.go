package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
	"github.com/masthead-news/masthead/internal/clock"
	"github.com/masthead-news/masthead/internal/comment"
	"github.com/masthead-news/masthead/internal/markup"
	"github.com/masthead-news/masthead/internal/slug"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

// testNow is the fixed time test servers start at.
var testNow = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// testServer is the real web server on a temp SQLite file behind a loopback
// HTTP server, with a clock the test can move.
type testServer struct {
	*Server
	t        *testing.T
	URL      string
	store    store.Store
	comments *comment.Service
	path     string // the database file
	clock    *clock.Manual
}

// newTestServer starts a test server; configure, if given, adjusts the
// Server before it answers its first request.
func newTestServer(t *testing.T, configure ...func(*Server)) *testServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "masthead.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, store: st, path: path, clock: clock.NewManual(testNow)}
	hs := httptest.NewUnstartedServer(nil)
	ts.URL = "http://" + hs.Listener.Addr().String()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ts.comments, err = comment.NewService(context.Background(), st, ts.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	ts.Server, err = New(st, ts.comments, log, prometheus.NewRegistry(), Options{BaseURL: ts.URL, SiteTitle: "The Test Times", Now: ts.clock.Now, CountViews: true, Hasher: auth.TestHasher(), MediaDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range configure {
		c(ts.Server)
	}
	hs.Config.Handler = ts.Server
	hs.Start()
	t.Cleanup(func() {
		hs.Close()
		st.Close()
	})
	return ts
}

// advance moves the clock and, as WatchChanges would on a tick, drops pages.
func (ts *testServer) advance(d time.Duration) {
	ts.clock.Advance(d)
	ts.InvalidateCache()
}

// articleSpec describes a test article briefly.
type articleSpec struct {
	title, section, author, source, sourceURL string
	tags                                      []string
	status                                    masthead.ArticleStatus
	published                                 time.Time
	body                                      string
}

// mustSave stores an article as `masthead article add` would and drops the
// page cache, as the change watcher would within a tick.
func (ts *testServer) mustSave(spec articleSpec) *masthead.Article {
	ts.t.Helper()
	a := &masthead.Article{
		Title:       spec.title,
		Slug:        slug.Make(spec.title),
		Standfirst:  "Standfirst of " + spec.title,
		Body:        spec.body,
		Status:      spec.status,
		PublishedAt: spec.published,
		SourceURL:   spec.sourceURL,
	}
	if a.Body == "" {
		a.Body = "First paragraph of " + spec.title + ".\n\nSecond paragraph."
	}
	if a.Status == "" {
		a.Status = masthead.StatusPublished
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = testNow.Add(-time.Hour)
	}
	if spec.section != "" {
		a.Section = &masthead.Section{Name: spec.section, Slug: slug.Make(spec.section)}
	}
	if spec.author != "" {
		a.Author = &masthead.Author{Name: spec.author, Slug: slug.Make(spec.author)}
	}
	if spec.source != "" {
		a.Source = &masthead.Source{Name: spec.source, Slug: slug.Make(spec.source), Homepage: spec.sourceURL}
	}
	for _, tag := range spec.tags {
		a.Tags = append(a.Tags, masthead.Tag{Name: tag, Slug: slug.Make(tag)})
	}
	var err error
	if a.BodyHTML, err = markup.Render(a.Body); err != nil {
		ts.t.Fatal(err)
	}
	if _, err := ts.store.SaveArticle(context.Background(), a); err != nil {
		ts.t.Fatal(err)
	}
	ts.InvalidateCache()
	return a
}

func (ts *testServer) mustComment(c *masthead.Comment) *masthead.Comment {
	ts.t.Helper()
	if c.Status == "" {
		c.Status = masthead.CommentApproved
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = testNow.Add(-30 * time.Minute)
	}
	if err := ts.store.CreateComment(context.Background(), c); err != nil {
		ts.t.Fatal(err)
	}
	ts.InvalidateCache()
	return c
}

// response is a finished request: status, headers and body.
type response struct {
	status int
	header http.Header
	body   string
}

// get requests path with a client that does not follow redirects.
func (ts *testServer) get(path string, header ...string) response {
	ts.t.Helper()
	return ts.do(http.MethodGet, path, header...)
}

func (ts *testServer) do(method, path string, header ...string) response {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, nil)
	if err != nil {
		ts.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{DisableCompression: true},
	}
	res, err := client.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(body)}
}

// mustDoc requests path, expects status, and parses the page.
func (ts *testServer) mustDoc(path string, status int) *goquery.Document {
	ts.t.Helper()
	res := ts.get(path)
	if res.status != status {
		ts.t.Fatalf("GET %s: status %d, want %d; body:\n%.500s", path, res.status, status, res.body)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.body))
	if err != nil {
		ts.t.Fatal(err)
	}
	return doc
}

// text is the trimmed, whitespace-folded text of a selection.
func text(s *goquery.Selection) string {
	return strings.Join(strings.Fields(s.Text()), " ")
}

// mustToken creates an admin API token as `masthead token create` does.
func mustToken(t *testing.T, ts *testServer) string {
	t.Helper()
	secret := fmt.Sprintf("test-token-%d", time.Now().UnixNano())
	sum := sha256.Sum256([]byte(secret))
	if err := ts.store.CreateToken(context.Background(), &masthead.Token{Name: "test"}, sum[:]); err != nil {
		t.Fatal(err)
	}
	return secret
}
