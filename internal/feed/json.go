package feed

import (
	"encoding/json"
	"io"
)

// jsonFeedVersion identifies JSON Feed 1.1.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url,omitempty"`
	FeedURL     string     `json:"feed_url,omitempty"`
	Description string     `json:"description,omitempty"`
	Language    string     `json:"language,omitempty"`
	Items       []jsonItem `json:"items"` // required, so never omitted
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url,omitempty"`
	ExternalURL   string       `json:"external_url,omitempty"`
	Title         string       `json:"title,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   *string      `json:"content_text,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

// WriteJSON writes f to w as a JSON Feed 1.1 document. A republished story's
// SourceURL becomes external_url; JSON Feed has no field for the outlet name.
func WriteJSON(w io.Writer, f *Feed) error {
	if f == nil {
		return wrapErr("json", errNilFeed)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// The document is served as application/feed+json, never inlined in
	// HTML, so <, > and & need no \u escapes; this keeps content readable.
	enc.SetEscapeHTML(false)
	return wrapErr("json", enc.Encode(buildJSON(f)))
}

func buildJSON(f *Feed) *jsonFeed {
	out := &jsonFeed{
		Version:     jsonFeedVersion,
		Title:       cleanText(f.Title),
		HomePageURL: cleanText(f.HomeURL),
		FeedURL:     cleanText(f.FeedURL),
		Description: cleanText(f.Description),
		Language:    cleanLang(f.Language),
		Items:       make([]jsonItem, 0, len(f.Items)),
	}
	for i := range f.Items {
		out.Items = append(out.Items, jsonItemOf(&f.Items[i]))
	}
	return out
}

func jsonItemOf(it *Item) jsonItem {
	out := jsonItem{
		ID:          cleanText(it.id()),
		URL:         cleanText(it.URL),
		ExternalURL: cleanText(it.SourceURL),
		Title:       cleanText(it.Title),
		Summary:     cleanText(it.Summary),
		ContentHTML: cleanText(it.ContentHTML),
		Tags:        cleanList(it.Categories),
	}
	if out.ContentHTML == "" {
		// Every item must carry content_html or content_text; fall back
		// to the plain-text summary (possibly empty).
		s := out.Summary
		out.ContentText = &s
	}
	if !it.Published.IsZero() {
		out.DatePublished = rfc3339(it.Published)
	}
	if t := it.modified(); !t.IsZero() {
		out.DateModified = rfc3339(t)
	}
	if a := cleanText(it.Author); a != "" {
		out.Authors = []jsonAuthor{{Name: a}}
	}
	return out
}
