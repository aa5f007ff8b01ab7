package e2e

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

// outlet is another news site on a loopback server, for masthead to follow:
// one RSS feed whose items the test adds as it goes. It records who fetched
// the feed, and when: masthead names its site in its User-Agent, so each
// request tells which instance polled.
type outlet struct {
	srv *httptest.Server
	// gate holds feed requests until it is closed (or for at most
	// gateLimit), so that polls from several instances would overlap.
	gate chan struct{}

	mu    sync.Mutex
	items []outletItem
	polls []outletPoll
}

// outletItem is one story in the feed.
type outletItem struct {
	title, text string
	published   time.Time
}

// outletPoll is one request for the feed.
type outletPoll struct {
	site string // the base URL in the User-Agent, or the whole header if it names none
	at   time.Time
}

func (p outletPoll) String() string { return p.site }

// gateLimit bounds how long the gate holds a request, below the importer's
// own 15-second wait for response headers, so a slow start-up cannot make
// the first poll fail.
const gateLimit = 10 * time.Second

func newOutlet(t *testing.T, items ...outletItem) *outlet {
	o := &outlet{gate: make(chan struct{}), items: items}
	o.srv = httptest.NewServer(http.HandlerFunc(o.serveFeed))
	t.Cleanup(o.srv.Close)
	return o
}

func (o *outlet) feedURL() string { return o.srv.URL + "/feed" }

// storyURL is the link of the feed's n-th item, from 1.
func (o *outlet) storyURL(n int) string { return fmt.Sprintf("%s/story/%d", o.srv.URL, n) }

// open lets held and later requests through.
func (o *outlet) open() { close(o.gate) }

// add publishes more items in the feed.
func (o *outlet) add(items ...outletItem) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.items = append(o.items, items...)
}

// pollsSoFar returns the feed requests seen so far, in order.
func (o *outlet) pollsSoFar() []outletPoll {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]outletPoll(nil), o.polls...)
}

func (o *outlet) serveFeed(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/feed" {
		http.NotFound(w, r)
		return
	}
	ua := r.UserAgent()
	site := ua
	if _, rest, ok := strings.Cut(ua, "(+"); ok {
		site, _, _ = strings.Cut(rest, ")")
	}
	o.mu.Lock()
	o.polls = append(o.polls, outletPoll{site: site, at: time.Now()})
	o.mu.Unlock()

	select {
	case <-o.gate:
	case <-time.After(gateLimit):
	case <-r.Context().Done():
		return
	}

	o.mu.Lock()
	items := append([]outletItem(nil), o.items...)
	o.mu.Unlock()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<rss version="2.0"><channel><title>Outlet</title><link>` + o.srv.URL + `/</link>`)
	// Newest first, as feeds list them.
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		fmt.Fprintf(&b, "\n<item><title>%s</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>",
			html.EscapeString(it.title), o.storyURL(i+1), it.published.UTC().Format(http.TimeFormat),
			html.EscapeString("<p>"+it.text+"</p>"))
	}
	b.WriteString("\n</channel></rss>\n")
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Write([]byte(b.String()))
}
