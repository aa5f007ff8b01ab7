package comment

import (
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

const (
	// maxLimiters bounds each map of limiters: an attacker with many
	// addresses can make us forget some limiters, never exhaust memory.
	maxLimiters = 10000
)

// ipBurst is the burst allowed per address: a reader may send a couple of
// comments in quick succession (a reply, then a correction), not more.
func ipBurst(perMinute int) int {
	return max(1, min(perMinute, 3))
}

// limiters keeps one token bucket per key. Buckets are driven by the
// service's clock, not the wall clock, so tests need not sleep.
type limiters struct {
	mu sync.Mutex
	m  map[string]*rate.Limiter
}

// allow takes a token from key's bucket of perMinute tokens a minute and the
// given burst, creating it when missing, and reports whether there was one.
// Changed settings apply to existing buckets at once.
func (l *limiters) allow(key string, now time.Time, perMinute, burst int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	limit := rate.Limit(float64(perMinute) / 60)
	lim, ok := l.m[key]
	if !ok {
		if l.m == nil {
			l.m = make(map[string]*rate.Limiter)
		}
		if len(l.m) >= maxLimiters {
			l.evict(now)
		}
		lim = rate.NewLimiter(limit, burst)
		l.m[key] = lim
	} else if lim.Limit() != limit || lim.Burst() != burst {
		lim.SetLimitAt(now, limit)
		lim.SetBurstAt(now, burst)
	}
	return lim.AllowN(now, 1)
}

// evict drops every bucket that has filled up again, since forgetting a full
// bucket changes nothing: a new one starts full. When every bucket is in use
// it drops the fullest one, the nearest to being forgettable, which gives
// that key a little more than its due rather than letting the map grow. It runs only
// when the map is full, so its scan is rare.
func (l *limiters) evict(now time.Time) {
	var fullestKey string
	fullest := -1.0
	for k, lim := range l.m {
		tokens := lim.TokensAt(now)
		if tokens >= float64(lim.Burst()) {
			delete(l.m, k)
			continue
		}
		if tokens > fullest {
			fullestKey, fullest = k, tokens
		}
	}
	if len(l.m) >= maxLimiters {
		delete(l.m, fullestKey)
	}
}

func (l *limiters) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}

// ipKey is the rate-limit key of an address. An IPv6 user usually has a
// whole /64 to pick addresses from, so the /64 is what is limited.
func ipKey(addr netip.Addr, raw string) string {
	switch {
	case !addr.IsValid():
		return "raw:" + raw
	case addr.Is6():
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}
