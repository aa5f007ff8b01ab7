// Package ingest republishes other outlets' stories: it polls each followed
// source's feeds, fetches and extracts the full text of new items, catches
// items already imported (by normalised URL) and near-duplicates (by a
// fingerprint of the text), and creates articles attributed to their source.
// Every feed and page is untrusted; fetch, feedread and extract bound what
// each may cost.
package ingest

import (
	"errors"
	"log/slog"
	"time"

	"github.com/masthead-news/masthead/internal/fetch"
	"github.com/masthead-news/masthead/internal/store"
)

// Defaults for Options.
const (
	DefaultMaxItems = 50 // items considered per poll of a feed
	DefaultWorkers  = 4  // sources polled at once
	// MaxBackoff bounds the wait after repeated failures: a feed that fails
	// all day is still tried once a day.
	MaxBackoff = 24 * time.Hour
)

// Options configure an Ingester.
type Options struct {
	// UserAgent names Masthead and the site to the outlets it polls.
	UserAgent string
	// AllowPrivate lets feeds and pages be fetched from loopback and
	// private addresses (tests, intranet sources). Off, such URLs are
	// refused, against server-side request forgery.
	AllowPrivate bool
	// MaxItems bounds the items imported per poll of one feed, so that a
	// feed of 25,000 items cannot flood the site; 0 means DefaultMaxItems.
	MaxItems int
	// Workers is how many sources are polled at once; 0 means DefaultWorkers.
	Workers int
	// Timeout bounds each feed or page fetch; 0 means fetch's default.
	Timeout time.Duration
	// Now tells the time; nil means time.Now.
	Now func() time.Time
}

// Ingester polls sources and imports their items. Make one with New.
type Ingester struct {
	store store.Store
	fetch *fetch.Client
	log   *slog.Logger
	now   func() time.Time
	opts  Options
}

// New returns an Ingester writing to st.
func New(st store.Store, log *slog.Logger, opts Options) (*Ingester, error) {
	if opts.UserAgent == "" {
		return nil, errors.New("ingest: a User-Agent is required")
	}
	if opts.MaxItems <= 0 {
		opts.MaxItems = DefaultMaxItems
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	client, err := fetch.New(fetch.Options{
		UserAgent:    opts.UserAgent,
		AllowPrivate: opts.AllowPrivate,
		Timeout:      opts.Timeout,
	})
	if err != nil {
		return nil, err
	}
	return &Ingester{store: st, fetch: client, log: log, now: opts.Now, opts: opts}, nil
}
