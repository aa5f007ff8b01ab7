package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/masthead-news/masthead"
)

// Layout is what every page's frame needs. Each page struct embeds it, so a
// renamed field breaks the build instead of rendering an empty string.
type Layout struct {
	Site        string
	Lang        string
	Title       string // the <title>; the site name is appended
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
	now := s.now()
	l := Layout{
		Site:  s.opts.SiteTitle,
		Lang:  s.opts.Language,
		Title: title,
		Year:  now.Year(),
	}
	if canonicalPath != "" {
		l.Canonical = s.abs(canonicalPath)
	}
	if secs, err := s.store.Sections(r.Context(), now); err == nil {
		l.Sections = secs
	}
	return l
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
	Article  *masthead.Article
	Body     template.HTML // sanitised when stored
	Comments []*commentNode
	Count    int // approved comments
	Form     commentForm
}

// commentNode is a comment with its replies, for threaded display.
type commentNode struct {
	*masthead.Comment
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
