// Package feed encodes a neutral description of a list of stories as
// RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 documents.
//
// The package has no dependency on the rest of the application: callers
// translate their own models into a Feed and pick an encoder. Every string
// in a Feed is treated as untrusted; the encoders drop or replace anything
// that would make the output ill-formed, so a hostile title or body can
// never break a reader's parser.
package feed

import (
	"errors"
	"time"
)

// Content types to send with each encoder's output.
const (
	ContentTypeRSS  = "application/rss+xml; charset=utf-8"
	ContentTypeAtom = "application/atom+xml; charset=utf-8"
	ContentTypeJSON = "application/feed+json; charset=utf-8"
)

// errNilFeed is returned when an encoder is handed a nil *Feed.
var errNilFeed = errors.New("feed: nil feed")

// Feed is the format-neutral description of one feed document.
type Feed struct {
	Title       string // site or list title
	Description string
	Language    string // e.g. "en"; dropped from Atom if not a valid language tag
	HomeURL     string // absolute URL of the HTML page the feed mirrors
	FeedURL     string // absolute URL of this feed document (self link)
	// Updated is the feed's last-modified time. When zero the encoders use
	// the newest item's Updated (or Published) time; callers with no items
	// should pass their own "now" here, because the encoders never read the
	// clock (that keeps output reproducible) and fall back to the Unix epoch.
	Updated time.Time
	Items   []Item
}

// Item is one story in a Feed.
type Item struct {
	ID          string // stable unique id; the absolute permalink is fine (defaults to URL)
	URL         string // absolute permalink
	Title       string
	Summary     string // plain text
	ContentHTML string // sanitised HTML body; encoders still escape it
	Author      string
	Categories  []string
	Published   time.Time
	Updated     time.Time // zero means "same as Published"
	SourceName  string    // outlet this story is republished from, may be ""
	SourceURL   string
}

// id returns the item's identifier, falling back to the permalink.
func (it *Item) id() string {
	if it.ID != "" {
		return it.ID
	}
	return it.URL
}

// modified returns the item's last-modified time, falling back to the
// publication time: every format wants an update date and stories that were
// never edited only carry the latter.
func (it *Item) modified() time.Time {
	if !it.Updated.IsZero() {
		return it.Updated
	}
	return it.Published
}

// updated returns the feed-level update time: Feed.Updated if set, else the
// newest item time, else the Unix epoch (see Feed.Updated).
func (f *Feed) updated() time.Time {
	if !f.Updated.IsZero() {
		return f.Updated
	}
	var newest time.Time
	for i := range f.Items {
		if t := f.Items[i].modified(); t.After(newest) {
			newest = t
		}
	}
	if newest.IsZero() {
		return time.Unix(0, 0)
	}
	return newest
}
