package auth

import (
	"context"
	"sync"
	"time"
)

// maxFailuresPerKey caps how many failures MemoryAttempts keeps for one
// key, so a flood against one account cannot grow memory without bound.
// Counts saturate there, which is harmless while every limit is lower.
const maxFailuresPerKey = 1000

// MemoryAttempts is an AttemptStore in process memory, for tests and for a
// single instance. It holds at most maxKeys keys: when a new key would pass
// that, it first drops failures that have left the window, then, if still
// full, the key whose latest failure is oldest.
//
// Eviction forgets throttle state, so an attacker able to fail logins from
// very many addresses could push a victim's key out early; a database
// store, which has no such bound, does not have this weakness.
type MemoryAttempts struct {
	maxKeys int

	mu       sync.Mutex
	failures map[string][]time.Time // per key, in the order recorded
}

var _ AttemptStore = (*MemoryAttempts)(nil)

// NewMemoryAttempts returns an empty store holding at most maxKeys keys
// (at least 1; 10,000 is a few hundred kilobytes).
func NewMemoryAttempts(maxKeys int) *MemoryAttempts {
	return &MemoryAttempts{maxKeys: max(maxKeys, 1), failures: make(map[string][]time.Time)}
}

// RecordFailure implements AttemptStore. It prunes key's failures before
// since, which the Throttle will never ask about again.
func (m *MemoryAttempts) RecordFailure(_ context.Context, key string, t, since time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	times, ok := m.failures[key]
	if !ok && len(m.failures) >= m.maxKeys {
		m.makeRoom(since)
	}
	times = append(prune(times, since), t)
	if len(times) > maxFailuresPerKey {
		times = times[len(times)-maxFailuresPerKey:]
	}
	m.failures[key] = times
	return countSince(times, since), nil
}

// Failures implements AttemptStore.
func (m *MemoryAttempts) Failures(_ context.Context, key string, since time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return countSince(m.failures[key], since), nil
}

// ClearFailures implements AttemptStore.
func (m *MemoryAttempts) ClearFailures(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.failures, key)
	return nil
}

// Len returns how many keys the store holds.
func (m *MemoryAttempts) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.failures)
}

// makeRoom frees at least one key. It runs with m.mu held, only when the
// store is full, so its full sweep is paid once per new key at most, and is
// small next to the password hash every failed login has already cost.
func (m *MemoryAttempts) makeRoom(since time.Time) {
	var oldestKey string
	var oldest time.Time
	for key, times := range m.failures {
		times = prune(times, since)
		if len(times) == 0 {
			delete(m.failures, key)
			continue
		}
		m.failures[key] = times
		if last := latest(times); oldestKey == "" || last.Before(oldest) {
			oldestKey, oldest = key, last
		}
	}
	if len(m.failures) >= m.maxKeys {
		delete(m.failures, oldestKey)
	}
}

// prune returns times without those before since, reusing the slice.
func prune(times []time.Time, since time.Time) []time.Time {
	kept := times[:0]
	for _, t := range times {
		if !t.Before(since) {
			kept = append(kept, t)
		}
	}
	return kept
}

// countSince counts the times at or after since. The slices are short, and
// concurrent callers may record slightly out of order, so it scans rather
// than bisects.
func countSince(times []time.Time, since time.Time) int {
	n := 0
	for _, t := range times {
		if !t.Before(since) {
			n++
		}
	}
	return n
}

// latest returns the latest of times, which must not be empty.
func latest(times []time.Time) time.Time {
	l := times[0]
	for _, t := range times[1:] {
		if t.After(l) {
			l = t
		}
	}
	return l
}
