package fetch

import (
	"errors"
	"time"

	"golang.org/x/net/http/httpguts"
)

// Defaults used for the zero value of the matching Options field.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBytes     = 10 << 20 // 10 MiB
	DefaultMaxRedirects = 5
	DefaultPerHost      = 1
)

// Options configures a Client. Every field except UserAgent has a default
// that its zero value selects.
type Options struct {
	// UserAgent is sent with every request, e.g.
	// "Masthead/1.0 (+https://site.example/)". Required: an outlet that
	// wants to ask us to slow down must be able to tell who we are.
	UserAgent string
	// Timeout bounds one Get from the first connection to the last byte of
	// the body, redirects included. Time spent waiting for a per-host slot
	// before the first request does not count. Default 20s.
	Timeout time.Duration
	// MaxBytes bounds the decoded body. A longer body is an error wrapping
	// ErrTooLarge, never a silently truncated document. Default 10 MiB.
	MaxBytes int64
	// MaxRedirects is how many redirects one Get follows. Default 5; a
	// negative value follows none.
	MaxRedirects int
	// AllowPrivate lets the client connect to loopback, private, link-local
	// and other non-public addresses. Only for tests and intranet sources.
	AllowPrivate bool
	// PerHost is how many requests may be in flight to one host name at
	// once. Default 1.
	PerHost int
}

// Validate reports whether the options can make a Client, so configuration
// can be checked when it is loaded rather than at the first poll.
func (o Options) Validate() error {
	if o.UserAgent == "" {
		return errors.New("Options.UserAgent is required")
	}
	if !httpguts.ValidHeaderFieldValue(o.UserAgent) {
		return errors.New("Options.UserAgent has characters not allowed in an HTTP header")
	}
	return nil
}

// withDefaults fills in every zero (or meaningless negative) field.
func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = DefaultMaxRedirects
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	return o
}
