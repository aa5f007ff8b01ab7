package extract

import "strings"

// titleSeparators are what sites put between a headline and their name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "}

// trimSiteName removes the site's name from a title that carries it
// ("New York man pleads guilty | TheHill"), at either end, with its
// separator. A title that is only the site's name is kept.
func trimSiteName(title, site string) string {
	site = strings.TrimSpace(site)
	if site == "" {
		return title
	}
	for _, sep := range titleSeparators {
		suffix := sep + site
		if len(title) > len(suffix) && strings.EqualFold(title[len(title)-len(suffix):], suffix) {
			return strings.TrimSpace(title[:len(title)-len(suffix)])
		}
		prefix := site + sep
		if len(title) > len(prefix) && strings.EqualFold(title[:len(prefix)], prefix) {
			return strings.TrimSpace(title[len(prefix):])
		}
	}
	return title
}
