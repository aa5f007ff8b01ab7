package ingest

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// outlets is a loopback server playing several other news sites: their
// feeds in each format, their article pages, and their misbehaviour.
type outlets struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int    // path → requests
	agents   map[string]string // path → last User-Agent
	down     bool              // /down/ answers 503 while set
}

// story is an article one of the outlets carries.
type story struct {
	slug, title, author string
	paras               []string
}

var (
	// The story the product began from, as two outlets carry it.
	natoFocus = story{"nato-troops", "NATO does not plan to send troops to Ukraine", "Olena Kovalenko", []string{
		"NATO Secretary General Jens Stoltenberg said on Tuesday that the alliance has no plans to send combat troops to Ukraine, despite remarks by the French president that the option could not be ruled out.",
		"Speaking to journalists in Brussels, Stoltenberg stressed that the allies continue to provide Ukraine with unprecedented military support, including ammunition, air defence systems and training for its soldiers.",
		"He added that every member state decides for itself what kind of help it sends, but that there are no plans for NATO combat troops on the ground in Ukraine and that this position has not changed in recent months.",
		"Several allied governments, including Germany, Poland and the Czech Republic, quickly confirmed that they would not send their own soldiers either, while continuing deliveries of weapons and equipment.",
	}}
	natoWire = story{"alliance-rules-out-troops", "Alliance rules out troops for Ukraine", "Wire staff", []string{
		"NATO Secretary General Jens Stoltenberg said on Tuesday that the alliance has no plans to send combat troops to Ukraine, despite remarks by the French president that the option could not be ruled out.",
		"Speaking to journalists in Brussels, Stoltenberg stressed that the allies continue to provide Ukraine with unprecedented military support, including ammunition, air defence systems and training for its soldiers.",
		"He added that every member state decides for itself what kind of help it sends, but that there are no plans for NATO combat troops on the ground in Ukraine and that this position has not changed in recent months.",
		"Several allied governments, including Germany, Poland and the Czech Republic, quickly confirmed on Wednesday that they would not send their own soldiers either, while continuing deliveries of weapons.",
	}}
	harbour = story{"harbour-reopens", "Harbour reopens after winter storms", "Ivan Petrenko", []string{
		"The city's harbour reopened to fishing boats on Monday after three weeks of repairs to the breakwater damaged by the winter storms that hit the coast in January.",
		"Engineers replaced more than two hundred concrete blocks and dredged the entrance channel, which had silted up so badly that larger vessels could not enter at low tide.",
		"Fishermen welcomed the news but warned that the lost weeks had cost many families a quarter of their winter income, and called on the regional council for compensation.",
	}}
	sponsored = story{"sponsored-cruise", "Sponsored content: win a cruise", "Marketing", []string{
		"This sponsored content invites readers to enter a prize draw for a cruise along the coast, with every entrant receiving a discount voucher for the ferry company's spring timetable.",
	}}
)

func newOutlets(t *testing.T) *outlets {
	o := &outlets{requests: map[string]int{}, agents: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/focus/rss.xml", o.rss)
	mux.HandleFunc("/focus/", o.page)
	mux.HandleFunc("/wire/atom", o.atom)
	mux.HandleFunc("/wire/", o.page)
	mux.HandleFunc("/daily/feed.json", o.jsonFeed)
	mux.HandleFunc("/moved/feed", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/focus/rss.xml", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/down/feed", func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		down := o.down
		o.mu.Unlock()
		if down {
			w.Header().Set("Retry-After", "120")
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		o.rss(w, r)
	})
	mux.HandleFunc("/slow/feed", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	o.Server = httptest.NewServer(o.count(mux))
	t.Cleanup(o.Close)
	return o
}

func (o *outlets) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.requests[r.URL.Path]++
		o.agents[r.URL.Path] = r.Header.Get("User-Agent")
		o.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (o *outlets) hits(path string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.requests[path]
}

// rss serves Focus's RSS 2.0 feed, answering 304 to its own ETag.
func (o *outlets) rss(w http.ResponseWriter, r *http.Request) {
	const etag = `"focus-1"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	item := func(s story, date string, cats ...string) string {
		var c string
		for _, cat := range cats {
			c += "<category>" + cat + "</category>"
		}
		return fmt.Sprintf(`<item><title>%s</title><link>%s/focus/%s?utm_source=rss&amp;utm_medium=feed</link>
<guid>%s/focus/%s</guid><pubDate>%s</pubDate><dc:creator>%s</dc:creator>%s
<description>%s</description></item>`, html.EscapeString(s.title), o.URL, s.slug, o.URL, s.slug, date,
			s.author, c, html.EscapeString(s.paras[0][:80]+"…"))
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Focus</title><link>%s/focus/</link>
%s%s%s
</channel></rss>`, o.URL,
		item(natoFocus, "Tue, 27 Feb 2024 10:00:00 GMT", "NATO", "Ukraine"),
		item(harbour, "Mon, 26 Feb 2024 08:30:00 GMT", "Coast"),
		item(sponsored, "Mon, 26 Feb 2024 07:00:00 GMT"))
}

// atom serves the wire service's Atom feed: the same NATO story under
// another headline and address.
func (o *outlets) atom(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/atom+xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2024-02-27T12:00:00Z</updated>
<entry><title>%s</title><id>urn:wire:1</id><link href="%s/wire/%s"/><updated>2024-02-27T12:00:00Z</updated>
<author><name>%s</name></author><summary>%s</summary></entry>
</feed>`, natoWire.title, o.URL, natoWire.slug, natoWire.author, natoWire.paras[0])
}

// jsonFeed serves a JSON Feed whose items carry their whole text.
func (o *outlets) jsonFeed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/feed+json")
	body := "<p>" + strings.Join(harbour.paras, "</p><p>") + `</p><script>alert("feed")</script><p onclick="x()">Signed, the desk.</p>`
	fmt.Fprintf(w, `{"version":"https://jsonfeed.org/version/1.1","title":"Daily","items":[
{"id":"d1","url":"%s/daily/harbour-story","title":"Harbour back in business","content_html":%q,
 "date_published":"2024-02-26T09:00:00Z","image":"%s/daily/harbour.jpg","tags":["Coast","Economy"]}]}`,
		o.URL, body, o.URL)
}

// page serves an article page the way a WordPress news theme does: the
// story wrapped in navigation, share buttons, related links and the
// comment form the product's seed page ends with.
func (o *outlets) page(w http.ResponseWriter, r *http.Request) {
	var s *story
	for _, st := range []*story{&natoFocus, &natoWire, &harbour, &sponsored} {
		if strings.HasSuffix(r.URL.Path, "/"+st.slug) {
			s = st
		}
	}
	if s == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html><head><title>%s | Outlet</title>
<meta property="og:image" content="/img/%s.jpg"><meta name="author" content="%s"></head><body>
<header><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/sport/">Sport</a> <a href="/about/">About us</a></nav></header>
<main><article><h1>%s</h1><div class="share">Share on Facebook · Share on X · Email</div>
<div class="entry-content"><p>%s</p></div></article>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></aside>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form id="commentform">
<p>Please enter your comment!</p><textarea name="comment"></textarea>
<p>Please enter your name here</p><input name="author"><input type="submit" value="Post Comment"></form></div>
</main><footer>© Outlet 2024. All rights reserved.</footer></body></html>`,
		html.EscapeString(s.title), s.slug, s.author, html.EscapeString(s.title), strings.Join(s.paras, "</p>\n<p>"))
}
