package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/masthead-news/masthead"
)

// payloadsFile is where the shared XSS corpus lives, relative to a parent
// directory of this package.
var payloadsFile = filepath.Join("shared", "security", "xss", "payloads.txt")

// loadPayloads reads the XSS corpus, one payload a line, blank lines left
// out. It skips the test when the corpus is not there.
func loadPayloads(t *testing.T) []string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		path := filepath.Join(dir, payloadsFile)
		if f, err := os.Open(path); err == nil {
			defer f.Close()
			var out []string
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
			for sc.Scan() {
				if line := strings.TrimSuffix(sc.Text(), "\r"); strings.TrimSpace(line) != "" {
					out = append(out, line)
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatalf("read %s: %v", path, err)
			}
			if len(out) == 0 {
				t.Fatalf("%s has no payloads", path)
			}
			return out
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("no %s in any parent directory of the package: the shared XSS corpus is not checked out here", payloadsFile)
		}
		dir = parent
	}
}

// xssHooks runs in every frame before the page's own scripts. Whatever a
// payload manages to run ends up calling one of the hooked functions or
// adding a script element; each hit is kept in the page (window.__xssHits,
// window.__xssScript) and also written to the console, which reaches the
// test from frames of any origin. The console function is taken before any
// page script could replace it.
const xssHooks = `(() => {
	const report = console.debug.bind(console);
	const hits = [];
	Object.defineProperty(window, "__xssHits", {value: hits});
	const hit = (what) => {
		hits.push(what);
		try { if (window.top !== window) { window.top.__xssHits.push("frame: " + what); window.top.__xssScript = true; } } catch (e) {}
		report("masthead-xss-hit " + what);
	};
	const trap = (name) => function () {
		let args = "";
		try { args = Array.prototype.map.call(arguments, String).join(", "); } catch (e) {}
		hit(name + "(" + args.slice(0, 100) + ") in " + location.href.slice(0, 100));
		return name === "prompt" || name === "open" ? null : name === "confirm" ? false : undefined;
	};
	for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
		try {
			Object.defineProperty(window, name, {value: trap(name), writable: false, configurable: false});
		} catch (e) {
			hit("could not hook " + name);
		}
	}
	const ours = (s) => {
		// The site's own structured data: a JSON-LD block in <head>, which
		// browsers never run. One in the body would come from a payload.
		if (!s.src) {
			return s.type === "application/ld+json" && s.parentNode === document.head;
		}
		try {
			const u = new URL(s.src, location.href);
			return u.origin === location.origin && u.pathname.startsWith("/static/");
		} catch (e) {
			return false;
		}
	};
	const check = (node) => {
		if (node.nodeType !== 1) { return; }
		const scripts = node.tagName === "SCRIPT" ? [node] : Array.from(node.querySelectorAll("script"));
		for (const s of scripts) {
			if (!ours(s)) {
				window.__xssScript = true;
				hit("script element added: " + (s.src || s.textContent).slice(0, 100));
			}
		}
	};
	new MutationObserver((records) => {
		for (const r of records) { r.addedNodes.forEach(check); }
	}).observe(document, {childList: true, subtree: true});
})();`

// xssPageCheck reads what the hooks saw and what the comments became.
const xssPageCheck = `(() => {
	const out = {hits: Array.from(window.__xssHits || []), script: window.__xssScript === true, problems: [], comments: []};
	for (const el of document.querySelectorAll("*")) {
		for (const a of el.attributes) {
			if (/^on/i.test(a.name)) { out.problems.push("<" + el.tagName.toLowerCase() + "> has the attribute " + a.name); }
		}
	}
	for (const el of document.querySelectorAll("base, iframe, frame, object, embed, img, svg, math, style, meta[http-equiv], link[rel=import]")) {
		out.problems.push("the page has a <" + el.tagName.toLowerCase() + "> element");
	}
	const allowed = new Set(["OL", "LI", "ARTICLE", "HEADER", "SPAN", "A", "TIME", "P", "DIV", "BR", "FORM", "BUTTON", "H2"]);
	for (const el of document.querySelectorAll("#comments *")) {
		if (!allowed.has(el.tagName)) { out.problems.push("<" + el.tagName.toLowerCase() + "> inside the comments"); }
	}
	// A link must be http(s); one the browser cannot parse (its protocol
	// reads ":") goes nowhere, which is safe.
	for (const a of document.querySelectorAll("#comments a[href]")) {
		if (a.protocol !== "http:" && a.protocol !== "https:" && a.protocol !== ":") { out.problems.push("a link to " + a.getAttribute("href").slice(0, 100)); }
	}
	for (const li of document.querySelectorAll("#comments li.comment")) {
		const author = li.querySelector(".comment-author"), body = li.querySelector(".comment-body");
		out.comments.push({id: li.id, author: author ? author.textContent : null, body: body ? body.textContent : null});
	}
	return out;
})()`

type xssPageReport struct {
	Hits     []string `json:"hits"`
	Script   bool     `json:"script"`
	Problems []string `json:"problems"`
	Comments []struct {
		ID     string  `json:"id"`
		Author *string `json:"author"`
		Body   *string `json:"body"`
	} `json:"comments"`
}

// xssWatch collects, from the browser's events, what a page must never do:
// run a hooked function (in any frame), open a dialog, or reach a host that
// is not this machine.
type xssWatch struct {
	mu       sync.Mutex
	page     string // the page being loaded, to name it in findings
	findings []string
	dialogs  atomic.Int64
}

func (w *xssWatch) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.findings = append(w.findings, w.page+": "+fmt.Sprintf(format, args...))
}

func (w *xssWatch) loading(page string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.page = page
}

func (w *xssWatch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.findings
	w.findings = nil
	return out
}

// listen starts watching the tab. Dialogs are dismissed from a goroutine,
// as the listener itself may not send commands.
func (w *xssWatch) listen(t *testing.T, ctx context.Context) {
	t.Helper()
	dialogs := make(chan struct{}, 64)
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			w.dialogs.Add(1)
			w.add("a %s dialog opened: %.100q", ev.Type, ev.Message)
			select {
			case dialogs <- struct{}{}:
			default:
			}
		case *runtime.EventConsoleAPICalled:
			if len(ev.Args) > 0 {
				var s string
				if json.Unmarshal(ev.Args[0].Value, &s) == nil && strings.HasPrefix(s, "masthead-xss-hit ") {
					w.add("%s", strings.TrimPrefix(s, "masthead-xss-hit "))
				}
			}
		case *network.EventRequestWillBeSent:
			if u, err := url.Parse(ev.Request.URL); err == nil && !localURL(u) {
				w.add("a request to %.100s", ev.Request.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				// The page may have closed it already; nothing to do then.
				chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()
}

// localURL reports whether the browser may load u without leaving this
// machine.
func localURL(u *url.URL) bool {
	switch u.Scheme {
	case "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
		ip := net.ParseIP(u.Hostname())
		return ip != nil && ip.IsLoopback() || u.Hostname() == "localhost"
	}
	return false
}

// TestCommentFieldsInert stores every payload of the shared XSS corpus as
// an approved comment's body, name, email and website, and loads every page
// in headless chromium with the page's CSP switched off, so what is tested
// is the escaping alone. No payload may run, add a script, open a dialog or
// reach another host, and each must show as the text it was. The JSON API
// must give the same comments with safe body_html.
func TestCommentFieldsInert(t *testing.T) {
	payloads := loadPayloads(t)
	site := startTestSite(t)
	ctx := mustBrowserFor(t, 3*time.Minute)

	// Spread the payloads evenly over articles of about 200 comments each.
	start := time.Now()
	const perArticle = 200
	articles := make([]*masthead.Article, (len(payloads)+perArticle-1)/perArticle)
	for i := range articles {
		articles[i] = site.addArticle(fmt.Sprintf("Payload page %d of %d", i+1, len(articles)))
	}
	want := make([]map[int64]string, len(articles)) // per article: comment ID → payload
	for i := range want {
		want[i] = map[int64]string{}
	}
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		next    atomic.Int64
		stopped atomic.Bool
	)
	for range 8 {
		wg.Go(func() {
			for !stopped.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(payloads) {
					return
				}
				p, ai := payloads[i], i%len(articles)
				c := &masthead.Comment{
					ArticleID: articles[ai].ID,
					Status:    masthead.CommentApproved,
					Name:      p,
					Email:     p,
					Website:   p,
					IP:        "192.0.2.1",
					Body:      p,
					CreatedAt: siteStart.Add(-30*time.Minute + time.Duration(i)*time.Millisecond),
				}
				if err := site.Store.CreateComment(context.Background(), c); err != nil {
					t.Errorf("store payload %d: %v", i+1, err)
					stopped.Store(true)
					return
				}
				mu.Lock()
				want[ai][c.ID] = p
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	site.Web.InvalidateCache()
	stored := time.Since(start)

	// One tab for every page: CSP off and the hooks in before any page loads.
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: xssHooks}); err != nil {
		t.Fatal(err)
	}
	watch := &xssWatch{}
	watch.listen(t, ctx)

	// The hooks must work, or a clean run proves nothing: a page that calls
	// alert and adds an inline script must be caught.
	open(t, ctx, site.URL+"/")
	canary := mustRun(t, ctx, chromedp.Evaluate[xssPageReport](`(() => {
		alert("canary");
		const s = document.createElement("script");
		s.textContent = "1";
		document.body.appendChild(s);
		return new Promise((resolve) => setTimeout(resolve, 0));
	})().then(() => `+xssPageCheck+`)`, chromedp.EvalAwaitPromise))
	if len(canary.Hits) != 2 || !canary.Script {
		t.Fatalf("the hooks do not work: a canary alert and script gave %+v", canary)
	}
	if got := watch.take(); len(got) != 2 {
		t.Fatalf("the console does not report hook hits: the canary gave %q", got)
	}

	loadStart := time.Now()
	failures := 0
	for i, a := range articles {
		pageURL := site.articleURL(a)
		watch.loading(pageURL)
		open(t, ctx, pageURL)
		rep := mustRun(t, ctx, chromedp.Evaluate[xssPageReport](xssPageCheck))
		var bad []string
		bad = append(bad, rep.Hits...)
		if rep.Script && len(rep.Hits) == 0 {
			bad = append(bad, "a script element was added")
		}
		bad = append(bad, rep.Problems...)
		bad = append(bad, watch.take()...)
		bad = append(bad, checkShown(want[i], rep)...)
		bad = append(bad, checkAPI(t, site.URL, a.ID, want[i])...)
		if len(bad) > 0 {
			failures++
			if len(bad) > 20 {
				bad = append(bad[:20], fmt.Sprintf("… and %d more", len(bad)-20))
			}
			t.Errorf("%s (%d payloads):\n\t%s", pageURL, len(want[i]), strings.Join(bad, "\n\t"))
		}
	}
	if n := watch.dialogs.Load(); n > 0 {
		t.Errorf("%d dialogs opened", n)
	}
	t.Logf("%d payloads in %d comment fields each, on %d pages: stored in %s, pages and API checked in %s; %d pages failed",
		len(payloads), 4, len(articles), stored.Round(time.Millisecond), time.Since(loadStart).Round(time.Millisecond), failures)
}

// checkShown compares the comments a page shows with those stored: every
// payload must be there, its name and text shown exactly as typed.
func checkShown(want map[int64]string, rep xssPageReport) []string {
	var bad []string
	seen := map[int64]bool{}
	for _, c := range rep.Comments {
		id, err := strconv.ParseInt(strings.TrimPrefix(c.ID, "comment-"), 10, 64)
		p, ok := want[id]
		switch {
		case err != nil || !ok:
			bad = append(bad, fmt.Sprintf("a comment element with the id %.100q, which is no stored comment", c.ID))
			continue
		case seen[id]:
			bad = append(bad, fmt.Sprintf("comment %d shown twice", id))
		case c.Author == nil || *c.Author != p:
			bad = append(bad, fmt.Sprintf("comment %d: the name shows as %.100q, want %.100q", id, deref(c.Author), p))
		case c.Body == nil || strings.TrimSpace(*c.Body) != strings.TrimSpace(p):
			bad = append(bad, fmt.Sprintf("comment %d: the text shows as %.100q, want %.100q", id, deref(c.Body), p))
		}
		seen[id] = true
	}
	if len(seen) != len(want) {
		bad = append(bad, fmt.Sprintf("the page shows %d of the %d comments", len(seen), len(want)))
	}
	return bad
}

func deref(s *string) string {
	if s == nil {
		return "<missing>"
	}
	return *s
}

// eventAttr finds an event handler attribute in markup.
var eventAttr = regexp.MustCompile(`(?i)<[^>]*[\s/"']on[a-z]+\s*=`)

// checkAPI reads the article's comments from the JSON API: every payload
// must be there, name and website as stored, and body_html may hold only
// paragraphs, line breaks and http(s) links.
func checkAPI(t *testing.T, base string, articleID int64, want map[int64]string) []string {
	t.Helper()
	res, err := http.Get(fmt.Sprintf("%s/api/v1/articles/%d/comments", base, articleID))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return []string{fmt.Sprintf("the API answered %s", res.Status)}
	}
	var out struct {
		Comments []struct {
			ID       int64  `json:"id"`
			Name     string `json:"name"`
			Website  string `json:"website"`
			BodyHTML string `json:"body_html"`
		} `json:"comments"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return []string{fmt.Sprintf("the API's JSON does not decode: %v", err)}
	}
	var bad []string
	if len(out.Comments) != len(want) {
		bad = append(bad, fmt.Sprintf("the API lists %d comments, want %d", len(out.Comments), len(want)))
	}
	for _, c := range out.Comments {
		p, ok := want[c.ID]
		if !ok {
			bad = append(bad, fmt.Sprintf("the API lists comment %d, which is not on the article", c.ID))
			continue
		}
		if c.Name != p || c.Website != p {
			bad = append(bad, fmt.Sprintf("API comment %d: name %.60q and website %.60q, want the payload %.60q as stored", c.ID, c.Name, c.Website, p))
		}
		lower := strings.ToLower(c.BodyHTML)
		if strings.Contains(lower, "<script") || eventAttr.MatchString(c.BodyHTML) {
			bad = append(bad, fmt.Sprintf("API comment %d: body_html has markup that runs: %.200q", c.ID, c.BodyHTML))
		}
		if problem := checkBodyHTML(c.BodyHTML); problem != "" {
			bad = append(bad, fmt.Sprintf("API comment %d: body_html %s: %.200q", c.ID, problem, c.BodyHTML))
		}
	}
	return bad
}

// checkBodyHTML parses a comment's HTML as a browser would inside a div and
// returns what is wrong with it, or "".
func checkBodyHTML(s string) string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return "does not parse: " + err.Error()
	}
	var problem string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if problem != "" {
			return
		}
		switch n.Type {
		case html.ElementNode:
			switch n.DataAtom {
			case atom.P, atom.Br:
				if len(n.Attr) > 0 {
					problem = fmt.Sprintf("has <%s> with attributes", n.Data)
				}
			case atom.A:
				for _, a := range n.Attr {
					switch a.Key {
					case "rel":
					case "href":
						u, err := url.Parse(a.Val)
						if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
							problem = fmt.Sprintf("links to %q", a.Val)
						}
					default:
						problem = fmt.Sprintf("has a link with the attribute %s", a.Key)
					}
				}
				if _, ok := attr(n, "href"); !ok && problem == "" {
					problem = "has a link without href"
				}
			default:
				problem = fmt.Sprintf("has a <%s> element", n.Data)
			}
		case html.TextNode:
		default:
			problem = fmt.Sprintf("has a node of type %d", n.Type)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return problem
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
