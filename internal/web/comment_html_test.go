package web

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/masthead-news/masthead"
)

func FuzzCommentsHTML(f *testing.F) {
	f.Add(`<script>alert(1)</script>`, `javascript:alert(1)`, "a\n\nb https://x.example/\"onmouseover=alert(1)")
	f.Add(`"><img src=x onerror=alert(1)>`, `https://example.com/"><svg onload=alert(1)>`, "plain")
	f.Add("Zoë", "http://example.com", "")
	f.Fuzz(func(t *testing.T, name, website, body string) {
		c := &masthead.Comment{ID: 7, Name: name, Website: website, Body: body, Status: masthead.CommentApproved, CreatedAt: time.Unix(0, 0)}
		nodes := threadComments([]*masthead.Comment{c, {ID: 8, ParentID: 7, Name: name, Website: website, Body: body}}, 5, &zoneClock{})
		nodes[0].Editable = true
		out := string(commentsHTML(nodes))
		doc, err := html.Parse(strings.NewReader("<ol>" + out + "</ol>"))
		if err != nil {
			t.Fatal(err)
		}
		allowed := map[string]bool{"html": true, "head": true, "body": true, "ol": true, "li": true, "article": true, "header": true,
			"span": true, "a": true, "time": true, "p": true, "div": true, "br": true, "form": true, "button": true}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if !allowed[n.Data] {
					t.Fatalf("element <%s> from name %q, website %q, body %q:\n%s", n.Data, name, website, body, out)
				}
				for _, a := range n.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:") {
						t.Fatalf("attribute %s=%q from name %q, website %q, body %q", a.Key, a.Val, name, website, body)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	})
}
