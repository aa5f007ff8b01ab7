package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/masthead-news/masthead"
)

func TestSearchPage(t *testing.T) {
	ts := newTestServer(t)
	seedSeed(ts)
	ts.mustSave(articleSpec{
		title: "Volcano erupts <script>alert(1)</script>",
		body:  "The volcano erupted at dawn. <script>alert(2)</script> & <b>bold</b> villagers fled.",
	})
	ts.mustSave(articleSpec{title: "Secret volcano draft", status: masthead.StatusDraft})
	ts.mustSave(articleSpec{title: "Volcano tomorrow", published: testNow.Add(time.Hour)})

	doc := ts.mustDoc("/search?q=volcano", http.StatusOK)
	checks := []struct {
		name, selector, want string
		count                int
	}{
		{"OneH1", "h1", "Search", 1},
		{"Label", "main label[for=search-q]", "Search articles", 1},
		{"Input", "main form[action='/search'][method=get] input#search-q[type=search][name=q][value=volcano]", "", 1},
		{"HeaderForm", "header.site-header form[role=search] input[type=search][name=q]", "", 1},
		{"HeaderLabel", "header.site-header label[for=site-search-q]", "Search", 1},
		{"Total", ".list-meta", "1 result for “volcano”", 1},
		{"Result", ".search-results .teaser", "", 1},
		{"Title", ".search-results .teaser-title a", "Volcano erupts <script>alert(1)</script>", 1},
		{"Mark", ".search-results .snippet mark", "", 0},
		{"NoScript", "main script", "", -1},
		{"NoBold", ".snippet b", "", -1},
		{"NoIndex", "meta[name=robots][content=noindex]", "", 1},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			sel := doc.Find(c.selector)
			switch {
			case c.count == -1 && sel.Length() != 0:
				t.Fatalf("%s: found %d, want none", c.selector, sel.Length())
			case c.count == -1:
				return
			case c.count == 0 && sel.Length() == 0:
				t.Fatalf("%s: not found", c.selector)
			case c.count > 0 && sel.Length() != c.count:
				t.Fatalf("%s: found %d, want %d", c.selector, sel.Length(), c.count)
			}
			if c.want != "" && text(sel.First()) != c.want {
				t.Fatalf("%s: %q, want %q", c.selector, text(sel.First()), c.want)
			}
		})
	}
	snippet := doc.Find(".snippet").First()
	if got := text(snippet); !strings.Contains(got, "<script>alert(2)</script> & <b>") {
		t.Errorf("snippet text %q lost the escaped body", got)
	}
	if got := text(snippet.Find("mark").First()); got != "volcano" {
		t.Errorf("mark = %q, want volcano", got)
	}

	t.Run("EveryPageHasTheSearchForm", func(t *testing.T) {
		for _, path := range []string{"/", "/2024/02/27/nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg/", "/section/world/"} {
			if ts.mustDoc(path, http.StatusOK).Find("header form[action='/search'] input[name=q]").Length() != 1 {
				t.Errorf("%s has no search form", path)
			}
		}
	})
	t.Run("NoMatch", func(t *testing.T) {
		doc := ts.mustDoc("/search?q=draft", http.StatusOK)
		if got := text(doc.Find("p.empty")); got != "No articles match “draft”." {
			t.Errorf("empty message %q", got)
		}
		if doc.Find(".teaser").Length() != 0 {
			t.Error("a draft was found")
		}
	})
	t.Run("EmptyQueryShowsTheForm", func(t *testing.T) {
		doc := ts.mustDoc("/search", http.StatusOK)
		if doc.Find("main input#search-q").Length() != 1 || doc.Find(".teaser").Length() != 0 {
			t.Error("no form, or results without a query")
		}
	})
	t.Run("NoWordsIs400", func(t *testing.T) {
		doc := ts.mustDoc("/search?q=%22%2A%29", http.StatusBadRequest)
		if doc.Find("main input#search-q").Length() != 1 || doc.Find("h1").Length() != 1 {
			t.Error("400 page lacks the search form")
		}
	})
	t.Run("Filters", func(t *testing.T) {
		for path, want := range map[string]int{
			"/search?q=stoltenberg&section=world":                 1,
			"/search?q=stoltenberg&section=business":              0,
			"/search?q=stoltenberg&tag=nato&source=focus":         1,
			"/search?q=stoltenberg&from=2024-02-27&to=2024-02-27": 1,
			"/search?q=stoltenberg&from=2024-02-28":               0,
			"/search?q=stoltenberg&to=2024-02-26":                 0,
		} {
			if got := ts.mustDoc(path, http.StatusOK).Find(".teaser").Length(); got != want {
				t.Errorf("%s: %d results, want %d", path, got, want)
			}
		}
		ts.mustDoc("/search?q=stoltenberg&from=27.02.2024", http.StatusBadRequest)
	})
	t.Run("HostileQueriesAreHarmless", func(t *testing.T) {
		for _, q := range []string{`NEAR(`, `"unbalanced`, `title:x`, `a AND OR`, `*`, `<script>alert(1)</script>`} {
			res := ts.get("/search?q=" + url.QueryEscape(q))
			if res.status != http.StatusOK && res.status != http.StatusBadRequest {
				t.Errorf("q=%q: status %d", q, res.status)
			}
			if strings.Contains(res.body, "<script>alert") {
				t.Errorf("q=%q echoed unescaped", q)
			}
		}
	})
}

func TestSearchPagination(t *testing.T) {
	ts := newTestServer(t)
	for i := range pageSize + 3 {
		ts.mustSave(articleSpec{title: fmt.Sprintf("Budget story %02d", i), published: testNow.Add(-time.Duration(i+1) * time.Hour)})
	}
	doc := ts.mustDoc("/search?q=budget&section=", http.StatusOK)
	if n := doc.Find(".teaser").Length(); n != pageSize {
		t.Fatalf("page 1 has %d results, want %d", n, pageSize)
	}
	next, ok := doc.Find(".pagination a[rel=next]").Attr("href")
	if !ok || next != "/search?page=2&q=budget" {
		t.Fatalf("next link %q", next)
	}
	doc = ts.mustDoc(next, http.StatusOK)
	if n := doc.Find(".teaser").Length(); n != 3 {
		t.Fatalf("page 2 has %d results, want 3", n)
	}
	if prev, _ := doc.Find(".pagination a[rel=prev]").Attr("href"); prev != "/search?q=budget" {
		t.Fatalf("prev link %q", prev)
	}
	ts.mustDoc("/search?q=budget&page=3", http.StatusNotFound)
	ts.mustDoc("/search?q=budget&page=x", http.StatusNotFound)
}

func TestAPISearch(t *testing.T) {
	ts := newTestServer(t)
	want := map[string]bool{}
	for i := range 12 {
		a := ts.mustSave(articleSpec{
			title:     fmt.Sprintf("Flood warning %02d", i),
			source:    "Focus",
			sourceURL: "https://focus.ua/",
			tags:      []string{"Weather"},
			published: testNow.Add(-time.Duration(i/2) * time.Hour),
			body:      "Rivers rise <fast> after the flood.",
		})
		want[a.Slug] = true
	}
	ts.mustSave(articleSpec{title: "Flood draft", status: masthead.StatusDraft})
	ts.mustSave(articleSpec{title: "Flood later", published: testNow.Add(time.Hour)})

	seen := map[string]bool{}
	cursor, pages := "", 0
	for {
		path := "/api/v1/search?q=flood&limit=5"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		res := ts.get(path)
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, res.status, res.body)
		}
		var page struct {
			Results []struct {
				ID     int64  `json:"id"`
				Slug   string `json:"slug"`
				URL    string `json:"url"`
				Title  string `json:"title"`
				Source *struct {
					Name string `json:"name"`
					URL  string `json:"url"`
				} `json:"source"`
				Tags     []string `json:"tags"`
				Snippet  string   `json:"snippet"`
				BodyHTML *string  `json:"body_html"`
			} `json:"results"`
			NextCursor *string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(res.body), &page); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.body, `"next_cursor":`) {
			t.Fatal("next_cursor missing")
		}
		pages++
		for _, r := range page.Results {
			if seen[r.Slug] {
				t.Fatalf("%s found twice", r.Slug)
			}
			seen[r.Slug] = true
			if r.ID == 0 || r.Source == nil || r.Source.Name != "Focus" || len(r.Tags) != 1 || r.BodyHTML != nil ||
				!strings.HasPrefix(r.URL, ts.URL+"/") {
				t.Fatalf("result shape: %+v", r)
			}
			if !strings.Contains(r.Snippet, "&lt;fast&gt;") || !strings.Contains(r.Snippet, "<mark>flood</mark>") {
				t.Fatalf("snippet %q", r.Snippet)
			}
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if pages != 3 {
		t.Errorf("%d pages of 5 for 12 results, want 3", pages)
	}
	if d := cmp.Diff(want, seen); d != "" {
		t.Errorf("results seen (-want +got):\n%s", d)
	}

	for _, path := range []string{
		"/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%2A%2A", "/api/v1/search?q=-flood",
		"/api/v1/search?q=flood&limit=0", "/api/v1/search?q=flood&cursor=nope", "/api/v1/search?q=flood&from=yesterday",
	} {
		res := ts.get(path)
		var body struct {
			Error string `json:"error"`
		}
		if res.status != http.StatusBadRequest || json.Unmarshal([]byte(res.body), &body) != nil || body.Error == "" {
			t.Errorf("GET %s: %d %s, want 400 with an error", path, res.status, res.body)
		}
	}
	if res := ts.do(http.MethodPost, "/api/v1/search?q=flood"); res.status != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", res.status)
	}
}

// A search that finds nothing offers the query spelt right, on the page and
// in the API, keeping the filters.
func TestSearchSuggestion(t *testing.T) {
	ts := newTestServer(t)
	ts.mustSave(articleSpec{title: "Harbour reopens after the storms", section: "World"})
	doc := ts.mustDoc("/search?q=harbor&section=world", http.StatusOK)
	link := doc.Find("a.suggestion")
	if link.Text() != "harbour" || link.AttrOr("href", "") != "/search?q=harbour&section=world" {
		t.Errorf("suggestion = %q → %q", link.Text(), link.AttrOr("href", ""))
	}
	if doc := ts.mustDoc("/search?q=harbour", http.StatusOK); doc.Find("a.suggestion").Length() != 0 {
		t.Errorf("a suggestion for a query that finds articles")
	}
	res := ts.get("/api/v1/search?q=harbor")
	if !strings.Contains(res.body, `"suggestion":"harbour"`) {
		t.Errorf("API: %s", res.body)
	}
}
