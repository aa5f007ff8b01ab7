package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/masthead-news/masthead"
)

// seedSeed stores the article the product began from, as
// ../shared/fixtures/seed-article.md describes it.
func seedSeed(ts *testServer) *masthead.Article {
	return ts.mustSave(articleSpec{
		title:     "NATO does not plan to send troops to Ukraine – Stoltenberg",
		section:   "World",
		author:    "News desk",
		source:    "Focus",
		sourceURL: "https://focus.ua/",
		tags:      []string{"NATO", "Ukraine", "Jens Stoltenberg"},
		published: time.Date(2024, 2, 27, 10, 0, 0, 0, time.UTC),
		body:      "NATO Secretary General Jens Stoltenberg said that the alliance has no plans to send troops.\n\nSecond paragraph.",
	})
}

func TestArticlePage(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	path := "/2024/02/27/nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg/"
	if got := articlePath(a); got != path {
		t.Fatalf("articlePath = %q, want %q", got, path)
	}
	doc := ts.mustDoc(path, http.StatusOK)

	checks := []struct {
		name, selector, want string // want "" only checks presence
		count                int    // 0 means "at least one"
	}{
		{"OneH1", "h1", "NATO does not plan to send troops to Ukraine – Stoltenberg", 1},
		{"Standfirst", ".story-header .standfirst", "Standfirst of NATO does not plan to send troops to Ukraine – Stoltenberg", 1},
		{"BylineAuthor", ".byline a[rel=author][href='/author/news-desk/']", "News desk", 1},
		{"BylineTime", ".byline time[datetime='2024-02-27T10:00:00Z']", "27 February 2024", 1},
		{"BylineSection", ".byline a[href='/section/world/']", "World", 1},
		{"Body", ".story-body p", "", 2},
		{"SourceLine", "p.source", "Source: Focus", 1},
		{"SourceLink", "p.source a[href='https://focus.ua/']", "Focus", 1},
		{"Tags", ".tags a[rel=tag]", "", 3},
		{"TagLink", ".tags a[href='/tag/jens-stoltenberg/']", "Jens Stoltenberg", 1},
		{"CommentsHeading", "#comments-heading", "0 comments", 1},
		{"ReplyHeading", "#respond h2", "Leave a reply", 1},
		{"CommentField", "form.comment-form textarea[name=comment]#comment[required]", "", 1},
		{"NameField", "form.comment-form input[name=name]#name[required]", "", 1},
		{"EmailField", "form.comment-form input[name=email][type=email]#email", "", 1},
		{"WebsiteField", "form.comment-form input[name=website][type=url]#website", "", 1},
		{"ParentField", "form.comment-form input[name=parent][type=hidden]", "", 1},
		{"ConsentLabel", "label[for=remember]", "Save my name, email, and website in this browser for the next time I comment.", 1},
		{"Button", "form.comment-form button[type=submit]", "Post Comment", 1},
		{"Canonical", "link[rel=canonical][href='" + ts.URL + path + "']", "", 1},
		{"FeedLinks", "head link[rel=alternate]", "", 3},
		{"Script", "script[src^='/static/'][src$='/comment-form.js'][defer]", "", 1},
		// JSON-LD is data, which browsers do not run; nothing else is inline.
		{"NoInlineScript", "script:not([src]):not([type='application/ld+json'])", "", -1},
		{"JSONLD", "head script[type='application/ld+json']:not([src])", "", 1},
		{"Landmarks", "header.site-header, nav.site-nav, main#main, footer.site-footer", "", 4},
		{"SkipLink", "a.skip-link[href='#main']", "", 1},
		{"Lang", "html[lang=en]", "", 1},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			sel := doc.Find(c.selector)
			switch {
			case c.count == -1 && sel.Length() != 0:
				t.Fatalf("%s: found %d, want none", c.selector, sel.Length())
			case c.count > 0 && sel.Length() != c.count:
				t.Fatalf("%s: found %d, want %d", c.selector, sel.Length(), c.count)
			case c.count == 0 && sel.Length() == 0:
				t.Fatalf("%s: not found", c.selector)
			}
			if c.want != "" && text(sel.First()) != c.want {
				t.Fatalf("%s: text %q, want %q", c.selector, text(sel.First()), c.want)
			}
		})
	}
	t.Run("EveryFieldLabelled", func(t *testing.T) {
		doc.Find("form.comment-form input:not([type=hidden]), form.comment-form textarea").Each(func(_ int, f *goquery.Selection) {
			id, _ := f.Attr("id")
			if doc.Find("label[for='"+id+"']").Length() != 1 {
				t.Errorf("field %q has no label", id)
			}
		})
	})
}

func TestArticleRouting(t *testing.T) {
	ts := newTestServer(t)
	seedSeed(ts)
	ts.mustSave(articleSpec{title: "A draft", status: masthead.StatusDraft})
	ts.mustSave(articleSpec{title: "Scheduled", published: testNow.Add(time.Hour)})
	canonical := "/2024/02/27/nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg/"

	tests := []struct {
		name, path string
		status     int
		location   string
	}{
		{"Canonical", canonical, http.StatusOK, ""},
		{"NoTrailingSlash", strings.TrimSuffix(canonical, "/"), http.StatusTemporaryRedirect, canonical}, // the mux's own redirect
		{"WrongDate", "/2024/02/28/nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg/", http.StatusMovedPermanently, canonical},
		{"UnknownSlug", "/2024/02/27/no-such-story/", http.StatusNotFound, ""},
		{"Draft", "/2024/03/01/a-draft/", http.StatusNotFound, ""},
		{"Scheduled", "/2024/03/01/scheduled/", http.StatusNotFound, ""},
		{"UnknownPath", "/no/such/page", http.StatusNotFound, ""},
		{"UnknownSection", "/section/nowhere/", http.StatusNotFound, ""},
		{"UnknownFeed", "/favicon.ico", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.get(tt.path)
			if res.status != tt.status {
				t.Fatalf("GET %s: status %d, want %d", tt.path, res.status, tt.status)
			}
			if loc := res.header.Get("Location"); loc != tt.location {
				t.Fatalf("Location %q, want %q", loc, tt.location)
			}
			if tt.status == http.StatusNotFound {
				if !strings.Contains(res.body, "<h1>Page not found</h1>") {
					t.Fatalf("404 is not the site's page:\n%.300s", res.body)
				}
				if strings.Contains(res.body, "A draft") || strings.Contains(res.body, "Scheduled") {
					t.Fatal("404 page reveals the hidden article")
				}
			}
		})
	}
}

func TestScheduledArticleAppearsAtItsTime(t *testing.T) {
	ts := newTestServer(t)
	a := ts.mustSave(articleSpec{title: "Embargoed results", published: testNow.Add(10 * time.Minute)})
	for _, path := range []string{"/", articlePath(a), "/feed.xml", "/api/v1/articles"} {
		if strings.Contains(ts.get(path).body, "Embargoed results") {
			t.Fatalf("%s shows the article before its time", path)
		}
	}
	ts.advance(10 * time.Minute)
	for _, path := range []string{"/", articlePath(a), "/feed.xml", "/api/v1/articles"} {
		if res := ts.get(path); res.status != http.StatusOK || !strings.Contains(res.body, "Embargoed results") {
			t.Fatalf("%s: status %d, article missing after its time", path, res.status)
		}
	}
}

func TestHomePagination(t *testing.T) {
	ts := newTestServer(t)
	for i := range 25 {
		ts.mustSave(articleSpec{
			title:     fmt.Sprintf("Story number %02d", i),
			section:   []string{"World", "Business"}[i%2],
			source:    map[bool]string{true: "Focus"}[i == 24],
			published: testNow.Add(-time.Duration(25-i) * time.Hour),
		})
	}
	ts.mustComment(&masthead.Comment{ArticleID: 25, Name: "Ann", Body: "First!"})
	ts.mustComment(&masthead.Comment{ArticleID: 25, Name: "Bob", Body: "Held back", Status: masthead.CommentPending})

	doc := ts.mustDoc("/", http.StatusOK)
	if n := doc.Find("h1").Length(); n != 1 {
		t.Fatalf("home has %d h1, want 1", n)
	}
	teasers := doc.Find(".teaser")
	if teasers.Length() != pageSize {
		t.Fatalf("page 1 has %d teasers, want %d", teasers.Length(), pageSize)
	}
	first := teasers.First()
	if got := text(first.Find(".teaser-title")); got != "Story number 24" {
		t.Fatalf("newest teaser %q, want Story number 24", got)
	}
	for sel, want := range map[string]string{
		".standfirst":          "Standfirst of Story number 24",
		".section-link":        "World",
		"time":                 "1 March 2024",
		"a[href^='/source']":   "Focus",
		"a[href$='#comments']": "1 comment",
	} {
		if got := text(first.Find(sel)); got != want {
			t.Errorf("first teaser %s = %q, want %q", sel, got, want)
		}
	}
	if href, _ := doc.Find("link[rel=next]").Attr("href"); href != ts.URL+"/?page=2" {
		t.Fatalf("rel=next %q", href)
	}
	doc2 := ts.mustDoc("/?page=2", http.StatusOK)
	if n := doc2.Find(".teaser").Length(); n != 5 {
		t.Fatalf("page 2 has %d teasers, want 5", n)
	}
	if got := text(doc2.Find(".teaser-title").Last()); got != "Story number 00" {
		t.Fatalf("oldest teaser %q", got)
	}
	if href, _ := doc2.Find("link[rel=canonical]").Attr("href"); href != ts.URL+"/?page=2" {
		t.Fatalf("page 2 canonical %q", href)
	}
	for _, bad := range []string{"/?page=3", "/?page=0", "/?page=abc", "/?page=02"} {
		if res := ts.get(bad); res.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", bad, res.status)
		}
	}
}

func TestListPages(t *testing.T) {
	ts := newTestServer(t)
	seedSeed(ts)
	ts.mustSave(articleSpec{title: "Markets calm", section: "Business", tags: []string{"Markets"}, author: "Ann Lee"})
	ts.mustSave(articleSpec{title: "Hidden draft", section: "World", tags: []string{"NATO"}, status: masthead.StatusDraft})

	tests := []struct {
		path, h1, kind string
		titles         []string
	}{
		{"/section/world/", "World", "Section", []string{"NATO does not plan to send troops to Ukraine – Stoltenberg"}},
		{"/section/business/", "Business", "Section", []string{"Markets calm"}},
		{"/tag/nato/", "NATO", "Tag", []string{"NATO does not plan to send troops to Ukraine – Stoltenberg"}},
		{"/source/focus/", "Focus", "Source", []string{"NATO does not plan to send troops to Ukraine – Stoltenberg"}},
		{"/author/ann-lee/", "Ann Lee", "Author", []string{"Markets calm"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			doc := ts.mustDoc(tt.path, http.StatusOK)
			if got := text(doc.Find("h1")); got != tt.h1 {
				t.Fatalf("h1 %q, want %q", got, tt.h1)
			}
			if got := text(doc.Find(".kicker")); got != tt.kind {
				t.Fatalf("kicker %q, want %q", got, tt.kind)
			}
			var titles []string
			doc.Find(".teaser-title").Each(func(_ int, s *goquery.Selection) { titles = append(titles, text(s)) })
			if strings.Join(titles, "|") != strings.Join(tt.titles, "|") {
				t.Fatalf("titles %q, want %q", titles, tt.titles)
			}
			if href, _ := doc.Find("link[rel=canonical]").Attr("href"); href != ts.URL+tt.path {
				t.Fatalf("canonical %q", href)
			}
			if href, _ := doc.Find("link[type='application/atom+xml']").Attr("href"); href != ts.URL+tt.path+"atom.xml" {
				t.Fatalf("atom link %q", href)
			}
		})
	}
}

func TestUntrustedTextIsEscaped(t *testing.T) {
	ts := newTestServer(t)
	a := ts.mustSave(articleSpec{
		title:   `Title <script>alert(1)</script>`,
		section: `Sec"tion<img src=x onerror=alert(2)>`,
		body:    "Body <script>alert(3)</script> [link](javascript:alert(4))",
	})
	ts.mustComment(&masthead.Comment{ArticleID: a.ID, Name: `<b onmouseover=alert(5)>Eve</b>`, Website: "javascript:alert(6)", Body: "<script>alert(7)</script>\nhttps://example.com/x"})
	for _, path := range []string{"/", articlePath(a), "/section/" + a.Section.Slug + "/"} {
		assertInert(t, path, ts.mustDoc(path, http.StatusOK))
	}
	doc := ts.mustDoc(articlePath(a), http.StatusOK)
	if got := text(doc.Find(".comment-author")); got != "<b onmouseover=alert(5)>Eve</b>" {
		t.Fatalf("commenter name shown as %q", got)
	}
	if href, _ := doc.Find(".comment-body a").Attr("href"); href != "https://example.com/x" {
		t.Fatalf("bare URL in comment linked to %q", href)
	}
}

func TestCommentThreads(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	root := ts.mustComment(&masthead.Comment{ArticleID: a.ID, Name: "Root", Body: "root"})
	parent := root
	for i := 1; i <= 6; i++ {
		parent = ts.mustComment(&masthead.Comment{ArticleID: a.ID, ParentID: parent.ID, Name: fmt.Sprintf("Reply %d", i), Body: "reply"})
	}
	ts.mustComment(&masthead.Comment{ArticleID: a.ID, Name: "Pending", Body: "not yet", Status: masthead.CommentPending})
	doc := ts.mustDoc(articlePath(a), http.StatusOK)
	if got := doc.Find(".comment").Length(); got != 7 {
		t.Fatalf("%d comments shown, want the 7 approved", got)
	}
	if got := text(doc.Find("#comments-heading")); got != "7 comments" {
		t.Fatalf("heading %q", got)
	}
	// Root is level 1, so Reply 4 reaches the deepest level (5), and the
	// replies to Reply 4 and Reply 5 are attached beside it.
	var deepest []string
	doc.Find(".comment-list > .comment > .replies > .comment > .replies > .comment > .replies > .comment > .replies > .comment").
		Each(func(_ int, s *goquery.Selection) { deepest = append(deepest, text(s.Find(".comment-author"))) })
	if strings.Join(deepest, "|") != "Reply 4|Reply 5|Reply 6" {
		t.Fatalf("deepest level holds %q", deepest)
	}
	if strings.Contains(doc.Text(), "not yet") {
		t.Fatal("a pending comment is shown to everyone")
	}
}

func TestServerErrorRevealsNothing(t *testing.T) {
	ts := newTestServer(t)
	seedSeed(ts)
	ts.store.Close() // every query now fails inside the store
	res := ts.get("/")
	if res.status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", res.status)
	}
	if !strings.Contains(res.body, "<h1>Something went wrong</h1>") {
		t.Fatalf("500 is not the site's page:\n%.300s", res.body)
	}
	for _, leak := range []string{"sql", "database", "closed", ".go"} {
		if strings.Contains(strings.ToLower(res.body), leak) {
			t.Fatalf("500 page reveals %q", leak)
		}
	}
	if res := ts.get("/healthz"); res.status != http.StatusServiceUnavailable {
		t.Fatalf("healthz with a closed database: status %d, want 503", res.status)
	}
}

// assertInert fails if the page has an element or attribute that could run
// script: only the site's own external scripts are allowed.
func assertInert(t *testing.T, path string, doc *goquery.Document) {
	t.Helper()
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		node := s.Get(0)
		switch node.Data {
		case "script":
			// A JSON-LD block is data: browsers do not run it, so it is
			// inert as long as it is JSON and nothing more.
			if typ, _ := s.Attr("type"); typ == "application/ld+json" && !json.Valid([]byte(s.Text())) {
				t.Errorf("%s: a JSON-LD block that is not JSON: %s", path, s.Text())
			} else if src, _ := s.Attr("src"); typ != "application/ld+json" && !strings.HasPrefix(src, "/static/") {
				t.Errorf("%s: a script that is not the site's: %s", path, goquery.NewDocumentFromNode(node).Text())
			}
		case "iframe", "object", "embed", "style":
			t.Errorf("%s: a <%s> element", path, node.Data)
		}
		for _, a := range node.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:text/html") {
				t.Errorf("%s: <%s %s=%q>", path, node.Data, a.Key, a.Val)
			}
		}
	})
}
