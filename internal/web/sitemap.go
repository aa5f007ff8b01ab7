package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// For search engines: robots.txt, a sitemap index over chunked sitemaps of
// every visible article (sitemaps.org 0.9) and a Google News sitemap.

const (
	// sitemapChunkSize is the most URLs a sitemap may list (sitemaps.org);
	// Server.sitemapChunk starts at it, and tests lower it.
	sitemapChunkSize = 50000
	// newsWindow and newsMax bound the Google News sitemap: articles of the
	// last two days, at most 1,000 of them.
	newsWindow = 48 * time.Hour
	newsMax    = 1000

	sitemapNS          = "http://www.sitemaps.org/schemas/sitemap/0.9"
	newsNS             = "http://www.google.com/schemas/sitemap-news/0.9"
	contentTypeSitemap = "application/xml; charset=utf-8"
)

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	NewsNS  string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string     `xml:"loc"`
	Lastmod string     `xml:"lastmod,omitempty"`
	News    *newsEntry `xml:"news:news,omitempty"`
}

// newsEntry is Google's news:news element; encoding/xml writes the prefixed
// names as they are, declared by urlSet.NewsNS.
type newsEntry struct {
	Publication     newsPublication `xml:"news:publication"`
	PublicationDate string          `xml:"news:publication_date"`
	Title           string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

// w3cTime formats a time as a W3C datetime, in UTC.
func w3cTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func entryPath(e masthead.SitemapEntry) string {
	return e.PublishedAt.UTC().Format("/2006/01/02/") + e.Slug + "/"
}

// writeXML answers with v encoded as an XML document.
func (s *Server) writeXML(w http.ResponseWriter, r *http.Request, v any) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		s.fail(w, r, err)
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", contentTypeSitemap)
	w.Write(buf.Bytes())
}

// handleRobots tells crawlers what to skip and where the sitemaps are.
// GET /robots.txt
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /comments/\n\nSitemap: %s\nSitemap: %s\n",
		s.abs("/sitemap.xml"), s.abs("/sitemap-news.xml"))
}

// handleSitemapIndex lists the pages sitemap and one sitemap per chunk of
// sitemapChunk article IDs holding visible articles (masthead.SitemapChunk),
// each with its newest change; once per change to the site (the page cache).
// GET /sitemap.xml
func (s *Server) handleSitemapIndex(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	idx := sitemapIndex{NS: sitemapNS}
	var newest time.Time
	chunks, err := s.store.SitemapChunks(r.Context(), now, s.sitemapChunk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range chunks {
		newest = later(newest, c.LastModified)
		idx.Sitemaps = append(idx.Sitemaps, sitemapRef{
			Loc:     s.abs("/sitemaps/articles-" + strconv.Itoa(c.N) + ".xml"),
			Lastmod: w3cTime(c.LastModified),
		})
	}
	pages := sitemapRef{Loc: s.abs("/sitemaps/pages.xml")}
	if !newest.IsZero() {
		pages.Lastmod = w3cTime(newest)
	}
	idx.Sitemaps = append([]sitemapRef{pages}, idx.Sitemaps...)
	s.writeXML(w, r, idx)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// handleSitemap serves pages.xml (the home page and every section) and
// articles-N.xml (the visible articles of the Nth chunk of IDs, by ID).
// GET /sitemaps/{file}
func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	now := s.now()
	if file == "pages.xml" {
		secs, err := s.store.Sections(r.Context(), now)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		set := urlSet{NS: sitemapNS, URLs: []sitemapURL{{Loc: s.abs("/")}}}
		for _, sec := range secs {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.abs("/section/" + sec.Slug + "/")})
		}
		s.writeXML(w, r, set)
		return
	}
	num, ok := strings.CutPrefix(file, "articles-")
	num, ok2 := strings.CutSuffix(num, ".xml")
	n, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil || n < 1 || strconv.Itoa(n) != num {
		s.handleNotFound(w, r)
		return
	}
	entries, err := s.store.SitemapArticles(r.Context(), now, n, s.sitemapChunk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(entries) == 0 {
		s.handleNotFound(w, r) // a sitemap must list at least one URL
		return
	}
	set := urlSet{NS: sitemapNS, URLs: make([]sitemapURL, len(entries))}
	for i, e := range entries {
		set.URLs[i] = sitemapURL{Loc: s.abs(entryPath(e)), Lastmod: w3cTime(e.LastModified())}
	}
	s.writeXML(w, r, set)
}

// handleNewsSitemap lists the articles of the last 48 hours, newest first,
// at most 1,000, as Google News asks.
// GET /sitemap-news.xml
func (s *Server) handleNewsSitemap(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	since := now.Add(-newsWindow)
	set := urlSet{NS: sitemapNS, NewsNS: newsNS}
	pub := newsPublication{Name: s.site().Title, Language: strings.ToLower(s.site().Language)}
	f := masthead.ArticleFilter{VisibleAt: now, Limit: store.MaxLimit}
	for len(set.URLs) < newsMax {
		articles, _, err := s.store.FindArticles(r.Context(), f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, a := range articles {
			if a.PublishedAt.Before(since) || len(set.URLs) == newsMax {
				articles = nil
				break
			}
			set.URLs = append(set.URLs, sitemapURL{
				Loc: s.abs(articlePath(a)),
				News: &newsEntry{
					Publication:     pub,
					PublicationDate: w3cTime(a.PublishedAt),
					Title:           a.Title,
				},
			})
			f.Before = &masthead.Cursor{PublishedAt: a.PublishedAt, ID: a.ID}
		}
		if len(articles) < store.MaxLimit {
			break
		}
	}
	// With no news in the window the urlset is empty: sitemaps.org's schema
	// wants one URL, but listing a page that is not news would be worse.
	s.writeXML(w, r, set)
}
