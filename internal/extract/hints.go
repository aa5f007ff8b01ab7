package extract

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// hints is what the page says about its own headline, summary and author.
// The block filters use them to recognise the headline, the standfirst
// and the byline when the extractor keeps them in the body.
type hints struct {
	titles      map[string]bool // normalised headline candidates
	description string          // normalised meta description
	author      string          // normalised declared author
}

// pageHints collects the headline candidates (<title> and its parts,
// og:title, twitter:title, the first <h1>) and the meta description of doc.
func pageHints(doc *html.Node) hints {
	h := hints{titles: make(map[string]bool)}
	addTitle := func(s string) {
		if k := normText(s); k != "" {
			h.titles[k] = true
		}
	}
	seenH1 := false
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "title":
			t := textOf(n)
			addTitle(t)
			// "Headline | Site" and "Headline - Site": the headline is
			// the longest part.
			for _, sep := range titleSeparators {
				if i := strings.LastIndex(t, sep); i > 0 {
					addTitle(t[:i])
				}
				if i := strings.Index(t, sep); i > 0 {
					addTitle(t[:i])
				}
			}
		case "h1":
			// The first h1 is the headline; later ones, on pages that
			// have several, are section headings.
			if !seenH1 {
				addTitle(textOf(n))
				seenH1 = true
			}
		case "meta":
			key := strings.ToLower(attr(n, "property") + attr(n, "name"))
			switch key {
			case "og:title", "twitter:title":
				addTitle(attr(n, "content"))
			case "description", "og:description":
				if h.description == "" {
					h.description = normText(attr(n, "content"))
				}
			}
		}
	}
	return h
}

// normText reduces s to its lower-cased letters and digits separated by
// single spaces, so that punctuation, case and spacing differences do not
// hide that two texts are the same.
func normText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}
