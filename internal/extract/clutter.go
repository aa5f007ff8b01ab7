package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// removeClutter deletes from body (a page's <body>, or an editor's
// selection) the elements that by their tag, role, visibility, class or id
// are page furniture rather than article: scripts, forms, navigation, share
// rows, bylines, captions, related links, newsletter boxes, comment
// sections, ads; and, by their shape, teasers of other articles and
// pictures with their captions. go-readability then never sees them.
//
// Class and id names are matched as whole words ("share" matches
// "post-share-row" but not "shared"), and a name match never removes an
// element holding a large share of the page's text outside links: sites
// put words like "author-jane" or "has-comments" on the article container
// itself, and navigation, related lists and share rows are mostly links.
func removeClutter(body *html.Node) {
	prose := proseChars(body)
	total := prose[body]
	removeTeasers(body, prose)
	var walk func(n *html.Node, inPara bool)
	walk = func(n *html.Node, inPara bool) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.CommentNode {
				n.RemoveChild(c)
			} else if c.Type == html.ElementNode {
				if isClutter(c, prose[c], total) {
					n.RemoveChild(c)
				} else {
					dropBylineNames(c)
					walk(c, inPara || c.Data == "p")
					// Innermost first, so a card goes without the
					// sentence around it.
					if inPara && isInlineCard(c) {
						n.RemoveChild(c)
					}
				}
			}
			c = next
		}
	}
	walk(body, false)
}

// isInlineCard reports whether n, inside a paragraph, is a widget set into
// the running text: a hover card or an inline teaser, recognisable by an
// image among several links. Written text carries neither.
func isInlineCard(n *html.Node) bool {
	if n.Data == "a" || findElement(n, "img") == nil {
		return false
	}
	s := statsOf(n)
	return s.links >= 2 && s.linkDensity() >= 0.5
}

// isClutter decides for one element; prose is the text outside links
// inside it, total that of the whole page.
func isClutter(n *html.Node, prose, total int) bool {
	switch n.Data {
	case "script":
		// Structured data stays: it is where the metadata is.
		return attr(n, "type") != "application/ld+json"
	case "style", "noscript", "template", "svg", "canvas", "iframe", "object",
		"embed", "button", "select", "textarea", "input", "dialog", "figcaption":
		return true
	}
	// The article container is never clutter, whatever it is called.
	if total > 0 && prose*5 >= total*2 {
		return false
	}
	switch n.Data {
	case "nav", "form", "aside":
		return true
	}
	if isHidden(n) {
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "banner", "contentinfo", "complementary", "dialog",
		"alertdialog", "search", "menu", "menubar", "toolbar", "tablist":
		return true
	}
	if clutterName(attr(n, "class")) || clutterName(attr(n, "id")) {
		return true
	}
	return isPictureBox(n, prose)
}

// isHidden reports whether n is marked as not displayed.
func isHidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// clutterName reports whether a class or id attribute names furniture.
func clutterName(v string) bool {
	if v == "" {
		return false
	}
	for _, class := range strings.Fields(v) {
		if hiddenClasses[strings.ToLower(class)] {
			return true
		}
		for _, w := range nameWords(class) {
			if clutterWords[w] {
				return true
			}
		}
	}
	return false
}

// nameWords splits a class or id name into lower-case words at
// punctuation and at camel-case humps: "post-shareBar_top" gives post,
// share, bar, top.
func nameWords(name string) []string {
	var words []string
	start := -1
	prevLower := false
	for i, r := range name {
		alnum := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		upper := r >= 'A' && r <= 'Z'
		if start >= 0 && (!alnum || upper && prevLower) {
			words = append(words, strings.ToLower(name[start:i]))
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
		prevLower = r >= 'a' && r <= 'z'
	}
	if start >= 0 {
		words = append(words, strings.ToLower(name[start:]))
	}
	return words
}

// hiddenClasses are whole class names that hide an element on screen (the
// text is for screen readers: "Share on Facebook", "Opens in new window").
var hiddenClasses = map[string]bool{
	"hidden": true, "sr-only": true, "visually-hidden": true, "visuallyhidden": true,
	"screen-reader-text": true, "screen-reader-only": true, "offscreen": true,
}

// clutterWords are the words of class and id names that mark furniture.
var clutterWords = map[string]bool{
	// sharing and social
	"share": true, "shares": true, "sharing": true, "sharebar": true, "social": true,
	"sociable": true, "addthis": true, "sharethis": true, "follow": true,
	// comments
	"comment": true, "comments": true, "commentlist": true, "commentform": true,
	"respond": true, "disqus": true,
	// related content and recirculation
	"related": true, "recommended": true, "recirc": true, "recirculation": true,
	"trending": true, "popular": true, "outbrain": true, "taboola": true,
	"zergnet": true, "readmore": true,
	// newsletters, subscriptions, promotions, ads
	"newsletter": true, "subscribe": true, "subscription": true, "signup": true,
	"promo": true, "promotion": true, "sponsored": true, "sponsor": true,
	"advert": true, "advertisement": true, "advertising": true, "ad": true,
	"ads": true, "adsense": true, "dfp": true, "paywall": true,
	// bylines, datelines, article metadata
	"byline": true, "dateline": true, "timestamp": true, "date": true,
	"meta": true, "author": true, "authors": true, "bio": true, "tags": true,
	"breadcrumb": true, "breadcrumbs": true,
	// captions and credits
	"caption": true, "credit": true, "credits": true,
	// navigation and page chrome
	"nav": true, "navigation": true, "menu": true, "sidebar": true, "footer": true,
	"pagination": true, "pager": true, "toolbar": true,
	"popup": true, "modal": true, "overlay": true, "cookie": true, "cookies": true,
	"consent": true, "gdpr": true, "print": true, "skip": true,
}

// proseChars maps every element under root (and root) to the number of
// characters of text inside it that are not link text.
func proseChars(root *html.Node) map[*html.Node]int {
	m := make(map[*html.Node]int)
	var walk func(n *html.Node) int
	walk = func(n *html.Node) int {
		sum := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				sum += visibleChars(c.Data)
			case c.Type == html.ElementNode && c.Data != "a" && !skipText[c.Data]:
				sum += walk(c)
			}
		}
		m[n] = sum
		return sum
	}
	walk(root)
	return m
}

// findElement returns the first element named name under n, or nil.
func findElement(n *html.Node, name string) *html.Node {
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && c.Data == name {
			return c
		}
	}
	return nil
}
