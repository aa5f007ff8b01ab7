package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// maxTeaserProse is the most text outside links a teaser has: a headline
// is link text, and the summary under it a sentence or two.
const maxTeaserProse = 300

// maxTeaserDepth bounds how far above its picture link a teaser's
// element may be.
const maxTeaserDepth = 5

// removeTeasers deletes from root the teasers of other articles: elements
// that link to one address twice, by a picture and by a text (the
// headline), with little text of their own. Rows of them follow articles
// ("More stories") and fill sidebars, in markup too varied to name, and
// their summaries are prose that link density does not catch. The page's
// own headline and lead picture are not taken for one: an element holding
// the h1, or two fifths of the page's text, is kept whatever it links.
func removeTeasers(root *html.Node, prose map[*html.Node]int) {
	total := prose[root]
	pictures := make(map[string][]*html.Node)
	var texts []*html.Node
	headline := make(map[*html.Node]bool) // the h1s and what holds them
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "h1" {
			for p := n; p != nil && !headline[p]; p = p.Parent {
				headline[p] = true
			}
		}
		if n.Data != "a" {
			continue
		}
		href := strings.TrimSpace(attr(n, "href"))
		if href == "" || strings.HasPrefix(href, "#") {
			continue
		}
		if hasPicture(n) {
			// A few are enough to find the teasers; more would only
			// multiply the work on a hostile page.
			if len(pictures[href]) < 4 {
				pictures[href] = append(pictures[href], n)
			}
		} else if hasVisibleText(n) {
			texts = append(texts, n)
		}
	}
	if len(pictures) == 0 {
		return
	}
	kept := make(map[*html.Node]bool)
	for _, a := range texts {
		for _, pic := range pictures[strings.TrimSpace(attr(a, "href"))] {
			t := commonAncestor(pic, a, maxTeaserDepth)
			if t == nil || t == root || t.Parent == nil || kept[t] {
				continue
			}
			if prose[t] > maxTeaserProse || prose[t]*5 >= total*2 || headline[t] {
				kept[t] = true
				continue
			}
			t.Parent.RemoveChild(t)
			break
		}
	}
}

// hasPicture reports whether there is an image under n.
func hasPicture(n *html.Node) bool {
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && (c.Data == "img" || c.Data == "picture") {
			return true
		}
	}
	return false
}

// hasVisibleText reports whether there is text other than white space
// under n.
func hasVisibleText(n *html.Node) bool {
	for c := range n.Descendants() {
		if c.Type == html.TextNode && visibleChars(c.Data) > 0 {
			return true
		}
	}
	return false
}

// commonAncestor returns the nearest element holding both a and b, if it
// is at most depth levels above a and twice that above b, else nil.
func commonAncestor(a, b *html.Node, depth int) *html.Node {
	var above [maxTeaserDepth + 1]*html.Node
	k := 0
	for p := a.Parent; p != nil && k < depth && k < len(above); p = p.Parent {
		above[k] = p
		k++
	}
	for p, up := b.Parent, 0; p != nil && up < 2*depth; p, up = p.Parent, up+1 {
		for _, q := range above[:k] {
			if p == q {
				return p
			}
		}
	}
	return nil
}
