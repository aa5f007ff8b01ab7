package feedread

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// entityTrap is a loopback server and a local file that hostile documents
// point their external entities and DTDs at. Any request to the server, or
// the file's secret turning up in a result, means something was fetched.
type entityTrap struct {
	hits   atomic.Int64
	url    string // base URL of the server
	path   string // absolute path of the secret file
	secret string // the file's content
}

func newEntityTrap(t *testing.T) *entityTrap {
	t.Helper()
	trap := &entityTrap{secret: fmt.Sprintf("SECRET-%d", time.Now().UnixNano())}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trap.hits.Add(1)
		fmt.Fprintf(w, `<!ENTITY leak "%s">`, trap.secret)
	}))
	t.Cleanup(srv.Close)
	trap.url = srv.URL
	trap.path = filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(trap.path, []byte(trap.secret), 0o600); err != nil {
		t.Fatal(err)
	}
	return trap
}

// billionLaughs is the classic ten-level entity bomb (10^9 "lol"s, 3 GB if
// expanded) in a feed title.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE rss [` + "\n" + ` <!ENTITY lol "lol">` + "\n")
	for i := 1; i <= 9; i++ {
		prev := "lol"
		if i > 1 {
			prev = fmt.Sprintf("lol%d", i-1)
		}
		fmt.Fprintf(&b, " <!ENTITY lol%d \"%s\">\n", i, strings.Repeat("&"+prev+";", 10))
	}
	b.WriteString(`]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>`)
	return b.String()
}

// quadraticBlowup declares one 3,000-character entity and references it
// 100,000 times: 300 MB if expanded. (The DOCTYPE stays inside gofeed's
// 4 KiB detection window, so the parser really reads the document.)
func quadraticBlowup() string {
	return `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "` + strings.Repeat("B", 3000) + `">]>` +
		`<rss version="2.0"><channel><title>q</title><item><title>x</title><description>` +
		strings.Repeat("&a;", 100_000) + `</description></item></channel></rss>`
}

// entityDocs are documents that declare entities: bombs and XXE.
func entityDocs(trap *entityTrap) map[string]string {
	item := `<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title><link>https://example.invalid/a</link><description>&xxe;</description></item></channel></rss>`
	return map[string]string{
		"BillionLaughs":   billionLaughs(),
		"QuadraticBlowup": quadraticBlowup(),
		"Cyclic":          `<!DOCTYPE rss [<!ENTITY a "&b;"><!ENTITY b "&a;">]><rss><channel><title>&a;</title></channel></rss>`,
		"XXEFile":         `<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://` + trap.path + `">]>` + item,
		"XXEFilePasswd":   `<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + item,
		"XXEHTTP":         `<!DOCTYPE rss [<!ENTITY xxe SYSTEM "` + trap.url + `/entity">]>` + item,
		"XXEPublic":       `<!DOCTYPE rss [<!ENTITY xxe PUBLIC "-//X//Y" "` + trap.url + `/public">]>` + item,
		"ParameterEntityOOB": `<!DOCTYPE rss [<!ENTITY % remote SYSTEM "` + trap.url + `/oob.dtd"> %remote; <!ENTITY xxe "&leak;">]>` +
			item,
		"AtomXXE": `<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://` + trap.path + `">]>` +
			`<feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title><entry><title>&xxe;</title><content type="html">&xxe;</content></entry></feed>`,
	}
}

// TestEntitiesRefused checks the guard: any document declaring entities is
// refused before gofeed sees it, and nothing is fetched or read.
func TestEntitiesRefused(t *testing.T) {
	trap := newEntityTrap(t)
	for name, doc := range entityDocs(trap) {
		t.Run(name, func(t *testing.T) {
			f, err := parseWithin(t, name, []byte(doc), Limits{})
			if !errors.Is(err, ErrEntities) {
				t.Errorf("Parse error = %v, want ErrEntities", err)
			}
			if f != nil {
				t.Errorf("Parse returned a feed: %+v", f)
			}
		})
	}
	if n := trap.hits.Load(); n != 0 {
		t.Errorf("the loopback trap was fetched %d times", n)
	}
}

// TestGofeedLeavesEntitiesAlone checks the layer under the guard, so that a
// gofeed upgrade which started expanding or fetching entities would be
// caught even though the guard hides it today: gofeed must return an error
// or literal, unexpanded text, and fetch and read nothing.
func TestGofeedLeavesEntitiesAlone(t *testing.T) {
	trap := newEntityTrap(t)
	for name, doc := range entityDocs(trap) {
		t.Run(name, func(t *testing.T) {
			done := make(chan *gofeed.Feed, 1)
			go func() {
				f, _ := gofeed.NewParser().Parse(strings.NewReader(doc))
				done <- f
			}()
			var f *gofeed.Feed
			select {
			case f = <-done:
			case <-time.After(hangTimeout()):
				t.Fatalf("gofeed did not return within %v", hangTimeout())
			}
			if f == nil {
				return // an error is a safe outcome
			}
			fields := []string{f.Title}
			for _, it := range f.Items {
				fields = append(fields, it.Title, it.Description, it.Content)
			}
			for _, s := range fields {
				if len(s) > len(doc) {
					t.Errorf("a field is %d bytes, longer than the %d-byte document: an entity was expanded", len(s), len(doc))
				}
				if strings.Contains(s, trap.secret) || strings.Contains(s, "root:") {
					t.Errorf("a field holds a file's content: %.80q", s)
				}
			}
		})
	}
	if n := trap.hits.Load(); n != 0 {
		t.Errorf("the loopback trap was fetched %d times", n)
	}
}

// TestExternalReferencesNotFetched covers documents that point outside
// without declaring entities, which Parse accepts: an external DTD, a
// stylesheet, an XInclude, and an undeclared entity reference, which must
// come out as literal text.
func TestExternalReferencesNotFetched(t *testing.T) {
	trap := newEntityTrap(t)
	docs := map[string]string{
		"ExternalDTD": `<!DOCTYPE rss SYSTEM "` + trap.url + `/rss.dtd"><rss version="2.0"><channel><title>t &leak;</title>` +
			`<item><title>a &leak;</title><link>https://example.invalid/a</link></item></channel></rss>`,
		"Stylesheet": `<?xml-stylesheet type="text/xsl" href="` + trap.url + `/style.xsl"?>` +
			`<rss version="2.0"><channel><title>t</title><item><title>a</title></item></channel></rss>`,
		"XInclude": `<rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel><title>t</title>` +
			`<item><title>a</title><description><xi:include href="file://` + trap.path + `" parse="text"/></description>` +
			`<xi:include href="` + trap.url + `/inc.xml"/></item></channel></rss>`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			f, err := parseWithin(t, name, []byte(doc), Limits{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			for _, s := range allText(f) {
				if strings.Contains(s, trap.secret) {
					t.Errorf("result holds the secret: %q", s)
				}
			}
		})
	}
	f, _ := Parse([]byte(docs["ExternalDTD"]), testFeedURL, Limits{}, testNow)
	if got, want := f.Items[0].Title, "a &leak;"; got != want {
		t.Errorf("undeclared entity: title = %q, want the literal %q", got, want)
	}
	if n := trap.hits.Load(); n != 0 {
		t.Errorf("the loopback trap was fetched %d times", n)
	}
}

// manyNS returns n xmlns declarations.
func manyNS(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, ` xmlns:p%d="urn:p%d"`, i, i)
	}
	return b.String()
}

// TestDoctypeTricks covers DOCTYPEs in odd places and with odd content.
// Whatever declares an entity is refused wherever it is; the rest is read
// and its declarations have no effect.
func TestDoctypeTricks(t *testing.T) {
	item := `<item><title>a &x;</title><link>https://example.invalid/a</link></item>`
	tests := []struct {
		name string
		doc  string
		want error
	}{
		{"EntityDoctypeInsideChannel", `<rss><channel>` + item + `<!DOCTYPE x [<!ENTITY x "expanded">]></channel></rss>`, ErrEntities},
		{"SecondDoctype", `<!DOCTYPE rss><!DOCTYPE rss [<!ENTITY x "expanded">]><rss><channel>` + item + `</channel></rss>`, ErrEntities},
		{"EntityAfterComment", `<!DOCTYPE rss [<!-- c --><!ENTITY x "expanded">]><rss><channel>` + item + `</channel></rss>`, ErrEntities},
		{"AttlistDefaultsIgnored", `<!DOCTYPE rss [<!ATTLIST rss xml:base CDATA "https://evil.example/">]><rss><channel><item><link>/a</link></item></channel></rss>`, nil},
		{"ElementDeclsIgnored", `<!DOCTYPE rss [<!ELEMENT rss ANY><!NOTATION n SYSTEM "file:///etc/passwd">]><rss><channel>` + item + `</channel></rss>`, nil},
		{"UnterminatedDoctype", `<!DOCTYPE rss [<!ELEMENT rss ANY><rss><channel>` + item + `</channel></rss>`, ErrNotFeed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parseWithin(t, tt.name, []byte(tt.doc), Limits{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse error = %v, want %v", err, tt.want)
			}
			if err != nil {
				return
			}
			for _, it := range f.Items {
				if strings.Contains(it.Title, "expanded") || strings.Contains(it.URL, "evil") {
					t.Errorf("a DTD declaration took effect: %+v", it)
				}
			}
		})
	}
}

// TestCostlyShapesRefused feeds the shapes guard_xml.go and guard_json.go
// exist for, each just past its limit.
func TestCostlyShapesRefused(t *testing.T) {
	ext := func(body string) string {
		return `<rss version="2.0" xmlns:x="urn:x"><channel><title>t</title><item><title>a</title>` + body + `</item></channel></rss>`
	}
	tests := map[string]string{
		"DeepExtension":      ext(strings.Repeat("<x:a>", maxDepth) + strings.Repeat("</x:a>", maxDepth)),
		"DeepAtomXHTML":      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">` + strings.Repeat("<div>", maxDepth) + strings.Repeat("</div>", maxDepth) + `</content></entry></feed>`,
		"TextSplitByComment": ext("<x:a>" + strings.Repeat("a<!---->", 50_000) + "</x:a>"),
		"TextSplitByCDATA":   ext("<x:a>" + strings.Repeat("<![CDATA[a]]>", 50_000) + "</x:a>"),
		"TextSplitByPI":      ext("<x:a>" + strings.Repeat("a<?p?>", 50_000) + "</x:a>"),
		"TextSplitByChild":   ext("<x:a>" + strings.Repeat(" <x:b/>", 50_000) + "</x:a>"),
		"TextSplitInAtomExt": `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="urn:x"><x:a>` + strings.Repeat(" <!---->", 50_000) + `</x:a></feed>`,
		// The root's namespace stops counting as native once a child of
		// the root is elsewhere: gofeed would read such an extension.
		"TextSplitUnderForeignRoot": `<rss xmlns="http://purl.org/dc/elements/1.1/"><channel xmlns=""><item><x xmlns="http://purl.org/dc/elements/1.1/">` +
			strings.Repeat(" <!---->", 50_000) + `</x></item></channel></rss>`,
		"NamespacesInScope": `<rss version="2.0"` + manyNS(maxNamespacesInScope+1) + `><channel/></rss>`,
		"NamespacesTimesElements": `<rss version="2.0"><channel` + manyNS(maxNamespacesInScope) + `>` +
			strings.Repeat("<i/>", maxNamespaceWork/maxNamespacesInScope) + `</channel></rss>`,
		"TooManyElements": ext(strings.Repeat("<a/>", maxElements)),
		"TooManyItems":    `<rss><channel>` + strings.Repeat("<item/>", maxItemElements+1) + `</channel></rss>`,
		"TooManyEntries":  `<feed xmlns="http://www.w3.org/2005/Atom">` + strings.Repeat("<entry/>", maxItemElements+1) + `</feed>`,
		"TooManyJSONItems": `{"version":"https://jsonfeed.org/version/1.1","items":[` +
			strings.Repeat("{},", maxItemElements) + `{}]}`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseWithin(t, name, []byte(doc), Limits{})
			if !errors.Is(err, ErrTooComplex) {
				t.Errorf("Parse error = %v, want ErrTooComplex", err)
			}
		})
	}
}

// TestLegitimateShapesAccepted checks the guards do not refuse what real
// feeds do: a namespace wrongly put on <rss>, long RSS 1.0 item lists, rich
// XHTML, many namespaces. (Many items: TestManyItemsKeepsNewest.)
func TestLegitimateShapesAccepted(t *testing.T) {
	item := "\n    <item><title>t</title><link>https://a.example/</link><description>d</description></item>"
	para := "\n<p>Text with <a href='/x'>a link</a>, <em>emphasis</em> and <code>code</code>.</p>"
	// BogusRootNS and RSS10LongSeq are sized to trip the text-copy limit
	// if the guard counted the whitespace between the children of elements
	// gofeed parses itself (channel, rdf:Seq); AtomRichXHTML is counted
	// (the guard cannot tell gofeed reads it whole) and must still pass.
	tests := map[string]string{
		"BogusRootNS": `<rss xmlns="http://backend.userland.com/rss2" version="2.0"><channel><title>t</title>` +
			strings.Repeat(item, 25_000) + "\n</channel></rss>",
		"RSS10LongSeq": `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><items><rdf:Seq>` +
			strings.Repeat("\n  <rdf:li rdf:resource='https://a.example/'/>", 30_000) + `</rdf:Seq></items></channel>` +
			strings.Repeat(item, 100) + `</rdf:RDF>`,
		"AtomRichXHTML": `<feed xmlns="http://www.w3.org/2005/Atom">` +
			strings.Repeat(`<entry><title>t</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">`+strings.Repeat(para, 100)+`</div></content></entry>`, 300) +
			`</feed>`,
		"ManyNamespaces": `<rss version="2.0"` + manyNS(40) + `><channel><title>t</title>` + strings.Repeat(item, 10_000) + `</channel></rss>`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			f, err := parseWithin(t, name, []byte(doc), Limits{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(f.Items) == 0 {
				t.Error("no items")
			}
		})
	}
}

// TestManyItemsKeepsNewest parses a 25,000-item feed listed oldest first,
// with some undated items, and expects the newest MaxItems, newest first.
func TestManyItemsKeepsNewest(t *testing.T) {
	const n = 25_000
	start := date("2025-06-01T00:00:00Z")
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><link>https://huge.example/</link>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>https://huge.example/%d</link><guid isPermaLink=\"false\">g%d</guid>", i, i, i)
		if i%10 != 0 {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", start.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z))
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel></rss>")

	for _, maxItems := range []int{0, 7} {
		t.Run(fmt.Sprintf("MaxItems%d", maxItems), func(t *testing.T) {
			lim := Limits{MaxItems: maxItems}
			f, err := parseWithin(t, "huge", b.Bytes(), lim)
			if err != nil {
				t.Fatal(err)
			}
			want := lim.withDefaults().MaxItems
			if len(f.Items) != want {
				t.Fatalf("got %d items, want %d", len(f.Items), want)
			}
			// The newest item is n-1; every tenth one is undated, so the
			// i-th newest dated item skips those.
			wantIdx := n - 1
			for i, it := range f.Items {
				if wantIdx%10 == 0 {
					wantIdx--
				}
				if got := fmt.Sprintf("Item %d", wantIdx); it.Title != got {
					t.Fatalf("item %d is %q, want %q", i, it.Title, got)
				}
				wantIdx--
			}
			for _, p := range checkFeed(f, lim) {
				t.Error(p)
			}
		})
	}
}

// TestGiganticFields checks every field is cut to its limit on a UTF-8
// boundary, or dropped when it is a URL, and that a gigantic date is no
// date.
func TestGiganticFields(t *testing.T) {
	huge := strings.Repeat("é", 1<<18) // 512 KiB of two-byte runes
	hugeURL := "https://big.example/" + strings.Repeat("a", 4000)
	doc := `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>` + huge + `</title><link>` + hugeURL + `</link>` +
		`<item><title>x` + huge + `</title><link>` + hugeURL + `</link><guid>` + huge + `</guid>` +
		`<dc:creator>` + huge + `</dc:creator><category>` + huge + `</category>` + strings.Repeat("<category>c</category>", 1000) +
		`<description>` + huge + `</description><pubDate>` + strings.Repeat("Mon, 02 Jan 2006 ", 20_000) + `</pubDate>` +
		`<enclosure url="` + hugeURL + `" type="image/png"/></item></channel></rss>`
	for _, lim := range []Limits{{}, {MaxField: 7, MaxContent: 11}, {MaxField: 1, MaxContent: 1}} {
		t.Run(fmt.Sprintf("%d-%d", lim.MaxField, lim.MaxContent), func(t *testing.T) {
			f, err := parseWithin(t, "gigantic", []byte(doc), lim)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range checkFeed(f, lim) {
				t.Error(p)
			}
			l := lim.withDefaults()
			it := f.Items[0]
			if want := cut("x"+huge, l.MaxField); it.Title != want {
				t.Errorf("title is %d bytes, want the %d-byte prefix", len(it.Title), len(want))
			}
			if want := cut(huge, l.MaxContent); it.Summary != want {
				t.Errorf("summary is %d bytes, want the %d-byte prefix", len(it.Summary), len(want))
			}
			if it.URL != "" || it.Image != "" || f.HomeURL != "" {
				t.Errorf("over-long URLs kept: %q %q %q", it.URL, it.Image, f.HomeURL)
			}
			if !it.Published.IsZero() {
				t.Errorf("gigantic date parsed as %v", it.Published)
			}
		})
	}
}

// TestControlCharacters checks control characters are dropped wherever they
// come from: raw in XML (which gofeed filters), or escaped in JSON.
func TestControlCharacters(t *testing.T) {
	tests := map[string]string{
		"XML":  "<rss><channel><item><title>a\x01b\x1bc\u0085d</title><description>x\x00y\tz</description></item></channel></rss>",
		"JSON": `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"a\u0001b\u001bc\u0085d","summary":"x\u0000y\tz"}]}`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			f, err := Parse([]byte(doc), testFeedURL, Limits{}, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Items[0].Title; got != "abcd" {
				t.Errorf("title = %q, want %q", got, "abcd")
			}
			if got := f.Items[0].Summary; got != "xy\tz" {
				t.Errorf("summary = %q, want %q", got, "xy\tz")
			}
		})
	}
}
