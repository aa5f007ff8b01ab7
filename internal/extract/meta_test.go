package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestTrimSiteName(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"New York man pleads guilty | TheHill", "TheHill", "New York man pleads guilty"},
		{"LinkNaija - Breaking news", "linknaija", "Breaking news"},
		{"Council approves the bridge", "The Gazette", "Council approves the bridge"},
		{"Pipes | Plumbing", "", "Pipes | Plumbing"},
		{"TheHill", "TheHill", "TheHill"},
	}
	for _, tt := range tests {
		if got := trimSiteName(tt.title, tt.site); got != tt.want {
			t.Errorf("trimSiteName(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

// TestDeclaredAuthor checks where the author is read from, in the order
// the page's sources are trusted, and that commenters are not authors.
func TestDeclaredAuthor(t *testing.T) {
	const comment = `<li itemscope itemtype="http://schema.org/Comment"><cite itemprop="author" itemscope itemtype="http://schema.org/Person">Guest</cite></li>`
	tests := []struct{ name, head, body, want string }{
		{"meta tag", `<meta name="author" content="By Jane Doe">`, "", "Jane Doe"},
		{"JSON-LD wins", `<meta name="author" content="Jane Doe"><script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Sam &amp; Kim"}}</script>`, "", "Sam & Kim"},
		{"rel=author link", "", `<p>By <a rel="author" href="/a/tony">Tony Carter</a></p>`, "Tony Carter"},
		{"microdata person", "", `<div itemprop="author" itemscope itemtype="http://schema.org/Person"><a href="/a"><span itemprop="name">Ana Swanson</span></a></div>`, "Ana Swanson"},
		{"commenter", "", comment, ""},
		{"author box with a biography", "", `<div itemprop="author">` + strings.Repeat("Writes about the council and the harbour. ", 5) + `</div>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head>" + tt.head + "</head><body>" + tt.body + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			if got := declaredMeta(doc).author; got != tt.want {
				t.Errorf("author = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJSONLDHeadlineUnescaped(t *testing.T) {
	var m meta
	readJSONLD(`{"@type":"NewsArticle","headline":"Chelsea activate &#163;71.6m clause &#8211; report"}`, &m)
	if want := "Chelsea activate £71.6m clause – report"; m.title != want {
		t.Errorf("title = %q, want %q", m.title, want)
	}
}
