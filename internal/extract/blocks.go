package extract

import (
	"unicode"

	"golang.org/x/net/html"
)

// block is one leaf block of an extracted body (a paragraph, heading, list
// item... holding no other block) with the measurements the filters use.
type block struct {
	n     *html.Node
	text  string // white space collapsed
	norm  string // normText(text)
	words int    // runs of letters and digits, as the benchmark counts tokens
	stats textStats
}

// leafBlocks lists the leaf blocks under body in document order.
func leafBlocks(body *html.Node) []block {
	var out []block
	var walk func(n *html.Node) bool // reports whether n holds a block
	walk = func(n *html.Node) bool {
		hasBlock := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && walk(c) {
				hasBlock = true
			}
		}
		if !blockElements[n.Data] || n == body {
			return hasBlock
		}
		if !hasBlock {
			text := textOf(n)
			if text != "" {
				out = append(out, block{n: n, text: text, norm: normText(text), words: countWords(text), stats: statsOf(n)})
			}
		}
		return true
	}
	walk(body)
	return out
}

// countWords counts maximal runs of letters, digits and underscores, the
// tokens of the benchmark's metric (a CJK sentence without spaces is one).
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// filterBlocks removes from body the blocks that are page furniture the
// extractor kept: the headline, the standfirst, bylines and datelines,
// "read more" and newsletter plugs, and short link-only blocks.
// It returns what it removed, for tests and for tuning.
func filterBlocks(body *html.Node, h hints) []removed {
	var out []removed
	blocks := leafBlocks(body)
	drop := func(b block, why string) {
		remove(b.n)
		out = append(out, removed{b.text, why})
	}
	total := 0
	for _, b := range blocks {
		total += runeLen(b.text)
	}
	seen := 0
	for i, b := range blocks {
		if seen*2 >= total && b.words <= 8 && recircHeading.MatchString(b.text) && mostlyLinks(blocks[i+1:]) {
			// "More stories", "Related articles"... past the middle of
			// the body and followed by links: from here on it is
			// recirculation, not article.
			for _, rest := range blocks[i:] {
				drop(rest, "recirculation")
			}
			blocks = blocks[:i]
			break
		}
		seen += runeLen(b.text)
		why := furniture(blocks, i, h)
		if why == "" && i > 0 && blocks[i-1].n.Parent == nil && isLabel(blocks[i-1]) && b.stats.linkDensity() >= 0.5 {
			// The links under a "Don't miss" or "Read more" label.
			why = "labelled links"
		}
		if why != "" {
			drop(b, why)
		}
	}
	// A heading left last introduced something that has been removed.
	for i := len(blocks) - 1; i >= 0 && isHeading(blocks[i].n); i-- {
		if blocks[i].n.Parent != nil {
			drop(blocks[i], "orphan heading")
		}
	}
	pruneEmpty(body)
	return out
}

// removed is a block filterBlocks took out, and the rule that did.
type removed struct {
	text, rule string
}

// mostlyLinks reports whether blocks are link lists: at least 30% of
// their text link text (article prose rarely has a tenth), or no text.
func mostlyLinks(blocks []block) bool {
	var chars, links int
	for _, b := range blocks {
		chars += b.stats.chars
		links += b.stats.linkChars
	}
	return links*10 >= chars*3
}

// pruneEmpty removes the elements under n left without text or image.
func pruneEmpty(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			pruneEmpty(c)
			if c.FirstChild == nil && !keepEmpty[c.Data] {
				n.RemoveChild(c)
			}
		}
		c = next
	}
}

// keepEmpty lists the elements that mean something without content.
var keepEmpty = map[string]bool{"br": true, "hr": true, "img": true, "td": true, "th": true}
