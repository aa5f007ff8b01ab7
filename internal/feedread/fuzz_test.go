package feedread

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input makes Parse panic or break the promises it
// makes about its result. Small limits make the cutting paths easy to reach.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, seed := range []string{
		billionLaughs(),
		`<rss><channel><item><title>&amp;&lt;&#0;&#xD800;&nope;</title><link> /a b </link></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="::"><entry><link href="//x"/><content type="html">&lt;p</content></entry></feed>`,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><title>t</title></item></rdf:RDF>`,
		`{"version":"https://jsonfeed.org/version/1","items":[{"id":1.5e300,"url":"http://[::1]:80/","tags":[null]}]}`,
		`<rss xmlns:x="urn:x"><channel><item><x:a><![CDATA[a]]>b<!---->c<x:b/></x:a></item></channel></rss>`,
	} {
		f.Add([]byte(seed))
	}
	lim := Limits{MaxItems: 3, MaxField: 16, MaxContent: 64}
	f.Fuzz(func(t *testing.T, data []byte) {
		// parseWithin turns a hang into a failure the fuzzer saves;
		// Go's fuzzer would otherwise wait on it for ever.
		feed, err := parseWithin(t, "input", data, lim)
		if err != nil && feed != nil {
			t.Fatalf("Parse returned both a feed and %v", err)
		}
		for _, p := range checkFeed(feed, lim) {
			t.Error(p)
		}
	})
}
