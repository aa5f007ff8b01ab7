// Package comment holds the rules of reader comments.
package comment

import (
	"html"
	"regexp"
	"strings"
)

// bareURL matches http(s) URLs typed into a comment. It stops at whitespace
// and at characters that cannot end a URL in running text.
var bareURL = regexp.MustCompile(`https?://[^\s<>"'` + "`" + `]+[^\s<>"'` + "`" + `.,;:!?)\]}]`)

// Format turns a comment's plain text into HTML: everything escaped,
// paragraphs at blank lines, line breaks kept, and bare http(s) URLs made
// into links that pass no ranking and no opener.
func Format(body string) string {
	body = strings.ReplaceAll(strings.TrimSpace(body), "\r\n", "\n")
	if body == "" {
		return ""
	}
	var b strings.Builder
	for _, para := range strings.Split(body, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			writeLinked(&b, line)
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

func writeLinked(b *strings.Builder, line string) {
	if !strings.Contains(line, "http") {
		// Most lines link nothing; the regexp is the costly part of a page
		// with hundreds of comments.
		b.WriteString(html.EscapeString(line))
		return
	}
	last := 0
	for _, m := range bareURL.FindAllStringIndex(line, -1) {
		b.WriteString(html.EscapeString(line[last:m[0]]))
		u := html.EscapeString(line[m[0]:m[1]])
		b.WriteString(`<a href="` + u + `" rel="nofollow ugc noopener">` + u + `</a>`)
		last = m[1]
	}
	b.WriteString(html.EscapeString(line[last:]))
}
