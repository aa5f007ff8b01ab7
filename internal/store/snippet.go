package store

import (
	"html"
	"strings"
)

// Markers a store puts around the matches in a search extract. They are
// not characters a tokenizer keeps, and SnippetHTML escapes the extract
// before turning them into tags.
const (
	MarkOpen  = "\x01"
	MarkClose = "\x02"
)

// PickSnippet prefers the body's extract when it holds a match, then the
// standfirst's, then whichever has text, and makes it HTML.
func PickSnippet(body, standfirst string) string {
	switch {
	case strings.Contains(body, MarkOpen):
		return SnippetHTML(body)
	case strings.Contains(standfirst, MarkOpen), body == "":
		return SnippetHTML(standfirst)
	}
	return SnippetHTML(body)
}

// SnippetHTML escapes an extract and turns its markers into <mark>
// elements. Markers are paired here, so a stray one in an article's text
// cannot leave an element open.
func SnippetHTML(s string) string {
	s = html.EscapeString(s)
	var b strings.Builder
	b.Grow(len(s) + 32)
	open := false
	for _, r := range s {
		switch string(r) {
		case MarkOpen:
			if !open {
				b.WriteString("<mark>")
				open = true
			}
		case MarkClose:
			if open {
				b.WriteString("</mark>")
				open = false
			}
		default:
			b.WriteRune(r)
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
