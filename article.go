package masthead

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ArticleStatus says whether an article may be shown to readers.
type ArticleStatus string

const (
	// StatusPublished articles are public from PublishedAt on; a future
	// PublishedAt means the article is scheduled.
	StatusPublished ArticleStatus = "published"
	// StatusDraft articles are never public.
	StatusDraft ArticleStatus = "draft"
)

// Limits on article fields, checked by Article.Validate.
const (
	MaxTitleLen      = 300
	MaxStandfirstLen = 1000
	MaxSlugLen       = 120
	MaxTags          = 30
	MaxNameLen       = 100 // section, tag, author and source names
)

// Article is a story as readers see it.
type Article struct {
	ID         int64
	Slug       string // unique across the site
	Title      string
	Standfirst string // the summary under the headline
	Body       string // Markdown, as written
	BodyHTML   string // Body rendered and sanitised; safe to emit as is

	Section *Section // nil when the article has none
	Tags    []Tag
	Author  *Author // nil when the article has no byline
	Source  *Source // the outlet it is republished from; nil for own stories
	// SourceURL is where "Source: NAME" links: the original story, or the
	// outlet's homepage when the original is not known.
	SourceURL string
	// ImageURL is a lead image given by link, such as an imported story's
	// og:image. It goes into the page's metadata only: readers' browsers
	// never load it from the other outlet.
	ImageURL string
	// Image is the lead image uploaded for the article, nil for none. It
	// is shown on the article and its teasers.
	Image *Image

	Status      ArticleStatus
	PublishedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	CommentCount int // approved comments only
	// CommentsClosed is set by hand; comments also close by age when the
	// site's CloseAfterDays says so.
	CommentsClosed bool

	// CreatedBy is the newsroom account that created the article, 0 when
	// it came from the command line or an import.
	CreatedBy int64

	// Views counts readers' visits, as flushed from the servers' counters;
	// a page shows the figure of when it was rendered.
	Views int64
}

// Revision is an article as one save left it.
type Revision struct {
	ID        int64
	ArticleID int64
	UserID    int64  // who saved it; 0 for the command line and imports
	UserName  string // their name, "" when UserID is 0
	SavedAt   time.Time
	// Article holds the fields a save writes: title, slug, standfirst,
	// body, section, tags, author, source and its URL, image, status and
	// publication time.
	Article Article
}

// Section is a department of the site, such as World or Business.
type Section struct {
	ID   int64
	Slug string
	Name string
}

// Tag labels articles across sections.
type Tag struct {
	ID   int64
	Slug string
	Name string
}

// Author is the byline of an article.
type Author struct {
	ID   int64
	Slug string
	Name string
}

// Source is an outlet an article was republished from.
type Source struct {
	ID       int64
	Slug     string
	Name     string
	Homepage string
	// CanonicalToOriginal makes the pages of articles republished from this
	// source name the original (SourceURL) as their canonical URL.
	CanonicalToOriginal bool
}

// VisibleAt reports whether readers may see the article at time now: it is
// published and its publication time has come.
func (a *Article) VisibleAt(now time.Time) bool {
	return a.Status == StatusPublished && !a.PublishedAt.After(now)
}

// Validate checks the fields a writer controls and returns an EINVALID error
// naming the first problem. Slugs must already be derived.
func (a *Article) Validate() error {
	switch {
	case strings.TrimSpace(a.Title) == "":
		return Errorf(EINVALID, "title is required")
	case utf8.RuneCountInString(a.Title) > MaxTitleLen:
		return Errorf(EINVALID, "title is longer than %d characters", MaxTitleLen)
	case utf8.RuneCountInString(a.Standfirst) > MaxStandfirstLen:
		return Errorf(EINVALID, "standfirst is longer than %d characters", MaxStandfirstLen)
	case a.Slug == "":
		return Errorf(EINVALID, "slug is required")
	case len(a.Slug) > MaxSlugLen:
		return Errorf(EINVALID, "slug is longer than %d bytes", MaxSlugLen)
	case a.Status != StatusPublished && a.Status != StatusDraft:
		return Errorf(EINVALID, "status must be %q or %q, not %q", StatusPublished, StatusDraft, a.Status)
	case a.PublishedAt.IsZero():
		return Errorf(EINVALID, "publication time is required")
	case len(a.Tags) > MaxTags:
		return Errorf(EINVALID, "an article may have at most %d tags", MaxTags)
	}
	for _, t := range a.Tags {
		if err := validName("tag", t.Name, t.Slug); err != nil {
			return err
		}
	}
	if a.Section != nil {
		if err := validName("section", a.Section.Name, a.Section.Slug); err != nil {
			return err
		}
	}
	if a.Author != nil {
		if err := validName("author", a.Author.Name, a.Author.Slug); err != nil {
			return err
		}
	}
	if a.Source != nil {
		if err := validName("source", a.Source.Name, a.Source.Slug); err != nil {
			return err
		}
	}
	if a.ImageURL != "" && !httpURL(a.ImageURL) {
		return Errorf(EINVALID, "image URL %q is not an http(s) URL", a.ImageURL)
	}
	if a.SourceURL != "" && a.Source == nil {
		return Errorf(EINVALID, "source_url needs a source name")
	}
	return nil
}

func validName(what, name, slug string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return Errorf(EINVALID, "%s name is empty", what)
	case utf8.RuneCountInString(name) > MaxNameLen:
		return Errorf(EINVALID, "%s name %q is longer than %d characters", what, name, MaxNameLen)
	case slug == "":
		return Errorf(EINVALID, "%s name %q has no letters or digits to make a URL from", what, name)
	}
	return nil
}

// ArticleFilter selects articles for a list. Zero fields do not filter.
type ArticleFilter struct {
	SectionSlug string
	TagSlug     string
	SourceSlug  string
	AuthorSlug  string
	// Status, when set, keeps only articles with that status (the admin's
	// lists of drafts).
	Status ArticleStatus
	// CreatedBy, when set, keeps only articles that account created.
	CreatedBy int64
	// TitleContains, when set, keeps articles whose title contains it,
	// ignoring case (the admin's search by title).
	TitleContains string

	// VisibleAt, when set, keeps only articles readers may see at that time.
	VisibleAt time.Time

	// Before, when set, keeps articles that sort after the cursor in the
	// newest-first order (keyset pagination for the API).
	Before *Cursor

	Limit  int // at most this many; 0 means the store's default
	Offset int

	// WithBody loads BodyHTML too, for feeds. Lists show no bodies, so
	// without it Body and BodyHTML are left empty, which keeps list pages
	// from reading and copying every article's text.
	WithBody bool
}

// Cursor is a position in the newest-first order of articles.
type Cursor struct {
	PublishedAt time.Time
	ID          int64
}

// SitemapEntry is what a sitemap needs of an article: enough to make its URL
// and tell when it last changed.
type SitemapEntry struct {
	Slug        string
	PublishedAt time.Time
	UpdatedAt   time.Time
}

// SitemapChunk is one of the sitemaps the articles are split into: chunk N
// lists the visible articles with IDs (N-1)×size+1 to N×size, so an
// article stays in its sitemap for good and only the newest sitemap grows.
// LastModified is the latest LastModified of its articles.
type SitemapChunk struct {
	N            int
	LastModified time.Time
}

// LastModified is the later of the entry's publication and update times (an
// article scheduled before it is published was last updated before then).
func (e SitemapEntry) LastModified() time.Time {
	if e.UpdatedAt.After(e.PublishedAt) {
		return e.UpdatedAt
	}
	return e.PublishedAt
}

// SearchQuery asks for the visible articles that match a reader's words.
//
// Text is what the reader typed: words are all required (the last one may
// also match as a prefix), "quoted phrases" must appear as written, and
// -word or -"a phrase" excludes. Nothing in it is an operator of the
// database's own query language. Zero fields do not filter.
type SearchQuery struct {
	Text string

	SectionSlug string
	SourceSlug  string
	TagSlug     string

	// From and To bound the publication time: From <= PublishedAt < To.
	From, To time.Time

	// VisibleAt keeps only articles readers may see at that time; drafts
	// and scheduled articles are never found. Zero means the store's now.
	VisibleAt time.Time

	Limit  int // at most this many; 0 means the store's default
	Offset int
}

// SearchResult is one article found by a search.
type SearchResult struct {
	// Article is loaded as for a list: Body and BodyHTML are empty.
	Article *Article
	// Snippet is an extract of the standfirst or body as HTML: the matched
	// words are wrapped in <mark>…</mark>, and everything else is escaped.
	Snippet string
}
