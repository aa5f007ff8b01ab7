package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxElements bounds the size of the tree the extractors work on. Real
// article pages have a few thousand elements; a page with more than this is
// generated junk or an attack, and extraction time grows with it.
const maxElements = 50_000

// maxNesting is the depth beyond which parse flattens the page. The HTML
// parser refuses documents nested deeper than 512 elements (which also
// bounds the recursion of every tree walk after it); nothing real nests
// half as deep.
const maxNesting = 256

// ErrTooComplex is returned for pages with more than maxElements elements.
var ErrTooComplex = errors.New("extract: page has too many elements")

// parse builds the tree of a UTF-8 page. A page nested too deeply for the
// parser is flattened first rather than rejected: its text still counts.
func parse(page []byte) (*html.Node, error) {
	// The parser is slower than linear on some tag soups (a megabyte of
	// "<p><b>" takes it seconds); a page with far more tags than any
	// article has is refused before it gets there.
	if countTags(page) > 2*maxElements {
		return nil, ErrTooComplex
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		doc, err = html.Parse(bytes.NewReader(flatten(page)))
	}
	if err != nil {
		return nil, fmt.Errorf("extract: parse page: %w", err)
	}
	if countElements(doc, maxElements) > maxElements {
		return nil, ErrTooComplex
	}
	return doc, nil
}

// flatten rewrites page without the start and end tags that would open
// elements deeper than maxNesting, keeping all text. It only tracks the
// tags it sees, not the parser's implied closings, so it may flatten more
// than needed; it is only used on pages the parser has refused.
func flatten(page []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(page))
	z := html.NewTokenizer(bytes.NewReader(page))
	var open []atom.Atom
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				out.Write(z.Raw())
			}
			return out.Bytes()
		}
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if voidElements[a] {
				break
			}
			if len(open) >= maxNesting {
				continue
			}
			open = append(open, a)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			i := len(open) - 1
			for i >= 0 && open[i] != a {
				i--
			}
			if i < 0 {
				continue // closes nothing we kept
			}
			open = open[:i]
		}
		out.Write(z.Raw())
	}
}

// voidElements never have content, so they never deepen the tree.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true,
	atom.Embed: true, atom.Hr: true, atom.Img: true, atom.Input: true,
	atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true,
	atom.Wbr: true,
}

// countTags counts the places in page that look like the start of a tag,
// "<" and a letter: an upper bound on the elements the parser will build.
func countTags(page []byte) int {
	n := 0
	for {
		i := bytes.IndexByte(page, '<')
		if i < 0 || i+1 >= len(page) {
			return n
		}
		if c := page[i+1] | 0x20; c >= 'a' && c <= 'z' {
			n++
		}
		page = page[i+1:]
	}
}

// countElements counts the element nodes under n, stopping once past limit.
func countElements(n *html.Node, limit int) int {
	count := 0
	for c := range n.Descendants() {
		if c.Type == html.ElementNode {
			count++
			if count > limit {
				break
			}
		}
	}
	return count
}
