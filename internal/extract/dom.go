package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// setAttr sets n's attribute key to val.
func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// delAttr removes n's attribute key.
func delAttr(n *html.Node, key string) {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			kept = append(kept, a)
		}
	}
	n.Attr = kept
}

// isElement reports whether n is an element with one of the given names.
func isElement(n *html.Node, names ...string) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, name := range names {
		if n.Data == name {
			return true
		}
	}
	return false
}

// cloneTree deep-copies n. The copy has no parent or siblings.
func cloneTree(n *html.Node) *html.Node {
	c := &html.Node{
		Type:      n.Type,
		DataAtom:  n.DataAtom,
		Data:      n.Data,
		Namespace: n.Namespace,
		Attr:      append([]html.Attribute(nil), n.Attr...),
	}
	for child := n.FirstChild; child != nil; child = child.NextSibling {
		c.AppendChild(cloneTree(child))
	}
	return c
}

// remove detaches n from its parent, if it has one.
func remove(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// textOf is the text under n with runs of white space collapsed to one
// space and trimmed.
func textOf(n *html.Node) string {
	var b strings.Builder
	space := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			for _, r := range n.Data {
				if unicode.IsSpace(r) {
					space = true
					continue
				}
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(r)
			}
		case html.ElementNode, html.DocumentNode:
			if skipText[n.Data] {
				return
			}
			if n.Data == "br" || blockElements[n.Data] {
				space = true
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			if blockElements[n.Data] {
				space = true
			}
		}
	}
	walk(n)
	return b.String()
}

// skipText lists the elements whose content is never page text.
var skipText = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"head": true, "svg": true, "math": true, "iframe": true, "object": true,
}

// textStats measures the text under n: its length in characters and how
// much of it is the text of links.
type textStats struct {
	chars     int // characters of text, white space excluded
	linkChars int // of which inside <a href>
	links     int // number of links
}

func statsOf(n *html.Node) textStats {
	var s textStats
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			c := visibleChars(n.Data)
			s.chars += c
			if inLink {
				s.linkChars += c
			}
		case html.ElementNode, html.DocumentNode:
			if skipText[n.Data] {
				return
			}
			if n.Data == "a" && !inLink {
				s.links++
				inLink = true
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, inLink)
			}
		}
	}
	walk(n, false)
	return s
}

// linkDensity is the share of the text that is link text.
func (s textStats) linkDensity() float64 {
	if s.chars == 0 {
		return 0
	}
	return float64(s.linkChars) / float64(s.chars)
}

// visibleChars counts the characters of s that are not white space.
func visibleChars(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
		default:
			n++
		}
	}
	return n
}

// runeLen is the length of s in characters.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
