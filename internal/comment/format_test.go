package comment

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestFormat(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Empty", "  \n ", ""},
		{"Paragraphs", "one\n\ntwo", "<p>one</p>\n<p>two</p>\n"},
		{"LineBreak", "one\r\ntwo", "<p>one<br>\ntwo</p>\n"},
		{"Escaped", `<script>alert("x")</script> & co`, "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</p>\n"},
		{"BareURLLinked", "see https://example.com/a?b=1&c=2.", `<p>see <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a>.</p>` + "\n"},
		{"JavascriptNotLinked", "javascript:alert(1)", "<p>javascript:alert(1)</p>\n"},
		{"QuoteEndsURL", `http://x.example/"onmouseover="alert(1)`, `<p><a href="http://x.example/" rel="nofollow ugc noopener">http://x.example/</a>&#34;onmouseover=&#34;alert(1)</p>` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.in); got != tt.want {
				t.Fatalf("Format(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzFormat(f *testing.F) {
	for _, s := range []string{"a\n\nb", "<b>x</b> https://e.com/<img src=x onerror=alert(1)>", "http://a\"b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Format(s)
		doc, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "html", "head", "body", "p", "br", "a":
				default:
					t.Fatalf("Format(%q) made a <%s> element: %q", s, n.Data, out)
				}
				for _, a := range n.Attr {
					if a.Key != "href" && a.Key != "rel" {
						t.Fatalf("Format(%q) made attribute %s: %q", s, a.Key, out)
					}
					if a.Key == "href" && !strings.HasPrefix(a.Val, "http://") && !strings.HasPrefix(a.Val, "https://") {
						t.Fatalf("Format(%q) linked %q", s, a.Val)
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
