package extract

import (
	"net/url"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// findBody finds the article body in doc automatically, or returns nil.
//
// go-readability picks the container, in the page our cleaning has already
// rid of its furniture; the block filters then take out what it keeps.
// go-trafilatura, used here before, found bodies as good once the same
// filters ran, at twice the cost: it detects the language of every page,
// copies the tree three times and reads the metadata again, and its date
// parser (go-htmldate) kept about 27 MB live from start-up.
//
// readability changes doc; the caller has read all it needs from it.
func findBody(doc *html.Node, u *url.URL) (*html.Node, meta) {
	parser := readability.NewParser()
	// declaredMeta reads the page's JSON-LD, for its own rules.
	parser.DisableJSONLD = true
	art, err := parser.ParseAndMutate(doc, u)
	if err != nil || art.Node == nil {
		return nil, meta{}
	}
	m := meta{title: art.Title(), author: art.Byline(), image: art.ImageURL()}
	if t, err := art.PublishedTime(); err == nil {
		m.published = t
	}
	return art.Node, m
}
