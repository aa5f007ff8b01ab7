// Package cache keeps rendered pages in memory so that a busy article costs a
// map lookup and a write, not a database query and a template render.
//
// Pages are never stale for long: the web server drops the whole cache when
// the store reports a change (see web.Server.WatchChanges). Dropping
// everything is coarse, but a news site changes a few times a minute at
// most, and it can never serve a page that missed an invalidation.
package cache

import (
	"sync"
	"sync/atomic"
	"time"
)

// Pages is a size-bounded cache of rendered pages, safe for concurrent use.
type Pages struct {
	maxBytes int64
	ttl      time.Duration

	mu      sync.RWMutex
	gen     uint64            // bumped by Invalidate; guarded by mu
	entries map[string]*entry // guarded by mu
	queue   []string          // keys in insertion order, for eviction
	bytes   int64             // guarded by mu

	hits, misses atomic.Uint64
}

type entry struct {
	page    *Page
	expires time.Time
	used    atomic.Bool // read since it was last passed by eviction
}

// New returns a cache holding at most maxBytes of page bodies, each for at
// most ttl. Pages are dropped on every change anyway; the ttl bounds the age
// of what a page says about time (such as the signed time in a comment
// form) on a site where nothing changes for a long while.
func New(maxBytes int64, ttl time.Duration) *Pages {
	return &Pages{maxBytes: maxBytes, ttl: ttl, entries: map[string]*entry{}}
}

// Generation returns the current generation. Take it before rendering and
// pass it to Put, so a page rendered before an invalidation is not stored
// after it.
func (c *Pages) Generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// Get returns the page cached under key.
func (c *Pages) Get(key string) (*Page, bool) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if ok && time.Now().After(e.expires) {
		ok = false // left for Put or eviction to replace
	}
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	if !e.used.Load() {
		e.used.Store(true)
	}
	return e.page, true
}

// Put stores p under key unless the cache was invalidated since gen was
// taken, or p alone would take more than an eighth of the budget.
func (c *Pages) Put(key string, gen uint64, p *Page) {
	size := p.cost()
	if size > c.maxBytes/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if old, ok := c.entries[key]; ok {
		c.bytes -= old.page.cost()
	} else {
		c.queue = append(c.queue, key)
	}
	c.entries[key] = &entry{page: p, expires: time.Now().Add(c.ttl)}
	c.bytes += size
	c.evict()
}

// evict drops entries until the cache fits its budget, giving each entry read
// since the last pass a second chance (the CLOCK algorithm), which keeps the
// busy pages without the write lock an LRU list would need on every Get.
func (c *Pages) evict() {
	for c.bytes > c.maxBytes && len(c.queue) > 0 {
		key := c.queue[0]
		c.queue = c.queue[1:]
		e, ok := c.entries[key]
		if !ok {
			continue
		}
		if e.used.Load() {
			e.used.Store(false)
			c.queue = append(c.queue, key)
			continue
		}
		delete(c.entries, key)
		c.bytes -= e.page.cost()
	}
	// Reslicing leaves the dropped prefix in the backing array; copy once it
	// dominates so the queue does not grow without bound.
	if cap(c.queue) > 64 && len(c.queue) < cap(c.queue)/4 {
		c.queue = append([]string(nil), c.queue...)
	}
}

// Invalidate drops every page.
func (c *Pages) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.entries = map[string]*entry{}
	c.queue = nil
	c.bytes = 0
}

// Stats describes the cache for metrics.
type Stats struct {
	Hits, Misses uint64
	Entries      int
	Bytes        int64
}

// Stats returns counters since the cache was made.
func (c *Pages) Stats() Stats {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: len(c.entries), Bytes: c.bytes}
}
