package extract

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestBaseURL(t *testing.T) {
	tests := []struct {
		name, page, head, want string
	}{
		{"page URL", "https://a.example/news/x.html", "", "https://a.example/news/x.html"},
		{"base href", "https://a.example/news/x.html", `<base href="/static/">`, "https://a.example/static/"},
		{"canonical when the URL is unknown", "", `<link rel="canonical" href="https://b.example/story">`, "https://b.example/story"},
		{"og:url when the URL is unknown", "", `<meta property="og:url" content="https://b.example/og">`, "https://b.example/og"},
		{"page URL wins over canonical", "https://a.example/x", `<link rel="canonical" href="https://b.example/story">`, "https://a.example/x"},
		{"relative canonical is no base", "", `<link rel="canonical" href="/story">`, ""},
		{"nothing", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head>" + tt.head + "</head><body><p>x</p></body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			var page *url.URL
			if tt.page != "" {
				page = mustURL(t, tt.page)
			}
			got := ""
			if u := baseURL(doc, page); u != nil {
				got = u.String()
			}
			if got != tt.want {
				t.Errorf("baseURL = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAbsoluteURL(t *testing.T) {
	base, _ := url.Parse("https://a.example/news/story.html")
	tests := []struct {
		ref  string
		base *url.URL
		want string
	}{
		{"/img/a.jpg", base, "https://a.example/img/a.jpg"},
		{"b.jpg", base, "https://a.example/news/b.jpg"},
		{"//cdn.example/c.jpg", base, "https://cdn.example/c.jpg"},
		{"https://x.example/d.jpg", nil, "https://x.example/d.jpg"},
		{"/img/a.jpg", nil, ""},
		{"javascript:alert(1)", base, ""},
		{"data:image/png;base64,AAAA", base, ""},
		{"  ", base, ""},
	}
	for _, tt := range tests {
		if got := absoluteURL(tt.ref, tt.base); got != tt.want {
			t.Errorf("absoluteURL(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}
