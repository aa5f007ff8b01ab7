package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// wrapLooseText puts every run of text and inline elements that sits
// directly in a <div> (or section, article, main) next to block elements
// into a <p> of its own. Pages often set their first paragraph, or all of
// them, as bare text in a div; go-trafilatura reads text only from the
// elements it scores, and drops it. go-readability makes the same
// conversion for the same reason.
func wrapLooseText(root *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && !skipText[c.Data] {
				walk(c)
			}
		}
		if n.Type == html.ElementNode && looseContainers[n.Data] && hasBlockChild(n) {
			wrapRuns(n)
		}
	}
	walk(root)
}

// looseContainers are the elements whose bare text wrapLooseText wraps.
var looseContainers = map[string]bool{"div": true, "section": true, "article": true, "main": true}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && isBlockLike(c) {
			return true
		}
	}
	return false
}

// isBlockLike reports whether n breaks a run of inline content: anything
// but a known inline element holding only inline content. (Unknown tags,
// like the <block> of some CMSs, may hold paragraphs.)
func isBlockLike(n *html.Node) bool {
	if !inlineElements[n.Data] {
		return true
	}
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && !inlineElements[c.Data] {
			return true
		}
	}
	return false
}

// inlineElements are the elements that sit inside a line of text.
var inlineElements = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "big": true,
	"br": true, "cite": true, "code": true, "data": true, "del": true,
	"dfn": true, "em": true, "font": true, "i": true, "img": true, "ins": true,
	"kbd": true, "mark": true, "nobr": true, "q": true, "s": true, "samp": true,
	"small": true, "span": true, "strike": true, "strong": true, "sub": true,
	"sup": true, "time": true, "tt": true, "u": true, "var": true, "wbr": true,
}

// wrapRuns wraps each run of inline children of n that holds text in a new
// <p>.
func wrapRuns(n *html.Node) {
	var run []*html.Node
	hasText := false
	flush := func(before *html.Node) {
		if hasText {
			p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
			n.InsertBefore(p, before)
			for _, c := range run {
				n.RemoveChild(c)
				p.AppendChild(c)
			}
		}
		run, hasText = run[:0], false
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.ElementNode && isBlockLike(c):
			flush(c)
		case c.Type == html.TextNode:
			run = append(run, c)
			if strings.TrimSpace(c.Data) != "" {
				hasText = true
			}
		case c.Type == html.ElementNode:
			run = append(run, c)
			if !hasText && visibleChars(textOf(c)) > 0 {
				hasText = true
			}
		}
		c = next
	}
	flush(nil)
}
