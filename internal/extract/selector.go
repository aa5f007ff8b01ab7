package extract

import (
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// selectBody copies the elements sel matches into one new <div>, in page
// order, leaving out matches inside other matches so nothing appears twice.
// It returns nil if sel matches nothing with text: an editor's selector that
// has stopped matching (the site changed its templates) must not leave the
// article empty when the automatic extraction would have found it.
func selectBody(doc *html.Node, sel cascadia.Selector) *html.Node {
	matches := cascadia.QueryAll(doc, sel)
	if len(matches) == 0 {
		return nil
	}
	picked := make(map[*html.Node]bool, len(matches))
	body := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, m := range matches {
		picked[m] = true
		if insidePicked(m, picked) {
			continue
		}
		body.AppendChild(cloneTree(m))
	}
	if visibleChars(textOf(body)) == 0 {
		return nil
	}
	return body
}

// insidePicked reports whether an ancestor of n is in picked.
func insidePicked(n *html.Node, picked map[*html.Node]bool) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if picked[p] {
			return true
		}
	}
	return false
}
