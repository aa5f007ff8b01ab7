package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// baseURL is the URL relative references in doc resolve against: the
// page's URL, as changed by a <base href>; or, when the caller does not
// know the page's URL, the absolute address the page gives for itself
// (canonical link, og:url). It may be nil.
func baseURL(doc *html.Node, page *url.URL) *url.URL {
	var baseHref, canonical string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch {
		case n.Data == "base" && baseHref == "":
			baseHref = attr(n, "href")
		case n.Data == "link" && canonical == "" && strings.EqualFold(attr(n, "rel"), "canonical"):
			canonical = attr(n, "href")
		case n.Data == "meta" && canonical == "" && attr(n, "property") == "og:url":
			canonical = attr(n, "content")
		case n.Data == "body":
			// base, link and meta belong in the head.
			return resolveBase(page, baseHref, canonical)
		}
	}
	return resolveBase(page, baseHref, canonical)
}

func resolveBase(page *url.URL, baseHref, canonical string) *url.URL {
	if page == nil {
		if abs := absoluteURL(canonical, nil); abs != "" {
			page, _ = url.Parse(abs)
		}
	}
	if baseHref != "" {
		if abs := absoluteURL(baseHref, page); abs != "" {
			u, _ := url.Parse(abs)
			return u
		}
	}
	return page
}

// absoluteURL resolves ref against base. It returns "" for references that
// are empty, unparsable, or not http(s) once resolved: a relative link
// without a base cannot be made absolute, and other schemes are no image
// or article link a reader can follow.
func absoluteURL(ref string, base *url.URL) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// resolveLinks makes the links and image sources under n absolute, so the
// body's HTML means the same wherever it is shown. References that cannot
// be made absolute are dropped (the sanitiser would drop relative images
// anyway, and a relative link would point into our own site).
func resolveLinks(n *html.Node, base *url.URL) {
	for c := range n.Descendants() {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.Data {
		case "a":
			resolveAttr(c, "href", base)
		case "img":
			resolveAttr(c, "src", base)
		}
	}
}

func resolveAttr(n *html.Node, key string, base *url.URL) {
	v := strings.TrimSpace(attr(n, key))
	switch {
	case v == "", strings.HasPrefix(v, "#"), strings.HasPrefix(strings.ToLower(v), "mailto:"):
		return
	}
	if abs := absoluteURL(v, base); abs != "" {
		setAttr(n, key, abs)
	} else {
		delAttr(n, key)
	}
}
