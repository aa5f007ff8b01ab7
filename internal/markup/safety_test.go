package markup

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// forbiddenElements must never appear in sanitised output: they run code,
// load other documents, restyle the page or submit data.
var forbiddenElements = map[string]bool{
	"script": true, "iframe": true, "object": true, "embed": true, "style": true,
	"frame": true, "frameset": true, "applet": true, "form": true, "base": true,
	"link": true, "meta": true, "svg": true, "math": true, "template": true,
	"noscript": true, "textarea": true, "button": true, "select": true,
}

// urlAttributes hold URLs a browser may follow or fetch.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "cite": true,
	"data": true, "background": true, "poster": true, "srcset": true,
	"lowsrc": true, "dynsrc": true, "ping": true, "codebase": true,
	"longdesc": true, "manifest": true, "icon": true, "xlink:href": true,
}

// allowedAttributes is the policy's attribute allowlist, restated so that a
// change to the policy that admits more has to be made twice, on purpose.
var allowedAttributes = map[string]bool{
	"href": true, "rel": true, "target": true, "title": true, "src": true,
	"alt": true, "width": true, "height": true, "loading": true, "align": true,
	"colspan": true, "rowspan": true, "scope": true, "start": true,
	"cite": true, "type": true, "checked": true, "disabled": true,
}

// checkSafe parses out the way a browser would and reports the first thing in
// it that could run script or leave the allowed URL schemes.
func checkSafe(out string) error {
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		return fmt.Errorf("parse output: %w", err)
	}
	var walk func(*html.Node) error
	walk = func(n *html.Node) error {
		if n.Type == html.ElementNode {
			if forbiddenElements[n.Data] || n.Namespace != "" {
				return fmt.Errorf("element <%s> (namespace %q) in output", n.Data, n.Namespace)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if a.Namespace != "" {
					key = a.Namespace + ":" + key
				}
				switch {
				case strings.HasPrefix(key, "on"):
					return fmt.Errorf("event handler %s=%q on <%s>", key, a.Val, n.Data)
				case urlAttributes[key] && !allowedURL(a.Val):
					return fmt.Errorf("%s=%q on <%s> has a forbidden scheme", key, a.Val, n.Data)
				case !allowedAttributes[key]:
					return fmt.Errorf("attribute %s=%q on <%s> is not in the allowlist", key, a.Val, n.Data)
				case key == "target" && a.Val != "_blank":
					return fmt.Errorf("target=%q on <%s>", a.Val, n.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(doc)
}

// allowedURL reports whether a browser would treat v as relative or as an
// http, https or mailto URL.
func allowedURL(v string) bool {
	switch urlScheme(v) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// urlScheme returns the scheme a browser would read from v, lower case, or ""
// for a relative URL. Like the URL standard it ignores leading and trailing
// controls and spaces and tabs and newlines anywhere.
func urlScheme(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			continue
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
			continue
		case i > 0 && c == ':':
			return strings.ToLower(v[:i])
		}
		return ""
	}
	return ""
}
