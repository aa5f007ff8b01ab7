package web

import (
	"bytes"
	"net/http"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/feed"
)

// feedItems is how many articles a feed carries.
const feedItems = 30

// feedFormats maps a feed's file name to its writer and content type.
var feedFormats = map[string]struct {
	write       func(*bytes.Buffer, *feed.Feed) error
	contentType string
}{
	"feed.xml":  {func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteRSS(b, f) }, feed.ContentTypeRSS},
	"atom.xml":  {func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteAtom(b, f) }, feed.ContentTypeAtom},
	"feed.json": {func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteJSON(b, f) }, feed.ContentTypeJSON},
}

// handleFeed serves the RSS, Atom and JSON feeds of a list.
// GET /feed.xml, /atom.xml, /feed.json, and the same under /section/{slug}/,
// /tag/{slug}/, /source/{slug}/ and /author/{slug}/
func (s *Server) handleFeed(kind listKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("feed")
		format, ok := feedFormats[name]
		if !ok {
			s.handleNotFound(w, r)
			return
		}
		l, err := s.resolveList(r, kind)
		if err != nil {
			s.failList(w, r, kind, err)
			return
		}
		f := l.filter
		f.Limit, f.WithBody = feedItems, true
		articles, _, err := s.store.FindArticles(r.Context(), f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		doc := s.feedOf(l, name, articles)
		var buf bytes.Buffer
		if err := format.write(&buf, doc); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", format.contentType)
		w.Write(buf.Bytes())
	}
}

func (s *Server) feedOf(l *listing, name string, articles []*masthead.Article) *feed.Feed {
	title := s.site().Title
	if l.kind != "" {
		title += ": " + l.title
	}
	f := &feed.Feed{
		Title:       title,
		Description: "The latest news from " + title + ".",
		Language:    s.site().Language,
		HomeURL:     s.abs(l.path),
		FeedURL:     s.abs(l.path + name),
	}
	for _, a := range articles {
		it := feed.Item{
			ID:          s.abs(articlePath(a)),
			URL:         s.abs(articlePath(a)),
			Title:       a.Title,
			Summary:     a.Standfirst,
			ContentHTML: a.BodyHTML,
			Published:   a.PublishedAt,
			Updated:     a.UpdatedAt,
		}
		if it.Updated.Before(it.Published) {
			it.Updated = it.Published // scheduled before, published later
		}
		if a.Author != nil {
			it.Author = a.Author.Name
		}
		if a.Section != nil {
			it.Categories = append(it.Categories, a.Section.Name)
		}
		for _, t := range a.Tags {
			it.Categories = append(it.Categories, t.Name)
		}
		if a.Source != nil {
			it.SourceName, it.SourceURL = a.Source.Name, a.SourceURL
		}
		// A feed's updated time is when its newest change happened, not
		// when it was generated, so readers do not see a change every poll.
		if it.Updated.After(f.Updated) {
			f.Updated = it.Updated
		}
		if it.Published.After(f.Updated) {
			f.Updated = it.Published
		}
		f.Items = append(f.Items, it)
	}
	if f.Updated.IsZero() {
		f.Updated = s.now()
	}
	return f
}
