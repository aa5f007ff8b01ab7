package web

import (
	"encoding/json"
	"html/template"
	"time"

	"github.com/masthead-news/masthead"
)

// logoAsset is the publisher's logo named in structured data.
const logoAsset = "logo.png"

// newsArticleLD is schema.org's NewsArticle as JSON-LD, for search engines.
type newsArticleLD struct {
	Context          string      `json:"@context"`
	Type             string      `json:"@type"`
	Headline         string      `json:"headline"`
	Description      string      `json:"description,omitempty"`
	DatePublished    string      `json:"datePublished"`
	DateModified     string      `json:"dateModified"`
	Author           *thingLD    `json:"author,omitempty"`
	Publisher        publisherLD `json:"publisher"`
	Image            []string    `json:"image,omitempty"`
	MainEntityOfPage string      `json:"mainEntityOfPage"`
	IsBasedOn        string      `json:"isBasedOn,omitempty"`
	ArticleSection   string      `json:"articleSection,omitempty"`
	Keywords         []string    `json:"keywords,omitempty"`
}

type thingLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type publisherLD struct {
	Type string  `json:"@type"`
	Name string  `json:"name"`
	Logo imageLD `json:"logo"`
}

type imageLD struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

// articleModified is when an article last changed as readers see it: its
// update time, or its publication time when it was scheduled and saved before.
func articleModified(a *masthead.Article) time.Time {
	return masthead.SitemapEntry{PublishedAt: a.PublishedAt, UpdatedAt: a.UpdatedAt}.LastModified()
}

// articleJSONLD describes the article for a <script type="application/ld+json">
// element. json.Marshal escapes <, > and & as \u003c, \u003e and \u0026, so no
// text in it can close the element or open a comment; html/template inserts a
// template.JS as it is, inside a script element of a JSON type, without
// escaping it again.
func (s *Server) articleJSONLD(a *masthead.Article, canonical string) (template.JS, error) {
	logo, err := s.assets.url(logoAsset)
	if err != nil {
		return "", err
	}
	if l := s.site().Logo; l != nil {
		logo = mediaURL(l, l.Largest())
	}
	ld := newsArticleLD{
		Context:       "https://schema.org",
		Type:          "NewsArticle",
		Headline:      a.Title,
		Description:   a.Standfirst,
		DatePublished: w3cTime(a.PublishedAt),
		DateModified:  w3cTime(articleModified(a)),
		Publisher: publisherLD{Type: "Organization", Name: s.site().Title,
			Logo: imageLD{Type: "ImageObject", URL: s.abs(logo)}},
		MainEntityOfPage: canonical,
	}
	if a.Author != nil {
		ld.Author = &thingLD{Type: "Person", Name: a.Author.Name}
	}
	if a.Source != nil {
		ld.IsBasedOn = a.SourceURL
	}
	if img := s.leadImageURL(a); img != "" {
		ld.Image = []string{img}
	}
	if a.Section != nil {
		ld.ArticleSection = a.Section.Name
	}
	for _, t := range a.Tags {
		ld.Keywords = append(ld.Keywords, t.Name)
	}
	b, err := json.Marshal(ld)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

// leadImageURL is the absolute URL of an article's lead image: the largest
// rendition of an uploaded one, else a linked one, else "".
func (s *Server) leadImageURL(a *masthead.Article) string {
	if a.Image != nil {
		return s.abs(mediaURL(a.Image, a.Image.Largest()))
	}
	return a.ImageURL
}
