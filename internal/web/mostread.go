package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/masthead-news/masthead"
)

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
