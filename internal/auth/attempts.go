package auth

import (
	"context"
	"time"
)

// AttemptStore keeps failed login attempts by key. A Throttle is its only
// caller; keys are opaque strings such as "account:<sha256 hex>" or
// "ip:2001:db8::/64". The database implements it so that every instance
// behind a load balancer counts the same failures; MemoryAttempts does for
// tests and a single process.
//
// Implementations must be safe for concurrent use. They may forget failures
// older than the since they are asked about: a Throttle always asks with
// the same window.
type AttemptStore interface {
	// RecordFailure adds a failed attempt for key at time t and returns how
	// many failures key has at or after since.
	RecordFailure(ctx context.Context, key string, t, since time.Time) (int, error)
	// Failures returns how many failed attempts key has at or after since.
	Failures(ctx context.Context, key string, since time.Time) (int, error)
	// ClearFailures forgets key's failures (after a successful login).
	ClearFailures(ctx context.Context, key string) error
}
