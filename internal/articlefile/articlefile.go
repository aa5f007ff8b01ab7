// Package articlefile reads an article written as a Markdown file with YAML
// front matter, the form `masthead article add FILE.md` takes:
//
//	---
//	title: "NATO does not plan to send troops to Ukraine – Stoltenberg"
//	standfirst: "The Alliance has “no plans” to deploy troops."
//	section: World
//	tags: [NATO, Ukraine]
//	author: News desk
//	source: Focus
//	source_url: https://focus.ua/
//	published_at: 2024-02-27T10:00:00Z
//	---
//
//	The body, in Markdown.
//
// Every error names the file and line, so a writer can fix the file.
package articlefile

import (
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/slug"
)

// Parse reads the article file called name from r. Missing optional keys
// take defaults: the slug comes from the title, published_at is now, status
// is published. The body is the Markdown as written, trimmed, and not
// rendered: BodyHTML is left for the caller to fill with markup.Render.
//
// Every error is a *masthead.Error with code EINVALID and a one-line message
// "NAME:LINE: problem".
func Parse(name string, r io.Reader, now time.Time) (*masthead.Article, error) {
	f, err := read(name, r)
	if err != nil {
		return nil, err
	}
	fm, err := parseFrontMatter(name, f.yaml)
	if err != nil {
		return nil, err
	}
	b := builder{name: name, fm: fm}
	a, err := b.article(now)
	if err != nil {
		return nil, err
	}
	a.Body = f.body
	if err := a.Validate(); err != nil {
		return nil, b.validationError(err)
	}
	return a, nil
}

// builder turns front matter into an article. It keeps the tags it took so
// that Validate's complaint about one can point at its line.
type builder struct {
	name     string
	fm       frontMatter
	tagItems []text // the tags kept, with their lines
}

// line returns the file line of key, or 0 when the key is absent.
func (b *builder) line(key string) int {
	return b.fm[key].line
}

// article builds the article from the front matter, checking the type and
// format of each key; a.Validate checks the limits afterwards.
func (b *builder) article(now time.Time) (*masthead.Article, error) {
	a := &masthead.Article{Status: masthead.StatusPublished, PublishedAt: now.UTC()}
	title, err := b.fm.str(b.name, "title")
	if err != nil {
		return nil, err
	}
	if title.value == "" {
		return nil, errorf(b.name, title.line, "title is required")
	}
	a.Title = title.value

	standfirst, err := b.fm.str(b.name, "standfirst")
	if err != nil {
		return nil, err
	}
	a.Standfirst = standfirst.value

	if a.Slug, err = b.articleSlug(title); err != nil {
		return nil, err
	}
	if a.Tags, err = b.articleTags(); err != nil {
		return nil, err
	}

	section, err := b.fm.str(b.name, "section")
	if err != nil {
		return nil, err
	}
	if section.value != "" {
		a.Section = &masthead.Section{Name: section.value, Slug: slug.Make(section.value)}
	}

	author, err := b.fm.str(b.name, "author")
	if err != nil {
		return nil, err
	}
	if author.value != "" {
		a.Author = &masthead.Author{Name: author.value, Slug: slug.Make(author.value)}
	}

	if a.Source, a.SourceURL, err = b.articleSource(); err != nil {
		return nil, err
	}

	publishedAt, err := b.fm.str(b.name, "published_at")
	if err != nil {
		return nil, err
	}
	if publishedAt.value != "" {
		t, err := time.Parse(time.RFC3339, publishedAt.value)
		if err != nil {
			return nil, errorf(b.name, publishedAt.line,
				"published_at: %q is not an RFC 3339 time (for example 2024-02-27T10:00:00Z)", publishedAt.value)
		}
		// Stored and compared in UTC; the offset the writer used says
		// nothing a reader needs.
		a.PublishedAt = t.UTC()
	}

	status, err := b.fm.str(b.name, "status")
	if err != nil {
		return nil, err
	}
	switch s := masthead.ArticleStatus(strings.ToLower(status.value)); s {
	case "":
	case masthead.StatusPublished, masthead.StatusDraft:
		a.Status = s
	default:
		return nil, errorf(b.name, status.line, "status must be %q or %q, not %q",
			masthead.StatusPublished, masthead.StatusDraft, status.value)
	}
	return a, nil
}

// articleSlug returns the slug key when given, which must already be a slug,
// and otherwise the slug of the title.
func (b *builder) articleSlug(title text) (string, error) {
	given, err := b.fm.str(b.name, "slug")
	if err != nil {
		return "", err
	}
	if given.value == "" {
		s := slug.Make(title.value)
		if s == "" {
			return "", errorf(b.name, title.line,
				"title %q has no letters or digits to make a URL from; add a slug", title.value)
		}
		return s, nil
	}
	switch s := given.value; {
	case len(s) > slug.MaxLen:
		return "", errorf(b.name, given.line, "slug: %q is longer than %d bytes", s, slug.MaxLen)
	case slug.Make(s) != s:
		hint := ""
		if made := slug.Make(s); made != "" {
			hint = ", for example " + strconv.Quote(made)
		}
		return "", errorf(b.name, given.line,
			"slug: %q is not a slug: use lower-case letters, digits and single dashes%s", s, hint)
	default:
		return s, nil
	}
}

// articleTags returns the tags, without repeats: two names with the same slug
// ("Ukraine", "ukraine") are one tag, and the first spelling wins.
func (b *builder) articleTags() ([]masthead.Tag, error) {
	items, err := b.fm.list(b.name, "tags")
	if err != nil {
		return nil, err
	}
	var tags []masthead.Tag
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if it.value == "" {
			return nil, errorf(b.name, it.line, "tags: a tag is empty")
		}
		s := slug.Make(it.value)
		if s != "" && seen[s] {
			continue
		}
		seen[s] = true
		b.tagItems = append(b.tagItems, it)
		tags = append(tags, masthead.Tag{Name: it.value, Slug: s})
	}
	return tags, nil
}

// articleSource returns the outlet the article is republished from and the
// link for "Source: NAME".
func (b *builder) articleSource() (*masthead.Source, string, error) {
	name, err := b.fm.str(b.name, "source")
	if err != nil {
		return nil, "", err
	}
	link, err := b.fm.str(b.name, "source_url")
	if err != nil {
		return nil, "", err
	}

	var src *masthead.Source
	if name.value != "" {
		src = &masthead.Source{Name: name.value, Slug: slug.Make(name.value)}
	}
	if link.value == "" {
		return src, "", nil
	}
	u, err := url.Parse(link.value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", errorf(b.name, link.line,
			"source_url: %q is not an absolute http(s) URL (for example https://example.com/story)", link.value)
	}
	if src == nil {
		return nil, "", errorf(b.name, link.line, "source_url needs a source: add the outlet's name as source")
	}
	src.Homepage = u.Scheme + "://" + u.Host + "/"
	return src, link.value, nil
}

// validationError puts a Validate error at the line of the key it is about.
func (b *builder) validationError(err error) error {
	var e *masthead.Error
	if !errors.As(err, &e) {
		return errorf(b.name, 1, "%v", err)
	}
	msg := e.Message
	line := 0
	switch {
	case strings.HasPrefix(msg, "title"):
		line = b.line("title")
	case strings.HasPrefix(msg, "standfirst"):
		line = b.line("standfirst")
	case strings.HasPrefix(msg, "slug"):
		line = b.line("slug")
		if line == 0 {
			line = b.line("title")
		}
	case strings.HasPrefix(msg, "status"):
		line = b.line("status")
	case strings.HasPrefix(msg, "publication time"):
		line = b.line("published_at")
	case strings.HasPrefix(msg, "an article may have"):
		line = b.line("tags")
	case strings.HasPrefix(msg, "tag "):
		line = b.line("tags")
		// Validate names the tag with %q.
		for _, it := range b.tagItems {
			if strings.Contains(msg, strconv.Quote(it.value)) {
				line = it.line
				break
			}
		}
	case strings.HasPrefix(msg, "section"):
		line = b.line("section")
	case strings.HasPrefix(msg, "author"):
		line = b.line("author")
	case strings.HasPrefix(msg, "source_url"):
		line = b.line("source_url")
	case strings.HasPrefix(msg, "source"):
		line = b.line("source")
	}
	return errorf(b.name, line, "%s", msg)
}
