package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// revisionData is what a revision keeps of an article, as JSON: names
// rather than IDs, so an old revision still reads right after a section is
// renamed or deleted. Every store keeps this one format, so a revision
// reads the same whichever store wrote it, and copies between stores as it
// is.
type revisionData struct {
	Title       string    `json:"title"`
	Slug        string    `json:"slug"`
	Standfirst  string    `json:"standfirst,omitempty"`
	Body        string    `json:"body,omitempty"`
	Section     string    `json:"section,omitempty"`
	Tags        []string  `json:"tags,omitempty"`
	Author      string    `json:"author,omitempty"`
	Source      string    `json:"source,omitempty"`
	SourceURL   string    `json:"source_url,omitempty"`
	ImageURL    string    `json:"image_url,omitempty"`
	Status      string    `json:"status"`
	PublishedAt time.Time `json:"published_at"`
}

// EncodeRevision is the JSON a revision of a keeps.
func EncodeRevision(a *masthead.Article) (string, error) {
	d := revisionData{
		Title: a.Title, Slug: a.Slug, Standfirst: a.Standfirst, Body: a.Body, SourceURL: a.SourceURL,
		ImageURL: a.ImageURL, Status: string(a.Status), PublishedAt: a.PublishedAt.UTC(),
	}
	if a.Section != nil {
		d.Section = a.Section.Name
	}
	if a.Author != nil {
		d.Author = a.Author.Name
	}
	if a.Source != nil {
		d.Source = a.Source.Name
	}
	for _, t := range a.Tags {
		d.Tags = append(d.Tags, t.Name)
	}
	b, err := json.Marshal(d)
	return string(b), err
}

// DecodeRevision turns a revision's JSON back into the article's editable
// fields; the slugs of its names are left for the caller to derive.
func DecodeRevision(data string) (masthead.Article, error) {
	var d revisionData
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return masthead.Article{}, fmt.Errorf("revision: %w", err)
	}
	a := masthead.Article{
		Title: d.Title, Slug: d.Slug, Standfirst: d.Standfirst, Body: d.Body, SourceURL: d.SourceURL,
		ImageURL: d.ImageURL, Status: masthead.ArticleStatus(d.Status), PublishedAt: d.PublishedAt.UTC(),
	}
	if d.Section != "" {
		a.Section = &masthead.Section{Name: d.Section}
	}
	if d.Author != "" {
		a.Author = &masthead.Author{Name: d.Author}
	}
	if d.Source != "" {
		a.Source = &masthead.Source{Name: d.Source}
	}
	for _, t := range d.Tags {
		a.Tags = append(a.Tags, masthead.Tag{Name: t})
	}
	return a, nil
}
