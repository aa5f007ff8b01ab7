package extract

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/masthead-news/masthead/internal/markup"
)

// blockElements start a new paragraph of plain text.
var blockElements = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true,
	"header": true, "footer": true, "aside": true, "nav": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"blockquote": true, "pre": true, "figure": true, "figcaption": true,
	"table": true, "thead": true, "tbody": true, "tfoot": true, "tr": true,
	"caption": true, "hr": true, "address": true, "details": true,
	"summary": true, "body": true, "center": true,
}

// plainText renders the body as plain text: one paragraph per block
// element, paragraphs separated by one blank line, white space inside a
// paragraph collapsed (but kept inside <pre>), <br> as a line break.
func plainText(body *html.Node) string {
	t := textWriter{}
	t.walk(body, false)
	t.flush()
	return strings.Join(t.paras, "\n\n")
}

var newlines = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

type textWriter struct {
	paras []string
	cur   strings.Builder
}

func (t *textWriter) walk(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		if pre {
			t.cur.WriteString(n.Data)
		} else {
			// A newline in the source is white space; only <br> breaks
			// a line.
			t.cur.WriteString(newlines.Replace(n.Data))
		}
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	if skipText[n.Data] {
		return
	}
	switch n.Data {
	case "br":
		t.cur.WriteString("\n")
		return
	case "td", "th":
		t.cur.WriteString(" ")
	case "img":
		return
	}
	block := blockElements[n.Data]
	if block {
		t.flush()
	}
	inPre := pre || n.Data == "pre"
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.walk(c, inPre)
	}
	if block {
		t.flushPre(n.Data == "pre")
	}
}

func (t *textWriter) flush() { t.flushPre(false) }

// flushPre ends the current paragraph. The text of a <pre> keeps its lines
// and indentation; other text has its white space collapsed line by line.
func (t *textWriter) flushPre(pre bool) {
	s := t.cur.String()
	t.cur.Reset()
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		if pre {
			line = strings.TrimRight(line, " \t\r")
		} else {
			line = strings.Join(strings.Fields(line), " ")
		}
		if line != "" || (pre && len(lines) > 0) {
			lines = append(lines, line)
		}
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) > 0 {
		t.paras = append(t.paras, strings.Join(lines, "\n"))
	}
}

// bodyHTML renders the children of body as sanitised HTML.
func bodyHTML(body *html.Node) string {
	var b strings.Builder
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			// Render fails only when its writer does; a strings.Builder
			// does not.
			break
		}
	}
	return markup.Sanitize(b.String())
}
