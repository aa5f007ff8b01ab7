package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/masthead-news/masthead"
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
	s.views.Count(article, clientIP(r), r.Header.Get("User-Agent"))
}

// prefetch reports whether the browser asks for the page ahead of a click
// that may never come; such requests are not views.
func prefetch(r *http.Request) bool {
	return r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") == "prefetch"
}

// mostReadEvery is how long a most-read list is reused. Views are flushed
// every few seconds and the lists are shown on every page, so a minute keeps
// them current for readers at the cost of one query a minute.
const mostReadEvery = time.Minute

// mostReadLen is how many articles each most-read list shows.
const mostReadLen = 5

// MostRead is the most-read box: the last day's and the last week's.
type MostRead struct {
	Day, Week []*masthead.Article
}

type mostReadMemo struct {
	mu   sync.Mutex
	at   time.Time
	gen  uint64
	list MostRead
}

// mostRead returns the most-read lists, at most mostReadEvery old and never
// older than the page cache's generation, so an article unpublished is gone
// from them when its pages are. If the store fails, the lists are empty and
// the page still renders.
func (s *Server) mostRead(r *http.Request) MostRead {
	now, gen := s.now(), s.pages.Generation()
	m := &s.mostReadMemo
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen == m.gen && !m.at.IsZero() && now.Sub(m.at) < mostReadEvery {
		return m.list
	}
	day, err := s.store.MostRead(r.Context(), now.Add(-24*time.Hour), now, mostReadLen)
	if err != nil {
		s.log.Error("most read", "err", err)
		return MostRead{}
	}
	week, err := s.store.MostRead(r.Context(), now.Add(-7*24*time.Hour), now, mostReadLen)
	if err != nil {
		s.log.Error("most read", "err", err)
		return MostRead{}
	}
	m.at, m.gen, m.list = now, gen, MostRead{Day: day, Week: week}
	return m.list
}
