package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/masthead-news/masthead"
)

// listKind names the article lists of the site: the home page and one list
// per section, tag, source and author. Pages and feeds share them.
type listKind int

const (
	listHome listKind = iota
	listSection
	listTag
	listSource
	listAuthor
)

// pageSize is how many teasers a list page shows.
const pageSize = 20

// listing is a resolved list: what it is called, where it lives and which
// articles it holds.
type listing struct {
	kind     string // "Section", "Tag", …; "" for the home page
	title    string
	path     string // the HTML page, with trailing slash
	homepage string // a source's own site
	filter   masthead.ArticleFilter
}

// resolveList looks up the section, tag, source or author named in the URL.
// An unknown slug is ENOTFOUND.
func (s *Server) resolveList(r *http.Request, kind listKind) (*listing, error) {
	ctx, slug := r.Context(), r.PathValue("slug")
	l := &listing{filter: masthead.ArticleFilter{VisibleAt: s.now()}}
	switch kind {
	case listHome:
		l.title, l.path = s.site().Title, "/"
	case listSection:
		sec, err := s.store.Section(ctx, slug)
		if err != nil {
			return nil, err
		}
		l.kind, l.title, l.path = "Section", sec.Name, "/section/"+sec.Slug+"/"
		l.filter.SectionSlug = sec.Slug
	case listTag:
		tag, err := s.store.Tag(ctx, slug)
		if err != nil {
			return nil, err
		}
		l.kind, l.title, l.path = "Tag", tag.Name, "/tag/"+tag.Slug+"/"
		l.filter.TagSlug = tag.Slug
	case listSource:
		src, err := s.store.Source(ctx, slug)
		if err != nil {
			return nil, err
		}
		l.kind, l.title, l.path, l.homepage = "Source", src.Name, "/source/"+src.Slug+"/", src.Homepage
		l.filter.SourceSlug = src.Slug
	case listAuthor:
		au, err := s.store.Author(ctx, slug)
		if err != nil {
			return nil, err
		}
		l.kind, l.title, l.path = "Author", au.Name, "/author/"+au.Slug+"/"
		l.filter.AuthorSlug = au.Slug
	}
	return l, nil
}

// feedLinks are the feeds of a list, announced in its <head>.
func (s *Server) feedLinks(l *listing) []FeedLink {
	name := s.site().Title
	if l.kind != "" {
		name += ": " + l.title
	}
	return []FeedLink{
		{Type: "application/rss+xml", Title: name + " (RSS)", URL: s.abs(l.path + "feed.xml")},
		{Type: "application/atom+xml", Title: name + " (Atom)", URL: s.abs(l.path + "atom.xml")},
		{Type: "application/feed+json", Title: name + " (JSON Feed)", URL: s.abs(l.path + "feed.json")},
	}
}

// pageNumber reads ?page=N. Anything but a positive integer is ENOTFOUND, so
// junk query strings do not make new pages.
func pageNumber(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || strconv.Itoa(n) != v {
		return 0, masthead.Errorf(masthead.ENOTFOUND, "No such page.")
	}
	return n, nil
}

// pagePath is the path of page n of a list.
func pagePath(path string, n int) string {
	if n <= 1 {
		return path
	}
	return fmt.Sprintf("%s?page=%d", path, n)
}

// findPage loads page n of a list and the links to its neighbours. A page
// past the end is ENOTFOUND (except page 1 of an empty list).
func (s *Server) findPage(r *http.Request, l *listing, n int) ([]*masthead.Article, int, Pagination, error) {
	f := l.filter
	f.Limit, f.Offset = pageSize, (n-1)*pageSize
	articles, total, err := s.store.FindArticles(r.Context(), f)
	if err != nil {
		return nil, 0, Pagination{}, err
	}
	pages := max(1, (total+pageSize-1)/pageSize)
	if n > pages {
		return nil, 0, Pagination{}, masthead.Errorf(masthead.ENOTFOUND, "No such page.")
	}
	p := Pagination{Page: n, Pages: pages}
	if n > 1 {
		p.PrevURL = pagePath(l.path, n-1)
	}
	if n < pages {
		p.NextURL = pagePath(l.path, n+1)
	}
	return articles, total, p, nil
}

// handleHome serves the front page: the latest articles, newest first.
// GET /?page=N
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	s.serveList(w, r, listHome)
}

// handleList serves the article list of a section, tag, source or author.
// GET /section/{slug}/?page=N (and /tag/, /source/, /author/)
func (s *Server) handleList(kind listKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.serveList(w, r, kind) }
}

func (s *Server) serveList(w http.ResponseWriter, r *http.Request, kind listKind) {
	n, err := pageNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.resolveList(r, kind)
	if err != nil {
		s.failList(w, r, kind, err)
		return
	}
	articles, total, pg, err := s.findPage(r, l, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := l.title
	if kind == listHome {
		title = ""
	}
	if n > 1 {
		title = fmt.Sprintf("%s (page %d)", title, n)
	}
	lay := s.layout(r, title, pagePath(l.path, n))
	lay.Feeds = s.feedLinks(l)
	lay.Description = fmt.Sprintf("The latest news from %s.", s.site().Title)
	if d := s.site().Description; d != "" {
		lay.Description = d
	}
	if kind != listHome {
		lay.Description = fmt.Sprintf("%s: %s, %s.", l.kind, l.title, s.site().Title)
	}
	if pg.PrevURL != "" {
		lay.PrevURL = s.abs(pg.PrevURL)
	}
	if pg.NextURL != "" {
		lay.NextURL = s.abs(pg.NextURL)
	}
	if kind == listHome {
		s.render(w, r, "home", &homePage{
			Layout: lay, Heading: "Latest news", Articles: articles, Pagination: pg,
			MostRead: s.mostRead(r),
		})
		return
	}
	s.render(w, r, "list", &listPage{
		Layout:     lay,
		Kind:       l.kind,
		Heading:    l.title,
		Homepage:   l.homepage,
		FeedURL:    l.path + "feed.xml",
		Articles:   articles,
		Total:      total,
		Pagination: pg,
	})
}

// termKinds maps list kinds to the taxonomy's.
var termKinds = map[listKind]masthead.TermKind{
	listSection: masthead.KindSection, listTag: masthead.KindTag,
	listSource: masthead.KindSource, listAuthor: masthead.KindAuthor,
}

// failList answers a list that could not be resolved: a slug that was
// renamed or merged away redirects for good to its successor, the page or
// feed asked for kept; anything else fails as usual.
func (s *Server) failList(w http.ResponseWriter, r *http.Request, kind listKind, err error) {
	slug := r.PathValue("slug")
	if tk, ok := termKinds[kind]; ok && masthead.ErrorCode(err) == masthead.ENOTFOUND {
		to, found, rerr := s.store.TermRedirect(r.Context(), tk, slug)
		if rerr != nil {
			s.fail(w, r, rerr)
			return
		}
		if found {
			u := *r.URL
			u.Path = strings.Replace(u.Path, "/"+slug+"/", "/"+to+"/", 1)
			http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
			return
		}
	}
	s.fail(w, r, err)
}
