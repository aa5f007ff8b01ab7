// Package clock holds a clock that tests move by hand. The server, the
// comment service and the page cache's watcher all take a func() time.Time,
// so a test hands them Manual.Now and never waits for real time to pass.
package clock

import (
	"sync"
	"time"
)

// Manual is a clock that only moves when told to. It is safe for
// concurrent use.
type Manual struct {
	mu  sync.Mutex
	now time.Time
}

// NewManual returns a clock stopped at t.
func NewManual(t time.Time) *Manual { return &Manual{now: t} }

// Now returns the clock's time.
func (c *Manual) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Manual) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
