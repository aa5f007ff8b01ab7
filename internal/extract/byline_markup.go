package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// maxAuthorMarkup is the most elements marked as the author that are read
// in a page. A byline names one to three people, often marked twice (the
// link and the name); pages that mark more are listing other articles.
const maxAuthorMarkup = 8

// maxAuthorChars bounds an author's name: an element marked as the author
// that holds more is an author box with a biography, not a name.
const maxAuthorChars = 80

// isAuthorMarkup reports whether n is marked as naming the article's
// author: a link with rel="author", or schema.org microdata's
// itemprop="author" (unless it names the author of a comment).
func isAuthorMarkup(n *html.Node) bool {
	if attr(n, "itemprop") == "author" {
		return !inComment(n)
	}
	return n.Data == "a" && hasToken(attr(n, "rel"), "author")
}

// inComment reports whether the microdata item n's properties belong to is
// a comment (itemtype schema.org/Comment, or a kind of it).
func inComment(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && hasAttr(p, "itemscope") {
			return strings.Contains(strings.ToLower(attr(p, "itemtype")), "comment")
		}
	}
	return false
}

// hasAttr reports whether n has the attribute key, whatever its value.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// markedAuthor reads the name from author markup: its content attribute,
// its itemprop="name" (a Person), or its text. It returns "" for what is
// not a name.
func markedAuthor(n *html.Node) string {
	name := attr(n, "content")
	if name == "" {
		name = personName(n)
	}
	name = trimBy(clean(name))
	if runeLen(name) > maxAuthorChars || strings.Contains(name, "://") {
		return ""
	}
	return name
}

// personName is the itemprop="name" under n, else the text of n.
func personName(n *html.Node) string {
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && attr(c, "itemprop") == "name" {
			return firstNonEmpty(attr(c, "content"), textOf(c))
		}
	}
	return textOf(n)
}

// hasToken reports whether the space-separated list v holds token, in any
// case.
func hasToken(v, token string) bool {
	for _, f := range strings.Fields(v) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}
