package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
)

// sharedFeeds finds ../shared/security/feeds above the working directory.
func sharedFeeds(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "..", "shared", "security", "feeds")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("../shared/security/feeds not found next to the repository; hostile feed tests skipped")
		}
		dir = parent
	}
}

// Hostile and broken feeds, served byte for byte from loopback, end in a
// recorded error or a bounded import: never a crash, a hang or a flood.
func TestHostileFeeds(t *testing.T) {
	root := sharedFeeds(t)
	var files []string
	for _, dir := range []string{"synthetic-hostile", "synthetic", "defusedxml", "patt-xxe/files", "feedparser/illformed", "feedparser/encoding", "miniflux"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 50 {
		t.Fatalf("found only %d hostile feeds under %s", len(files), root)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/"))))
	}))
	defer srv.Close()

	f := newFixture(t, Options{AllowPrivate: true, MaxItems: 20, Timeout: 5 * time.Second})
	for i, file := range files {
		rel, _ := filepath.Rel(root, file)
		name := "Hostile " + strings.ReplaceAll(strings.ReplaceAll(rel, "/", " "), ".", " ")
		c := f.follow(name, []string{srv.URL + "/" + filepath.ToSlash(rel)}, func(c *masthead.SourceConfig) {
			c.FullText = false // the items' links lead nowhere
			c.Mode = masthead.ImportPublish
		})
		done := make(chan Result, 1)
		go func() { done <- f.in.PollSource(context.Background(), c, true) }()
		select {
		case res := <-done:
			if len(res.Imported) > 20 {
				t.Errorf("%s: %d imported, more than MaxItems", rel, len(res.Imported))
			}
			for _, a := range res.Imported {
				if strings.Contains(a.BodyHTML, "<script") || strings.Contains(a.Body, "root:x:0:0") || len(a.Title) > 4*masthead.MaxTitleLen {
					t.Errorf("%s: unsafe or unbounded article %q", rel, a.Title)
				}
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: poll did not return within 30s", rel)
		}
		if i%100 == 0 {
			t.Logf("%d of %d feeds", i, len(files))
		}
	}
	c, err := f.store.SourceConfig(context.Background(), "hostile-synthetic-hostile-rss20-billion-laughs-in-title-xml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Feeds[0].Failures == 0 && c.Feeds[0].Imported > 0 {
		t.Errorf("the billion-laughs feed imported: %+v", c.Feeds[0])
	}
}
