package extract

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// meta is what the page says about itself, outside the body.
type meta struct {
	title     string
	author    string
	published time.Time
	image     string
}

// declaredMeta reads what the page declares about its article in meta tags
// (Open Graph, article:*, name="author"...), in JSON-LD (also nested in an
// @graph) and, for the author, in the markup of its byline (rel="author",
// itemprop="author"): the byline itself is taken out of the page before
// the body is looked for.
func declaredMeta(doc *html.Node) meta {
	var m, ld meta
	var marked []string // authors marked up in the page
	var site string     // og:site_name
	tries := 0
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if tries < maxAuthorMarkup && n.Data != "meta" && isAuthorMarkup(n) {
			// Bounded: on a hostile page, each reads the text under it.
			tries++
			if name := markedAuthor(n); name != "" && !slices.Contains(marked, name) {
				marked = append(marked, name)
			}
		}
		switch n.Data {
		case "meta":
			key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
			val := strings.TrimSpace(attr(n, "content"))
			switch key {
			case "article:published_time", "og:published_time", "datepublished",
				"pubdate", "publishdate", "date", "dc.date", "dc.date.issued",
				"sailthru.date", "parsely-pub-date":
				if m.published.IsZero() {
					m.published = parseDate(val)
				}
			case "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src":
				if m.image == "" {
					m.image = val
				}
			case "author", "article:author", "dc.creator", "parsely-author", "sailthru.author":
				if m.author == "" && !strings.Contains(val, "://") {
					m.author = val
				}
			case "og:title":
				if m.title == "" {
					m.title = val
				}
			case "og:site_name":
				site = val
			}
		case "script":
			if attr(n, "type") == "application/ld+json" && n.FirstChild != nil {
				readJSONLD(n.FirstChild.Data, &ld)
			}
		}
	}
	// Structured data is more deliberate than meta tags; it wins.
	return meta{
		title:     trimSiteName(firstNonEmpty(ld.title, m.title), site),
		author:    trimBy(firstNonEmpty(ld.author, m.author, strings.Join(marked, ", "))),
		published: firstTime(ld.published, m.published),
		image:     firstNonEmpty(ld.image, m.image),
	}
}

// readJSONLD fills the empty fields of m from the first article object in a
// JSON-LD block. Invalid JSON is ignored: it is common, and it is only
// metadata.
func readJSONLD(src string, m *meta) {
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				visit(e, depth+1)
			}
		case map[string]any:
			if isArticleType(v["@type"]) {
				if m.title == "" {
					m.title = jsonString(v["headline"])
				}
				if m.author == "" {
					m.author = jsonName(v["author"])
				}
				if m.published.IsZero() {
					m.published = parseDate(jsonString(v["datePublished"]))
				}
				if m.image == "" {
					m.image = jsonURL(v["image"])
				}
			}
			if g, ok := v["@graph"]; ok {
				visit(g, depth+1)
			}
		}
	}
	visit(v, 0)
}

// isArticleType reports whether a JSON-LD @type names a kind of article.
func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return strings.HasSuffix(t, "Article") || strings.HasSuffix(t, "Posting") || t == "Report"
	case []any:
		for _, e := range t {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// jsonString reads a string. Entities in it are decoded: JSON-LD is not
// HTML, but many sites write their headlines into it HTML-escaped
// ("Release &#8211; Clause").
func jsonString(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(html.UnescapeString(s))
}

// jsonName reads an author: a name, a Person object, or a list of either
// (joined with commas).
func jsonName(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		return jsonString(v["name"])
	case []any:
		var names []string
		for _, e := range v {
			if n := jsonName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// jsonURL reads an image: a URL, an ImageObject, or a list (the first).
func jsonURL(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		return firstNonEmpty(jsonString(v["url"]), jsonString(v["contentUrl"]))
	case []any:
		for _, e := range v {
			if u := jsonURL(e); u != "" {
				return u
			}
		}
	}
	return ""
}

// dateLayouts are the forms publication dates take in metadata.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

// parseDate parses a metadata date, or returns the zero time.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// merge completes what the page declares, d, with what the extractor
// found, m. Declared metadata is the publisher's own and arrives clean;
// the extractor's is a fallback: its title is the <title> less the site's
// name, its author the text of a byline on the page.
func (m meta) merge(d meta) meta {
	return meta{
		title:     firstNonEmpty(d.title, m.title),
		author:    firstNonEmpty(d.author, trimBy(m.author)),
		published: firstTime(d.published, m.published),
		image:     firstNonEmpty(d.image, m.image),
	}
}

// trimBy removes the "By" of a byline: "By Jane Doe" is by Jane Doe.
func trimBy(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 3 && strings.EqualFold(s[:2], "by") && (s[2] == ' ' || s[2] == ':') {
		return strings.TrimSpace(s[3:])
	}
	return s
}
