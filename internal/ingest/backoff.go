package ingest

import "time"

// nextPoll is when a feed is polled next: after its interval when the poll
// succeeded; after a failure, the interval doubled for each failure in a
// row, at most MaxBackoff, and never before the server's Retry-After.
func nextPoll(now time.Time, interval time.Duration, failures int, retryAfter time.Duration) time.Time {
	wait := interval
	for i := 1; i < failures && wait < MaxBackoff; i++ {
		wait *= 2
	}
	wait = min(wait, MaxBackoff)
	return now.Add(max(wait, retryAfter))
}
