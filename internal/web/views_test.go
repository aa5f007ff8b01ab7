package web

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/masthead-news/masthead"
)

const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"

func (ts *testServer) views(a *masthead.Article) int64 {
	ts.t.Helper()
	if err := ts.FlushViews(ts.t.Context()); err != nil {
		ts.t.Fatal(err)
	}
	got, err := ts.store.Article(ts.t.Context(), a.ID)
	if err != nil {
		ts.t.Fatal(err)
	}
	return got.Views
}

// Views are counted as pages are served, from the cache too, once per
// reader a day, never for bots, HEAD requests or prefetches.
func TestViewsCounted(t *testing.T) {
	ts := newTestServer(t)
	a := ts.mustSave(articleSpec{title: "Counted story"})
	path := articlePath(a)
	requests := []struct {
		name   string
		method string
		header []string
		adds   int64
	}{
		{"first view, rendered", "GET", []string{"User-Agent", firefox}, 1},
		{"same reader, from the cache", "GET", []string{"User-Agent", firefox}, 0},
		{"another reader, from the cache", "GET", []string{"User-Agent", firefox + " extra"}, 1},
		{"revalidation by a third reader", "GET", []string{"User-Agent", firefox + " third", "If-None-Match", "*"}, 1},
		{"a crawler", "GET", []string{"User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)"}, 0},
		{"a HEAD", "HEAD", []string{"User-Agent", firefox + " head"}, 0},
		{"a prefetch", "GET", []string{"User-Agent", firefox + " prefetch", "Sec-Purpose", "prefetch"}, 0},
		{"the home page is no article", "GET", []string{"User-Agent", firefox + " home"}, 0},
	}
	var want int64
	for _, r := range requests {
		p := path
		if strings.HasPrefix(r.name, "the home page") {
			p = "/"
		}
		ts.do(r.method, p, r.header...)
		want += r.adds
		if got := ts.views(a); got != want {
			t.Fatalf("after %s: %d views, want %d", r.name, got, want)
		}
	}

	// The count shows on the page and in the API once pages are rendered anew.
	ts.advance(time.Minute)
	doc := ts.mustDoc(path, 200)
	if got := doc.Find(".byline .views").Text(); got != "3 views" {
		t.Errorf("byline views = %q, want %q", got, "3 views")
	}
	res := ts.get(fmt.Sprintf("/api/v1/articles/%d", a.ID))
	if !strings.Contains(res.body, `"views":3`) {
		t.Errorf("API article lacks \"views\":3: %s", res.body)
	}
}

// Many readers at once are all counted, and written in batches.
func TestViewsUnderConcurrentLoad(t *testing.T) {
	ts := newTestServer(t)
	a := ts.mustSave(articleSpec{title: "Busy story"})
	const readers = 40
	var wg sync.WaitGroup
	for i := range readers {
		wg.Go(func() {
			for range 3 { // each reader reloads; only the first counts
				ts.get(articlePath(a), "User-Agent", fmt.Sprintf("%s reader-%d", firefox, i))
			}
		})
	}
	wg.Wait()
	if got := ts.views(a); got != readers {
		t.Errorf("%d views, want %d", got, readers)
	}
}

func TestMostReadAndRelated(t *testing.T) {
	ts := newTestServer(t)
	quiet := ts.mustSave(articleSpec{title: "Quiet story about budgets", section: "World", tags: []string{"Economy"}})
	popular := ts.mustSave(articleSpec{title: "Popular story about budgets", section: "World", tags: []string{"Economy"}})
	ts.mustSave(articleSpec{title: "Unrelated match report", section: "Sport", tags: []string{"Football"}})
	for i := range 3 {
		ts.get(articlePath(popular), "User-Agent", fmt.Sprintf("%s r%d", firefox, i))
	}
	ts.get(articlePath(quiet), "User-Agent", firefox)
	if err := ts.FlushViews(t.Context()); err != nil {
		t.Fatal(err)
	}
	ts.advance(2 * time.Minute) // past the most-read lists' memo

	for _, path := range []string{"/", articlePath(quiet)} {
		doc := ts.mustDoc(path, 200)
		var day []string
		doc.Find(".most-read ol").First().Find("li a").Each(func(_ int, s *goquery.Selection) {
			day = append(day, s.Text())
		})
		want := []string{popular.Title, quiet.Title}
		if strings.Join(day, "|") != strings.Join(want, "|") {
			t.Errorf("%s: most read today = %q, want %q", path, day, want)
		}
	}

	doc := ts.mustDoc(articlePath(quiet), 200)
	var related []string
	doc.Find(".related li a").Each(func(_ int, s *goquery.Selection) { related = append(related, s.Text()) })
	if len(related) != 1 || related[0] != popular.Title {
		t.Errorf("related = %q, want only %q (same tag and section; never the article itself)", related, popular.Title)
	}
}

func TestCountNoun(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 views", 1: "1 view", 999: "999 views", 1000: "1,000 views",
		1234: "1,234 views", 1234567: "1,234,567 views",
	} {
		if got := countNoun(n, "view", "views"); got != want {
			t.Errorf("countNoun(%d) = %q, want %q", n, got, want)
		}
	}
}
