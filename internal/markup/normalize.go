package markup

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// normalize rewrites the few tags bluemonday can only keep or drop, where
// an article wants something in between:
//
//   - h1 becomes h2, because the page headline is the page's only h1 and
//     dropping the tag would run the heading into the next paragraph;
//   - input becomes a disabled checkbox, or goes: the only inputs an article
//     has are GFM task-list boxes, and they are for show.
//
// Every other byte is copied unchanged. It uses the tokenizer bluemonday uses,
// so both agree on where tags are (text inside <textarea> or <script> is text
// to both).
func normalize(s string) string {
	if !containsTag(s, "h1") && !containsTag(s, "input") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			// Only io.EOF is possible with a strings.Reader; Raw holds
			// whatever the tokenizer had left unconsumed.
			b.Write(z.Raw())
			return b.String()
		}
		raw := z.Raw()
		if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
			b.Write(raw)
			continue
		}
		name, _ := z.TagName()
		switch {
		case bytes.Equal(name, []byte("h1")):
			if tt == html.EndTagToken {
				b.WriteString("</h2>")
			} else {
				b.WriteString("<h2>")
			}
		case bytes.Equal(name, []byte("input")):
			b.WriteString(checkbox(z))
		default:
			b.Write(raw)
		}
	}
}

// checkbox returns the canonical form of the input tag z is on: a disabled
// checkbox, ticked when the original was, or "" for any other input.
func checkbox(z *html.Tokenizer) string {
	var isCheckbox, checked bool
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		switch string(key) {
		case "type":
			isCheckbox = strings.EqualFold(string(val), "checkbox")
		case "checked":
			checked = true
		}
	}
	switch {
	case !isCheckbox:
		return ""
	case checked:
		return `<input type="checkbox" checked disabled>`
	default:
		return `<input type="checkbox" disabled>`
	}
}

// containsTag reports whether s may contain a start or end tag called name
// (ASCII, lower case), so that bodies without one skip the tokenizer pass. It
// errs towards true.
func containsTag(s, name string) bool {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return false
		}
		s = strings.TrimPrefix(s[i+1:], "/")
		if len(s) >= len(name) && strings.EqualFold(s[:len(name)], name) {
			return true
		}
	}
}
