package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// bylineNames are the parts of class and id names by which go-readability
// takes an element for the byline and removes it, whatever it holds (its
// test is a substring match on the names, and ignores the element's size).
var bylineNames = []string{"byline", "author", "dateline", "writtenby"}

// dropBylineNames removes such names from n, an element removeClutter
// keeps. Sites name the article container after its author ("entry
// author-jane"), and readability would throw the article away as a
// byline. Other furniture names stay: readability only weighs them.
func dropBylineNames(n *html.Node) {
	if v := attr(n, "class"); hasBylineName(v) {
		var kept []string
		for _, class := range strings.Fields(v) {
			if !hasBylineName(class) {
				kept = append(kept, class)
			}
		}
		setAttr(n, "class", strings.Join(kept, " "))
	}
	if hasBylineName(attr(n, "id")) {
		delAttr(n, "id")
	}
}

func hasBylineName(v string) bool {
	if v == "" {
		return false
	}
	v = strings.ToLower(v)
	for _, s := range bylineNames {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}
