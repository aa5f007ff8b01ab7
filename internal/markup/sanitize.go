package markup

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the allowlist every stored body passes through. It is built once:
// a bluemonday.Policy is safe for concurrent use once configured.
var policy = newPolicy()

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()

	// Text structure. h1 is absent on purpose: the page headline is the only
	// h1, and normalize has already turned body h1s into h2s.
	p.AllowElements(
		"p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "pre", "code",
		"em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup",
		"small", "mark", "abbr", "cite", "q", "dfn", "kbd", "samp", "var",
		"figure", "figcaption",
	)
	p.AllowElements("ul", "ol", "li", "dl", "dt", "dd")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowElements("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|center|right)$`)).OnElements("th", "td")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("th", "td")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")

	// Titles and alt texts are free text; bluemonday escapes attribute
	// values on output, so no pattern is needed for safety, and captions
	// such as "Photo: Reuters" must survive.
	p.AllowAttrs("title").OnElements("a", "abbr", "img", "dfn")

	// URLs: only the schemes a reader's browser should follow from an
	// article. Everything else (javascript:, data:, vbscript:, ...) is
	// dropped along with the attribute. Relative links point into the site.
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("cite").OnElements("blockquote", "q")
	// Links leaving the site open in a new tab without handing it
	// window.opener, and lend it no search ranking: bodies may quote
	// links from sources we do not vouch for.
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)

	// Images only from absolute http(s) URLs: a relative src in a stored
	// body would resolve against whatever page shows it, and data: URLs
	// are a known way to smuggle content.
	p.AllowAttrs("src").Matching(regexp.MustCompile(`(?i)^https?://`)).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.Integer).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^(lazy|eager)$`)).OnElements("img")

	// GFM task lists; normalize has reduced every input to a disabled
	// checkbox, so this admits nothing a reader can type into.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$`)).OnElements("input")

	// Dropping a tag such as <div> must not glue the words either side.
	p.AddSpaceWhenStrippingTag(true)
	return p
}

// Sanitize returns html reduced to what an article body may contain:
// paragraphs, h2–h6 headings (an h1 becomes an h2), lists, quotes, code,
// inline emphasis, tables, figures, images from http(s) URLs, and links to
// http, https, mailto and relative URLs. Links to other sites get
// rel="nofollow noopener" and target="_blank". Scripts, styles, frames,
// forms, event handlers and any other URL scheme are removed. The result is
// safe to emit as is.
func Sanitize(html string) string {
	return policy.Sanitize(normalize(html))
}
