package feed

import (
	"encoding/xml"
	"io"
)

// The atom* types mirror an Atom 1.0 feed document (RFC 4287). Element order
// follows the RFC's descriptions for readability; Atom itself does not
// constrain it.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   *atomPerson `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Author     *atomPerson    `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
	Content    *atomText      `xml:"content"`
}

// atomText is an Atom text construct; Type is omitted for plain text, the
// RFC's default.
type atomText struct {
	Type  string `xml:"type,attr,omitempty"`
	Value string `xml:",chardata"`
}

// atomLink is an Atom link; the RSS encoder reuses it for its atom:link.
type atomLink struct {
	Href  string `xml:"href,attr"`
	Rel   string `xml:"rel,attr,omitempty"`
	Type  string `xml:"type,attr,omitempty"`
	Title string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// WriteAtom writes f to w as an Atom 1.0 feed document (RFC 4287).
//
// RFC 4287 requires every entry to have an author, either its own or the
// feed's, so when any item has no Author the feed gets
// <author><name>Title</name></author>. A republished story links to its
// origin with rel="via"; atom:source is not used because it is meant to
// carry the original feed's metadata, which Item does not have.
func WriteAtom(w io.Writer, f *Feed) error {
	if f == nil {
		return wrapErr("atom", errNilFeed)
	}
	return wrapErr("atom", writeXML(w, buildAtom(f)))
}

func buildAtom(f *Feed) *atomFeed {
	out := &atomFeed{
		Lang:    cleanLang(f.Language),
		ID:      cleanText(f.FeedURL),
		Title:   atomText{Value: cleanText(f.Title)},
		Updated: rfc3339(f.updated()),
	}
	if out.ID == "" {
		// The id must be present; the page the feed mirrors is the next
		// most stable identifier.
		out.ID = cleanText(f.HomeURL)
	}
	if d := cleanText(f.Description); d != "" {
		out.Subtitle = &atomText{Value: d}
	}
	if u := cleanText(f.FeedURL); u != "" {
		out.Links = append(out.Links, atomLink{Href: u, Rel: "self", Type: "application/atom+xml"})
	}
	if u := cleanText(f.HomeURL); u != "" {
		out.Links = append(out.Links, atomLink{Href: u, Rel: "alternate", Type: "text/html"})
	}
	for i := range f.Items {
		e := atomEntryOf(&f.Items[i], out.Updated)
		if e.Author == nil && out.Author == nil {
			out.Author = &atomPerson{Name: out.Title.Value}
		}
		out.Entries = append(out.Entries, e)
	}
	return out
}

// atomEntryOf converts one item; feedUpdated stands in for items with no
// dates at all, since atom:updated is mandatory.
func atomEntryOf(it *Item, feedUpdated string) atomEntry {
	e := atomEntry{
		ID:      cleanText(it.id()),
		Title:   atomText{Value: cleanText(it.Title)},
		Updated: feedUpdated,
	}
	if t := it.modified(); !t.IsZero() {
		e.Updated = rfc3339(t)
	}
	if !it.Published.IsZero() {
		e.Published = rfc3339(it.Published)
	}
	link := cleanText(it.URL)
	if link != "" {
		e.Links = append(e.Links, atomLink{Href: link, Rel: "alternate", Type: "text/html"})
	}
	if u := cleanText(it.SourceURL); u != "" {
		e.Links = append(e.Links, atomLink{Href: u, Rel: "via", Title: cleanText(it.SourceName)})
	}
	if a := cleanText(it.Author); a != "" {
		e.Author = &atomPerson{Name: a}
	}
	for _, c := range cleanList(it.Categories) {
		e.Categories = append(e.Categories, atomCategory{Term: c})
	}
	if s := cleanText(it.Summary); s != "" {
		e.Summary = &atomText{Value: s}
	}
	// An entry needs an alternate link or content; emit (possibly empty)
	// content when there is no permalink so the entry stays valid.
	if c := cleanText(it.ContentHTML); c != "" || link == "" {
		e.Content = &atomText{Type: "html", Value: c}
	}
	return e
}
