package web

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/masthead-news/masthead"
)

func TestRobots(t *testing.T) {
	ts := newTestServer(t)
	res := ts.get("/robots.txt")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("status %d, type %q", res.status, res.header.Get("Content-Type"))
	}
	want := "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /comments/\n\n" +
		"Sitemap: " + ts.URL + "/sitemap.xml\nSitemap: " + ts.URL + "/sitemap-news.xml\n"
	if res.body != want {
		t.Fatalf("robots.txt:\n%s\nwant:\n%s", res.body, want)
	}
}

type xmlIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

type xmlURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
		News    *struct {
			Name     string `xml:"publication>name"`
			Language string `xml:"publication>language"`
			Date     string `xml:"publication_date"`
			Title    string `xml:"title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

// getXML fetches a sitemap, checks its status and type, and decodes it.
func getXML(t *testing.T, ts *testServer, path string, v any) string {
	t.Helper()
	res := ts.get(path)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Fatalf("GET %s: status %d, type %q", path, res.status, res.header.Get("Content-Type"))
	}
	if err := xml.Unmarshal([]byte(res.body), v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, res.body)
	}
	return res.body
}

// sitemapSite saves three visible articles, a draft and a scheduled one
// (IDs 1 to 5), and serves sitemaps of two IDs each.
func sitemapSite(t *testing.T) (*testServer, []*masthead.Article) {
	ts := newTestServer(t, func(s *Server) { s.sitemapChunk = 2 })
	visible := []*masthead.Article{
		ts.mustSave(articleSpec{title: "Oldest story", section: "World", published: testNow.Add(-72 * time.Hour)}),
		ts.mustSave(articleSpec{title: "Fish & chips <tonight>", section: "Food & Drink", published: testNow.Add(-5 * time.Hour)}),
		ts.mustSave(articleSpec{title: "Newest story", section: "World", published: testNow.Add(-time.Hour)}),
	}
	ts.mustSave(articleSpec{title: "A draft", section: "Hidden", status: masthead.StatusDraft, published: testNow.Add(-2 * time.Hour)})
	ts.mustSave(articleSpec{title: "Scheduled", section: "Later", published: testNow.Add(time.Hour)})
	return ts, visible
}

func TestSitemaps(t *testing.T) {
	ts, visible := sitemapSite(t)

	var idx xmlIndex
	getXML(t, ts, "/sitemap.xml", &idx)
	wantLocs := []string{ts.URL + "/sitemaps/pages.xml", ts.URL + "/sitemaps/articles-1.xml", ts.URL + "/sitemaps/articles-2.xml"}
	if len(idx.Sitemaps) != len(wantLocs) {
		t.Fatalf("index lists %d sitemaps, want %d: %+v", len(idx.Sitemaps), len(wantLocs), idx.Sitemaps)
	}
	chunks := [][]*masthead.Article{visible[:2], visible[2:]}
	for i, sm := range idx.Sitemaps {
		if sm.Loc != wantLocs[i] {
			t.Errorf("sitemap %d: loc %q, want %q", i, sm.Loc, wantLocs[i])
		}
		if i == 0 {
			continue
		}
		var set xmlURLSet
		getXML(t, ts, strings.TrimPrefix(sm.Loc, ts.URL), &set)
		chunk := chunks[i-1]
		if len(set.URLs) != len(chunk) {
			t.Fatalf("%s lists %d URLs, want %d", sm.Loc, len(set.URLs), len(chunk))
		}
		var newest time.Time
		for j, a := range chunk {
			mod := articleModified(a)
			newest = later(newest, mod)
			if u := set.URLs[j]; u.Loc != ts.URL+articlePath(a) || u.Lastmod != mod.UTC().Format(time.RFC3339) {
				t.Errorf("%s URL %d: %q %q, want %q %q", sm.Loc, j, u.Loc, u.Lastmod, ts.URL+articlePath(a), mod.UTC().Format(time.RFC3339))
			}
		}
		if sm.Lastmod != newest.Format(time.RFC3339) {
			t.Errorf("index lastmod of %s = %q, want its newest %q", sm.Loc, sm.Lastmod, newest.Format(time.RFC3339))
		}
	}

	var pages xmlURLSet
	getXML(t, ts, "/sitemaps/pages.xml", &pages)
	var got []string
	for _, u := range pages.URLs {
		got = append(got, u.Loc)
	}
	want := []string{ts.URL + "/", ts.URL + "/section/food-drink/", ts.URL + "/section/world/"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("pages.xml lists %q, want %q", got, want)
	}

	for _, path := range []string{"/sitemaps/articles-3.xml", "/sitemaps/articles-0.xml", "/sitemaps/articles-01.xml", "/sitemaps/articles-x.xml", "/sitemaps/other.xml"} {
		if res := ts.get(path); res.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.status)
		}
	}

	t.Run("a scheduled article joins its chunk when its time comes", func(t *testing.T) {
		ts.advance(2 * time.Hour)
		var set xmlURLSet
		getXML(t, ts, "/sitemaps/articles-3.xml", &set) // IDs 5 and 6: the scheduled one
		if len(set.URLs) != 1 || !strings.HasSuffix(set.URLs[0].Loc, "/scheduled/") {
			t.Fatalf("articles-3.xml after the scheduled time: %+v", set.URLs)
		}
		var idx xmlIndex
		getXML(t, ts, "/sitemap.xml", &idx)
		if n := len(idx.Sitemaps); n != 4 || idx.Sitemaps[3].Loc != ts.URL+"/sitemaps/articles-3.xml" {
			t.Fatalf("index after the scheduled time: %+v", idx.Sitemaps)
		}
		// The earlier sitemaps did not change.
		var earlier xmlURLSet
		getXML(t, ts, "/sitemaps/articles-2.xml", &earlier)
		if len(earlier.URLs) != 1 || !strings.HasSuffix(earlier.URLs[0].Loc, "/newest-story/") {
			t.Fatalf("articles-2.xml after the scheduled time: %+v", earlier.URLs)
		}
	})
}

func TestNewsSitemap(t *testing.T) {
	ts, visible := sitemapSite(t)
	var set xmlURLSet
	body := getXML(t, ts, "/sitemap-news.xml", &set)
	if !strings.Contains(body, `xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"`) {
		t.Fatalf("no news namespace:\n%s", body)
	}
	// The 72-hour-old article, the draft and the scheduled one are left out.
	want := []*masthead.Article{visible[2], visible[1]}
	if len(set.URLs) != len(want) {
		t.Fatalf("news sitemap lists %d URLs, want %d:\n%s", len(set.URLs), len(want), body)
	}
	for i, a := range want {
		u := set.URLs[i]
		if u.Loc != ts.URL+articlePath(a) || u.News == nil {
			t.Fatalf("URL %d: %+v, want %s with news", i, u, ts.URL+articlePath(a))
		}
		n := *u.News
		if n.Name != "The Test Times" || n.Language != "en" || n.Title != a.Title || n.Date != a.PublishedAt.Format(time.RFC3339) {
			t.Errorf("URL %d news: %+v", i, n)
		}
	}
	if !strings.Contains(body, "Fish &amp; chips &lt;tonight&gt;") {
		t.Errorf("title not escaped:\n%s", body)
	}
}

// xmllintPath returns xmllint's path, skipping the test when it is missing
// unless CI is set, where a silent skip would hide that nothing was checked.
func xmllintPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is not installed (Debian package libxml2-utils); CI must install it")
		}
		t.Skip("xmllint not found; install Debian's libxml2-utils to validate sitemaps")
	}
	return path
}

func validateXSD(t *testing.T, lint, schema, doc string) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lint, "--noout", "--schema", filepath.Join("testdata", schema), file).CombinedOutput()
	return string(out), err
}

// TestSitemapsValidate checks the sitemaps against sitemaps.org's schemas
// and proves each schema rejects broken documents.
func TestSitemapsValidate(t *testing.T) {
	lint := xmllintPath(t)
	ts, _ := sitemapSite(t)
	type breakage struct{ name, re, with string }
	news := []breakage{
		{"no news title", `<news:title>[^<]*</news:title>`, ""},
		{"no publication name", `<news:name>[^<]*</news:name>`, ""},
		{"bad language", `<news:language>[^<]*</news:language>`, "<news:language>English</news:language>"},
		{"bad publication date", `<news:publication_date>[^<]*</news:publication_date>`, "<news:publication_date>today</news:publication_date>"},
	}
	docs := []struct {
		path, schema string
		more         []breakage
	}{
		{"/sitemap.xml", "siteindex.xsd", nil},
		{"/sitemaps/pages.xml", "sitemap.xsd", nil},
		{"/sitemaps/articles-1.xml", "sitemap.xsd", nil},
		{"/sitemaps/articles-2.xml", "sitemap.xsd", nil},
		// The news sitemap against sitemaps.org's schema and Google's news
		// extension together (news-sitemap.xsd loads both).
		{"/sitemap-news.xml", "news-sitemap.xsd", news},
	}
	for _, d := range docs {
		t.Run(d.path, func(t *testing.T) {
			doc := ts.get(d.path).body
			if out, err := validateXSD(t, lint, d.schema, doc); err != nil {
				t.Fatalf("%s does not validate: %v\n%s\n%s", d.path, err, out, doc)
			}
			breakages := append([]breakage{
				{"no loc", `\s*<loc>[^<]*</loc>`, ""},
				{"bad lastmod", `<loc>`, "<lastmod>yesterday</lastmod><loc>"},
				{"unknown element", `<loc>`, "<location/><loc>"},
			}, d.more...)
			for _, b := range breakages {
				loc := regexp.MustCompile(b.re).FindStringIndex(doc)
				if loc == nil {
					t.Fatalf("%s: pattern %q not found", b.name, b.re)
				}
				bad := doc[:loc[0]] + b.with + doc[loc[1]:]
				if out, err := validateXSD(t, lint, d.schema, bad); err == nil {
					t.Errorf("%s: schema accepted a broken document:\n%s\n%s", b.name, out, bad)
				}
			}
		})
	}
}

func TestArticleStructuredData(t *testing.T) {
	ts := newTestServer(t)
	title := `Breaking </script><script>alert(1)</script> & "more"`
	a := ts.mustSave(articleSpec{
		title: title, section: "World", author: "Ann Lee", source: "Focus", sourceURL: "https://focus.ua/story",
		tags: []string{"NATO", "Ukraine"},
	})
	path := articlePath(a)
	res := ts.get(path)
	if strings.Contains(res.body, "<script>alert(1)") {
		t.Fatalf("the title broke out into the page:\n%s", res.body)
	}
	doc := ts.mustDoc(path, http.StatusOK)
	if n := doc.Find("script").Length(); n != 2 {
		t.Fatalf("%d script elements, want 2 (the form's script and JSON-LD)", n)
	}
	ld := doc.Find(`head script[type="application/ld+json"]`)
	if ld.Length() != 1 {
		t.Fatalf("%d JSON-LD blocks, want 1", ld.Length())
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(ld.Text()), &got); err != nil {
		t.Fatalf("JSON-LD does not decode: %v\n%s", err, ld.Text())
	}
	logo, err := ts.assets.url(logoAsset)
	if err != nil {
		t.Fatal(err)
	}
	if res := ts.get(logo); res.status != http.StatusOK || res.header.Get("Content-Type") != "image/png" {
		t.Errorf("publisher logo %s: status %d, type %q", logo, res.status, res.header.Get("Content-Type"))
	}
	want := map[string]any{
		"@context":      "https://schema.org",
		"@type":         "NewsArticle",
		"headline":      title,
		"description":   a.Standfirst,
		"datePublished": a.PublishedAt.UTC().Format(time.RFC3339),
		"dateModified":  articleModified(a).UTC().Format(time.RFC3339),
		"author":        map[string]any{"@type": "Person", "name": "Ann Lee"},
		"publisher": map[string]any{"@type": "Organization", "name": "The Test Times",
			"logo": map[string]any{"@type": "ImageObject", "url": ts.URL + logo}},
		"mainEntityOfPage": ts.URL + path,
		"isBasedOn":        "https://focus.ua/story",
		"articleSection":   "World",
		"keywords":         []any{"NATO", "Ukraine"},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Fatalf("JSON-LD:\n%s\nwant:\n%s", gotJSON, wantJSON)
	}

	meta := func(attr, key string) []string {
		var vals []string
		doc.Find(`head meta[` + attr + `="` + key + `"]`).Each(func(_ int, s *goquery.Selection) {
			vals = append(vals, s.AttrOr("content", ""))
		})
		return vals
	}
	checks := []struct {
		attr, key string
		want      []string
	}{
		{"property", "og:type", []string{"article"}},
		{"property", "og:title", []string{title}},
		{"property", "og:description", []string{a.Standfirst}},
		{"property", "og:url", []string{ts.URL + path}},
		{"property", "og:site_name", []string{"The Test Times"}},
		{"property", "article:published_time", []string{a.PublishedAt.UTC().Format(time.RFC3339)}},
		{"property", "article:modified_time", []string{articleModified(a).UTC().Format(time.RFC3339)}},
		{"property", "article:section", []string{"World"}},
		{"property", "article:tag", []string{"NATO", "Ukraine"}},
		{"name", "twitter:card", []string{"summary"}},
		{"name", "twitter:title", []string{title}},
		{"name", "twitter:description", []string{a.Standfirst}},
	}
	for _, c := range checks {
		if got := meta(c.attr, c.key); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("meta %s=%q: %q, want %q", c.attr, c.key, got, c.want)
		}
	}
}
