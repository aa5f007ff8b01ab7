// Package views counts article views on the server as pages are served:
// without cookies, without keeping addresses, and without a database write
// per view. Views are counted in memory and flushed in batches.
package views

import (
	"context"
	"hash/maphash"
	"sync"
	"time"

	"github.com/masthead-news/masthead"
)

// MaxSeen bounds the set of today's visitor-article hashes that drops
// repeated views. When it is full the set starts afresh: a repeat after that
// counts again, which is better than memory that grows with an attacker's
// supply of addresses.
const MaxSeen = 200_000

// Sink stores flushed counts; store.Views is one.
type Sink interface {
	AddViews(ctx context.Context, counts []masthead.ViewCount) error
}

type bucket struct {
	article int64
	hour    int64 // Unix hour
}

// Counter counts views. Its methods are safe for concurrent use.
type Counter struct {
	now func() time.Time

	mu sync.Mutex
	// day is the UTC day (days since the epoch) seed belongs to. The seed is
	// the salt: random, never stored, replaced every day, so that a hash
	// cannot be tied to an address once the day is over, and a reader is
	// counted again the next day.
	day    int64
	seed   maphash.Seed
	seen   map[uint64]struct{}
	counts map[bucket]int64
}

// New returns a Counter reading the time from now.
func New(now func() time.Time) *Counter {
	return &Counter{now: now, day: -1, counts: map[bucket]int64{}}
}

// Count counts a view of the article by the reader at addr (an IP address)
// with the given User-Agent, unless the User-Agent is a bot's or the same
// reader viewed the article earlier the same day. It reports whether the
// view counted.
func (c *Counter) Count(article int64, addr, userAgent string) bool {
	if article <= 0 || IsBot(userAgent) {
		return false
	}
	t := c.now()
	day := t.Unix() / 86400

	c.mu.Lock()
	defer c.mu.Unlock()
	if day != c.day {
		c.day, c.seed, c.seen = day, maphash.MakeSeed(), make(map[uint64]struct{})
	}
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(addr)
	h.WriteByte(0)
	h.WriteString(userAgent)
	var id [8]byte
	for i := range id {
		id[i] = byte(article >> (8 * i))
	}
	h.Write(id[:])
	key := h.Sum64()
	if _, ok := c.seen[key]; ok {
		return false
	}
	if len(c.seen) >= MaxSeen {
		clear(c.seen)
	}
	c.seen[key] = struct{}{}
	c.counts[bucket{article, t.Unix() / 3600}]++
	return true
}

// Pending returns how many counted views await a flush.
func (c *Counter) Pending() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, v := range c.counts {
		n += v
	}
	return n
}

// Flush writes the counted views to sink. On failure the counts are kept
// for the next flush, so a database that is briefly unavailable loses none.
func (c *Counter) Flush(ctx context.Context, sink Sink) error {
	c.mu.Lock()
	counts := c.counts
	c.counts = make(map[bucket]int64, len(counts))
	c.mu.Unlock()
	if len(counts) == 0 {
		return nil
	}
	batch := make([]masthead.ViewCount, 0, len(counts))
	for b, n := range counts {
		batch = append(batch, masthead.ViewCount{
			ArticleID: b.article, Hour: time.Unix(b.hour*3600, 0).UTC(), Views: n,
		})
	}
	if err := sink.AddViews(ctx, batch); err != nil {
		c.mu.Lock()
		for b, n := range counts {
			c.counts[b] += n
		}
		c.mu.Unlock()
		return err
	}
	return nil
}
