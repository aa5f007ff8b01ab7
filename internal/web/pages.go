package web

import (
	"html/template"
	"net/http"
	"sync"
	"time"

	"github.com/masthead-news/masthead"
)

// Layout is what every page's frame needs. Each page struct embeds it, so a
// renamed field breaks the build instead of rendering an empty string.
type Layout struct {
	Site        string
	Lang        string
	Logo        *masthead.Image // the site's uploaded logo, nil for none
	Title       string          // the <title>; the site name is appended
	Description string
	Canonical   string // absolute URL
	Feeds       []FeedLink
	Sections    []*masthead.Section
	PrevURL     string // rel=prev / rel=next for paginated lists
	NextURL     string
	Year        int
}

// FeedLink is an alternate representation announced in <head>.
type FeedLink struct {
	Type, Title, URL string
}

// layout fills the frame for a request. Sections for the navigation come from
// the store; if that fails the page still renders, without them.
func (s *Server) layout(r *http.Request, title, canonicalPath string) Layout {
	now, site := s.now(), s.site()
	l := Layout{
		Site:  site.Title,
		Lang:  site.Language,
		Logo:  site.Logo,
		Title: title,
		Year:  now.Year(),
	}
	if canonicalPath != "" {
		l.Canonical = s.abs(canonicalPath)
	}
	l.Sections = s.sections(r, now)
	return l
}

// sectionsMemo keeps the navigation's sections for one generation of the
// page cache: they change exactly when cached pages are dropped (a write, or
// a scheduled article's time coming), and every page shows them.
type sectionsMemo struct {
	mu   sync.Mutex
	gen  uint64
	ok   bool
	secs []*masthead.Section
}

// sections returns the sections for the navigation. If the store fails the
// page still renders, without them.
func (s *Server) sections(r *http.Request, now time.Time) []*masthead.Section {
	gen := s.pages.Generation()
	m := &s.sectionsMemo
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ok && m.gen == gen {
		return m.secs
	}
	secs, err := s.store.Sections(r.Context(), now)
	if err != nil {
		return nil
	}
	m.gen, m.ok, m.secs = gen, true, secs
	return secs
}

// Pagination links a list page to its neighbours.
type Pagination struct {
	Page, Pages      int
	PrevURL, NextURL string
}

type homePage struct {
	Layout
	Heading    string
	Articles   []*masthead.Article
	Pagination Pagination
	MostRead   MostRead
}

type listPage struct {
	Layout
	Kind       string // "Section", "Tag", "Source", "Author"
	Heading    string
	Homepage   string // a source's own site
	FeedURL    string
	Articles   []*masthead.Article
	Total      int
	Pagination Pagination
}

type articlePage struct {
	Layout
	Article      *masthead.Article
	Body         template.HTML // sanitised when stored
	Comments     []*commentNode
	CommentsHTML template.HTML // Comments rendered; see commentsHTML
	Count        int           // approved comments
	Form         commentForm
	JSONLD       template.JS // schema.org NewsArticle; see articleJSONLD
	Modified     time.Time   // the later of update and publication
	Related      []*masthead.Article
	MostRead     MostRead
	Reports      []masthead.Report // other outlets that carried the story
	LeadImage    string            // absolute URL of the lead image for OpenGraph, "" for none
}

// commentNode is a comment with its replies, for threaded display. Its
// fields are flat and its strings made in Go: a page may hold hundreds of
// comments, and html/template finds fields of embedded structs and calls
// functions by reflection, which was most of the cost of rendering them.
type commentNode struct {
	comment  *masthead.Comment
	ID       int64
	Name     string
	Website  string
	Initial  string
	Datetime string // machine-readable, for <time datetime>
	Date     string
	Body     template.HTML // formatted from plain text, everything escaped
	Replies  []*commentNode
	Pending  bool // the reader's own comment, awaiting moderation
	Editable bool // the reader's own, within the edit window
}

// commentForm is what the reply form shows: the reader's own input, kept on
// errors, and the message next to each field.
type commentForm struct {
	Action    string
	Comment   string
	Name      string
	Email     string
	Website   string
	Parent    int64
	ReplyTo   string // name of the commenter being answered
	CancelURL string
	Remember  bool
	Token     string // signed time the form was served
	Honeypot  string // name of the field people leave empty
	Closed    bool
	// KeepWhenClosed shows the form of a reader who posted just as comments
	// closed, so they can copy what they wrote.
	KeepWhenClosed bool
	Notice         string            // a message about the whole form
	Errors         map[string]string // field → message
}

type commentEditPage struct {
	Layout
	Article  *masthead.Article
	Comment  *masthead.Comment
	Body     string
	Errors   map[string]string
	Deadline time.Time
}

type errorPage struct {
	Layout
	Status  int
	Heading string
	Message string
}
