package feedread

import "time"

// Feed is what Parse returns: the source's name and address, and its newest
// items.
type Feed struct {
	Title   string // plain text, whitespace collapsed, at most MaxField bytes
	HomeURL string // absolute http(s) URL of the source's site, or ""
	Items   []Item // newest first, at most MaxItems
}

// Item is one story from a feed. Every string is valid UTF-8 without control
// characters (other than tab and newline in Summary and Content).
type Item struct {
	// GUID is the feed's identifier for the item (RSS guid, Atom id, JSON
	// Feed id), trimmed; it may be "", and it is not necessarily a URL.
	GUID string
	// URL is the item's absolute http(s) link, resolved against xml:base and
	// the feed URL, or "" when the item has none (or only another scheme,
	// such as javascript:).
	URL        string
	Title      string   // plain text, whitespace collapsed
	Author     string   // names of the item's authors (or the feed's), joined by ", "
	Categories []string // distinct, in feed order, at most MaxCategories
	// Published is when the item was published (or last updated when the
	// feed gives only that), in UTC. It is zero when absent, unparseable,
	// before 1995 or more than 48 hours after the now passed to Parse.
	Published time.Time
	// Summary and Content are the raw HTML from the feed, cut to MaxContent
	// bytes on a UTF-8 boundary (so a cut may leave a tag unclosed). The
	// caller must sanitise them. Content is the RSS content:encoded, Atom
	// content or JSON Feed content_html; where a feed marks it as plain text
	// (Atom type="text", JSON Feed content_text) it is that text, entities
	// decoded, because gofeed does not say which it was.
	Summary, Content string
	// Image is the absolute http(s) URL of the item's image, taken from an
	// image enclosure, media:content, media:thumbnail, itunes:image or the
	// JSON Feed image, or "".
	Image string
}
