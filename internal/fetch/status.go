package fetch

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter caps StatusError.RetryAfter, so that one header from a
// broken or hostile server cannot silence a source for years. A scheduler
// may cap it lower still.
const maxRetryAfter = 7 * 24 * time.Hour

// StatusError is the error for an answer that is neither 2xx nor a 304 to
// a conditional request. Get wraps it with the URL; use errors.As to reach
// it.
type StatusError struct {
	URL        string        // the URL that answered, after redirects
	Code       int           // the HTTP status code
	RetryAfter time.Duration // from Retry-After, 0 when absent or unreadable; at most a week
}

func (e *StatusError) Error() string {
	// The reason phrase is ours, not the server's: a hostile server could
	// put anything there, and this message ends up in logs.
	msg := fmt.Sprintf("HTTP %d", e.Code)
	if text := http.StatusText(e.Code); text != "" {
		msg += " " + text
	}
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return msg
}

// parseRetryAfter reads a Retry-After value, either delay-seconds or an
// HTTP date (RFC 9110, section 10.2.3), as a duration from now. Anything
// unreadable, negative or in the past is 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil {
		if secs > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(secs) * time.Second
	} else if isDigits(v) {
		return maxRetryAfter // too many digits to parse is still "a long time"
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	return min(max(t.Sub(now), 0), maxRetryAfter)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
