package feed

import (
	"encoding/xml"
	"io"
	"net/url"
)

// Namespaces used by the RSS encoder's extension elements.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
)

// The rss* types mirror the RSS 2.0 document. Prefixed names are spelled out
// literally ("atom:link") because encoding/xml would otherwise invent its
// own prefixes; the matching xmlns attributes are declared on <rss>.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"` // required by RSS 2.0, even empty
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate"`
	SelfLink      *atomLink `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	// RSS requires a title or a description; always emitting the title
	// keeps even an empty item valid.
	Title       string     `xml:"title"`
	Link        string     `xml:"link,omitempty"`
	Description string     `xml:"description,omitempty"`
	Content     string     `xml:"content:encoded,omitempty"`
	Creator     string     `xml:"dc:creator,omitempty"`
	Categories  []string   `xml:"category"`
	GUID        *rssGUID   `xml:"guid"`
	PubDate     string     `xml:"pubDate,omitempty"`
	Source      *rssSource `xml:"source"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssSource struct {
	URL  string `xml:"url,attr"`
	Name string `xml:",chardata"`
}

// WriteRSS writes f to w as an RSS 2.0 document. The HTML body goes in
// content:encoded, the author in dc:creator (RSS's own <author> demands an
// e-mail address), the self link in atom:link and a republished story's
// origin in <source>.
func WriteRSS(w io.Writer, f *Feed) error {
	if f == nil {
		return wrapErr("rss", errNilFeed)
	}
	return wrapErr("rss", writeXML(w, buildRSS(f)))
}

func buildRSS(f *Feed) *rssDoc {
	ch := rssChannel{
		Title:         cleanText(f.Title),
		Link:          cleanText(f.HomeURL),
		Description:   cleanText(f.Description),
		Language:      cleanLang(f.Language),
		LastBuildDate: rfc1123(f.updated()),
	}
	if f.FeedURL != "" {
		ch.SelfLink = &atomLink{
			Href: cleanText(f.FeedURL),
			Rel:  "self",
			Type: "application/rss+xml",
		}
	}
	for i := range f.Items {
		ch.Items = append(ch.Items, rssItemOf(&f.Items[i]))
	}
	return &rssDoc{
		Version:   "2.0",
		NSAtom:    nsAtom,
		NSContent: nsContent,
		NSDC:      nsDC,
		Channel:   ch,
	}
}

func rssItemOf(it *Item) rssItem {
	out := rssItem{
		Title:       cleanText(it.Title),
		Link:        cleanText(it.URL),
		Description: cleanText(it.Summary),
		Content:     cleanText(it.ContentHTML),
		Creator:     cleanText(it.Author),
		Categories:  cleanList(it.Categories),
	}
	if id := cleanText(it.id()); id != "" {
		// Readers open a permalink guid as a link, so only claim that
		// for ids that really are the absolute story URL.
		out.GUID = &rssGUID{Value: id, IsPermaLink: id == out.Link && isAbsURL(id)}
	}
	// RSS has a single date; the original publication time is what readers
	// sort by, with the edit time as a fallback for undated items.
	if t := it.Published; !t.IsZero() {
		out.PubDate = rfc1123(t)
	} else if t := it.modified(); !t.IsZero() {
		out.PubDate = rfc1123(t)
	}
	// <source> requires a url attribute, so a bare outlet name cannot be
	// expressed here; the name defaults to the URL so it is never empty.
	if u := cleanText(it.SourceURL); u != "" {
		name := cleanText(it.SourceName)
		if name == "" {
			name = u
		}
		out.Source = &rssSource{URL: u, Name: name}
	}
	return out
}

// isAbsURL reports whether s parses as an absolute http(s) URL.
func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
