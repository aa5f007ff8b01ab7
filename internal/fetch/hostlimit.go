package fetch

import (
	"context"
	"net/url"
	"strings"
	"sync"
)

// hostLimiter lets at most limit holders at a time use one host. Entries
// are dropped when nobody holds or waits for them, so polling thousands of
// hosts does not grow the map for ever.
type hostLimiter struct {
	limit int
	mu    sync.Mutex
	hosts map[string]*hostSlots
}

type hostSlots struct {
	sem   chan struct{} // one token per request in flight
	users int           // holders plus waiters; the entry goes at zero
}

func newHostLimiter(limit int) *hostLimiter {
	return &hostLimiter{limit: limit, hosts: make(map[string]*hostSlots)}
}

// acquire waits for a slot for host, or returns ctx's error if ctx ends
// first. Every nil return must be paired with one release.
func (l *hostLimiter) acquire(ctx context.Context, host string) error {
	l.mu.Lock()
	s := l.hosts[host]
	if s == nil {
		s = &hostSlots{sem: make(chan struct{}, l.limit)}
		l.hosts[host] = s
	}
	s.users++
	l.mu.Unlock()

	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		l.leave(host, s)
		l.mu.Unlock()
		return context.Cause(ctx)
	}
}

// release gives back a slot taken by acquire.
func (l *hostLimiter) release(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.hosts[host]
	<-s.sem // cannot block: the caller holds a token
	l.leave(host, s)
}

// leave must be called with l.mu held.
func (l *hostLimiter) leave(host string, s *hostSlots) {
	s.users--
	if s.users == 0 {
		delete(l.hosts, host)
	}
}

// hostKey is the name politeness is counted by: the host without port,
// case or a trailing dot, so that spellings of one server share a limit.
func hostKey(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}
