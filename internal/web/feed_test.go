package web

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/masthead-news/masthead"
)

func TestFeeds(t *testing.T) {
	ts := newTestServer(t)
	seed := seedSeed(ts)
	ts.mustSave(articleSpec{title: "Markets calm", section: "Business", author: "Ann Lee", tags: []string{"Markets"}})
	ts.mustSave(articleSpec{title: "Secret draft", section: "World", status: masthead.StatusDraft})

	tests := []struct {
		path, contentType string
		feedType          string
		titles            []string
	}{
		{"/feed.xml", "application/rss+xml; charset=utf-8", "rss", []string{"Markets calm", seed.Title}},
		{"/atom.xml", "application/atom+xml; charset=utf-8", "atom", []string{"Markets calm", seed.Title}},
		{"/feed.json", "application/feed+json; charset=utf-8", "json", []string{"Markets calm", seed.Title}},
		{"/section/world/atom.xml", "application/atom+xml; charset=utf-8", "atom", []string{seed.Title}},
		{"/tag/markets/feed.json", "application/feed+json; charset=utf-8", "json", []string{"Markets calm"}},
		{"/source/focus/feed.xml", "application/rss+xml; charset=utf-8", "rss", []string{seed.Title}},
		{"/author/ann-lee/feed.xml", "application/rss+xml; charset=utf-8", "rss", []string{"Markets calm"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := ts.get(tt.path)
			if res.status != http.StatusOK || res.header.Get("Content-Type") != tt.contentType {
				t.Fatalf("status %d, type %q", res.status, res.header.Get("Content-Type"))
			}
			f, err := gofeed.NewParser().ParseString(res.body)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if f.FeedType != tt.feedType {
				t.Fatalf("feed type %q, want %q", f.FeedType, tt.feedType)
			}
			var titles []string
			for _, it := range f.Items {
				titles = append(titles, it.Title)
			}
			if strings.Join(titles, "|") != strings.Join(tt.titles, "|") {
				t.Fatalf("items %q, want %q", titles, tt.titles)
			}
			if f.Items[len(f.Items)-1].Link != ts.URL+articlePath(seed) && tt.titles[len(tt.titles)-1] == seed.Title {
				t.Fatalf("link %q", f.Items[len(f.Items)-1].Link)
			}
		})
	}
	if res := ts.get("/section/nowhere/feed.xml"); res.status != http.StatusNotFound {
		t.Fatalf("feed of an unknown section: %d", res.status)
	}
}

// TestAtomValidates checks the site's Atom feed against the RFC 4287 RELAX
// NG schema with xmllint.
func TestAtomValidates(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is not installed (Debian package libxml2-utils); CI must install it")
		}
		t.Skip("xmllint not found; install Debian's libxml2-utils to validate Atom")
	}
	ts := newTestServer(t)
	seedSeed(ts)
	ts.mustSave(articleSpec{title: "No author, no section <&> \x01"})
	for _, path := range []string{"/atom.xml", "/source/focus/atom.xml"} {
		file := filepath.Join(t.TempDir(), "atom.xml")
		if err := os.WriteFile(file, []byte(ts.get(path).body), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(xmllint, "--noout", "--relaxng", "../feed/testdata/atom.rng", file).CombinedOutput()
		if err != nil {
			t.Fatalf("%s does not validate: %v\n%s", path, err, out)
		}
	}
}
