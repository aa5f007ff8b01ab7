package extract

import (
	"net/url"

	"codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// minBodyChars is the length under which an extraction is taken to have
// missed the body (go-trafilatura's own threshold, MinExtractedSize). It
// and the comparison with paragraph text count characters other than white
// space.
const minBodyChars = 250

// findBody finds the article body in doc automatically, or returns nil.
//
// go-trafilatura does the work. Where its answer looks wrong (too short,
// or less than half the paragraph text of the page) it runs again with
// go-readability's answer as the candidate it may fall back on, and picks
// by its own rules. go-trafilatura's fallback mode runs go-readability on
// every page; running it only when the check fires (on the benchmark, one
// page in fifteen) gave the same bodies there in under two thirds of the
// time.
func findBody(doc *html.Node, u *url.URL, paraChars int) (*html.Node, meta) {
	opts := trafilatura.Options{
		OriginalURL:     u,
		ExcludeComments: true,
		// Links are kept so the HTML body has them, and so the block
		// filters can measure link density.
		IncludeLinks:  true,
		IncludeImages: true,
		// The date is read from the page's metadata only: scanning the
		// whole page for dates costs more than the rest of the extraction.
		HtmlDateMode: trafilatura.Disabled,
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	var body *html.Node
	var m meta
	n := 0
	if err == nil && res != nil && res.ContentNode != nil {
		body, m = res.ContentNode, metaOf(res.Metadata)
		n = visibleChars(res.ContentText)
	}
	if n >= minBodyChars && 2*n >= paraChars && paraChars >= minBodyChars {
		return body, m
	}

	// Second opinion. readability mutates the tree it is given.
	parser := readability.NewParser()
	art, rerr := parser.ParseAndMutate(cloneTree(doc), u)
	if rerr != nil || art.Node == nil {
		return body, m
	}
	opts.EnableFallback = true
	opts.FallbackCandidates = &trafilatura.FallbackCandidates{Readability: art.Node}
	res, err = trafilatura.ExtractDocument(doc, opts)
	if err != nil || res == nil || res.ContentNode == nil {
		// trafilatura gives up on pages with little text; readability's
		// answer is all there is.
		rm := meta{title: art.Title(), author: art.Byline(), image: art.ImageURL()}
		if t, err := art.PublishedTime(); err == nil {
			rm.published = t
		}
		return art.Node, rm
	}
	return res.ContentNode, metaOf(res.Metadata)
}

func metaOf(md trafilatura.Metadata) meta {
	return meta{title: md.Title, author: md.Author, published: md.Date, image: md.Image}
}
