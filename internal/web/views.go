package web

import (
	"context"
	"net/http"

	"github.com/masthead-news/masthead/internal/cache"
	"github.com/masthead-news/masthead/internal/views"
)

// CountViews writes the counted article views to the store in batches until
// ctx ends, then once more. It returns at once when views are not counted.
func (s *Server) CountViews(ctx context.Context) {
	if s.views == nil {
		return
	}
	s.views.Run(ctx, s.store, views.FlushEvery, s.log)
}

// FlushViews writes the views counted so far; tests and shutdown use it.
func (s *Server) FlushViews(ctx context.Context) error {
	if s.views == nil {
		return nil
	}
	return s.views.Flush(ctx, s.store)
}

// countView counts a reader's view of the article as its page is rendered,
// and marks the page so that later answers from the cache count too.
func (s *Server) countView(w http.ResponseWriter, r *http.Request, article int64) {
	if rec, ok := w.(*recorder); ok {
		rec.article = article
	}
	s.count(r, article)
}

// countCachedView counts a view of a cached page, if it shows an article.
func (s *Server) countCachedView(r *http.Request, p *cache.Page) {
	if p.Article != 0 {
		s.count(r, p.Article)
	}
}

func (s *Server) count(r *http.Request, article int64) {
	if s.views == nil || r.Method != http.MethodGet || prefetch(r) {
		return
	}
	s.views.Count(article, s.clientIP(r), r.Header.Get("User-Agent"))
}

// prefetch reports whether the browser asks for the page ahead of a click
// that may never come; such requests are not views.
func prefetch(r *http.Request) bool {
	return r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") == "prefetch"
}
