package feedread

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
)

// detectWindow is how much of the document gofeed looks at to tell the
// formats apart (gofeed's detectionPeekSize).
const detectWindow = 4096

// Parse parses a feed document fetched from feedURL, which relative links
// are resolved against (after any xml:base) and which may be "". now is the
// time dates are judged against; see Item.Published.
//
// Parse returns at most lim.MaxItems items, the newest by date first; items
// without a date come after all dated ones, in the order the feed lists them
// (newest first, by convention). It returns an error wrapping one of the
// Err* values when the document is too large, not a feed, malformed or
// hostile; it does not return partial results.
func Parse(data []byte, feedURL string, lim Limits, now time.Time) (feed *Feed, err error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), lim.MaxBytes)
	}
	var base *url.URL
	if feedURL != "" {
		if base, err = url.Parse(feedURL); err != nil {
			return nil, fmt.Errorf("feedread: feed URL: %w", err)
		}
	}

	// The guards should leave gofeed nothing to panic on, but one bad
	// feed must not stop the poller, so a panic becomes an error. (A stack
	// overflow cannot be recovered; the depth limit in guard_xml.go is what
	// prevents that.)
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("%w: panic: %v", ErrParser, r)
		}
	}()

	parsed, err := parseDocument(data)
	if err != nil {
		return nil, err
	}
	return fromGofeed(parsed, base, lim, now), nil
}

// parseDocument checks data's shape for its format and parses it with gofeed.
func parseDocument(data []byte) (*gofeed.Feed, error) {
	head := data[:min(len(data), detectWindow)]
	switch gofeed.DetectFeedType(bytes.NewReader(head)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
		data = dropXMLControls(data)
		if err := checkXMLShape(data); err != nil {
			return nil, err
		}
	case gofeed.FeedTypeJSON:
		// gofeed detects JSON after a byte order mark but encoding/json
		// refuses one; some servers add it.
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
		if err := checkJSONShape(data); err != nil {
			return nil, err
		}
	default:
		return nil, whyNotFeed(head)
	}

	p := gofeed.NewParser()
	// No <img> hunting in each item's HTML: see itemImage.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	f, err := p.Parse(bytes.NewReader(data))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, ErrNotFeed
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return f, nil
}

// whyNotFeed explains why gofeed did not recognise head, the start of a
// document, as a feed: an XML document that cannot be read (an unknown
// charset, say) is malformed rather than of the wrong kind.
func whyNotFeed(head []byte) error {
	trimmed := bytes.TrimLeft(head, "\ufeff \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '<' {
		return ErrNotFeed
	}
	head = dropXMLControls(head)
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := d.Token()
		// An error at the very end of the window may only mean the
		// document goes on past it.
		if errors.Is(err, io.EOF) || err != nil && d.InputOffset() >= int64(len(head)) {
			return fmt.Errorf("%w: no root element in the first %d bytes", ErrNotFeed, detectWindow)
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		if start, ok := tok.(xml.StartElement); ok {
			return fmt.Errorf("%w: root element <%s>", ErrNotFeed, start.Name.Local)
		}
	}
}

// fromGofeed converts gofeed's result, keeping the newest lim.MaxItems items.
func fromGofeed(f *gofeed.Feed, base *url.URL, lim Limits, now time.Time) *Feed {
	out := &Feed{
		Title:   plainText(f.Title, lim.MaxField),
		HomeURL: absoluteURL(base, f.Link, lim.MaxField),
	}
	feedAuthors := authorNames(f.Authors, f.Author, lim.MaxField)
	for _, c := range newest(f.Items, now, lim.MaxItems) {
		out.Items = append(out.Items, itemFrom(c.item, base, feedAuthors, c.published, lim))
	}
	return out
}
