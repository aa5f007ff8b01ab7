package ingest

import (
	"strings"

	"golang.org/x/net/html"
)

// blockElements end a paragraph of plain text.
var blockElements = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true, "tr": true,
	"figure": true, "figcaption": true, "section": true, "article": true, "ul": true, "ol": true,
}

// plainText turns HTML from a feed into plain text, paragraphs separated by
// blank lines, for fingerprints, keyword filters and standfirsts.
func plainText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var (
		paras []string
		cur   strings.Builder
		skip  int // inside script or style
	)
	flush := func() {
		if p := strings.Join(strings.Fields(cur.String()), " "); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
				cur.WriteByte(' ')
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style":
				skip++
			case blockElements[n]:
				flush()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style":
				skip = max(0, skip-1)
			case blockElements[n]:
				flush()
			}
		}
	}
}

// shorten cuts text to at most n runes at a word boundary, with an
// ellipsis when it cut.
func shorten(text string, n int) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-") + "…"
}
