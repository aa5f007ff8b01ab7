package masthead

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// ImportMode says what becomes of a source's new items.
type ImportMode string

const (
	// ImportReview imports items as drafts for an editor to publish.
	ImportReview ImportMode = "review"
	// ImportPublish publishes items as they are imported.
	ImportPublish ImportMode = "publish"
)

// Limits on a source's polling settings.
const (
	MinPollInterval     = 5 * time.Minute
	DefaultPollInterval = 30 * time.Minute
	MaxFeedsPerSource   = 20
	MaxKeywords         = 50
	// UnhealthyAfter consecutive failed polls mark a feed unhealthy.
	UnhealthyAfter = 3
)

// SourceConfig is how Masthead follows an outlet: the feeds it polls and
// what it does with their items. Articles imported from it carry Source as
// their attribution.
type SourceConfig struct {
	Source   Source
	Feeds    []Feed
	Interval time.Duration // between polls of each feed
	Mode     ImportMode
	Section  string   // section name given to imported articles; "" for none
	Tags     []string // tag names given to every imported article
	// Include, when not empty, imports only items whose title or summary
	// has one of these words or phrases; Exclude skips items that have one.
	// Both match case-insensitively.
	Include, Exclude []string
	// FullText fetches each item's page and extracts the article from it;
	// otherwise the feed's own content is kept.
	FullText bool
	// Selector, when set, is a CSS selector for the article body on the
	// outlet's pages, for when automatic extraction gets them wrong.
	Selector string
}

// Feed is one feed of a source and the state of its polling.
type Feed struct {
	ID           int64
	URL          string
	ETag         string // validators from the last answer, for conditional requests
	LastModified string
	LastPolled   time.Time // zero until the first poll
	NextPoll     time.Time // zero means as soon as possible
	Failures     int       // consecutive failed polls
	LastError    string
	LastErrorAt  time.Time
	Imported     int64 // items imported from it in all
}

// Healthy reports whether the feed's recent polls succeeded.
func (f Feed) Healthy() bool { return f.Failures < UnhealthyAfter }

// Validate checks the settings and returns an EINVALID error naming the
// first problem. The source's slug must already be derived.
func (c *SourceConfig) Validate() error {
	if err := validName("source", c.Source.Name, c.Source.Slug); err != nil {
		return err
	}
	if c.Source.Homepage != "" && !httpURL(c.Source.Homepage) {
		return Errorf(EINVALID, "homepage %q is not an http(s) URL", c.Source.Homepage)
	}
	switch {
	case len(c.Feeds) == 0:
		return Errorf(EINVALID, "a source needs at least one feed URL")
	case len(c.Feeds) > MaxFeedsPerSource:
		return Errorf(EINVALID, "a source may have at most %d feeds", MaxFeedsPerSource)
	case c.Interval < MinPollInterval:
		return Errorf(EINVALID, "poll interval %v is shorter than %v", c.Interval, MinPollInterval)
	case c.Mode != ImportReview && c.Mode != ImportPublish:
		return Errorf(EINVALID, "mode must be %q or %q, not %q", ImportReview, ImportPublish, c.Mode)
	case len(c.Tags) > MaxTags:
		return Errorf(EINVALID, "a source may give at most %d tags", MaxTags)
	case len(c.Include) > MaxKeywords || len(c.Exclude) > MaxKeywords:
		return Errorf(EINVALID, "at most %d include and %d exclude keywords", MaxKeywords, MaxKeywords)
	case utf8.RuneCountInString(c.Section) > MaxNameLen:
		return Errorf(EINVALID, "section name is longer than %d characters", MaxNameLen)
	case len(c.Selector) > 500:
		return Errorf(EINVALID, "selector is longer than 500 bytes")
	}
	seen := map[string]bool{}
	for _, f := range c.Feeds {
		if !httpURL(f.URL) {
			return Errorf(EINVALID, "feed %q is not an http(s) URL", f.URL)
		}
		if seen[f.URL] {
			return Errorf(EINVALID, "feed %q is listed twice", f.URL)
		}
		seen[f.URL] = true
	}
	for _, t := range c.Tags {
		if strings.TrimSpace(t) == "" || utf8.RuneCountInString(t) > MaxNameLen {
			return Errorf(EINVALID, "tag %q must be 1 to %d characters", t, MaxNameLen)
		}
	}
	return nil
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= 2000
}

// Report is another outlet's copy of a story the site already has: caught
// as a near-duplicate when imported, and shown as "Also reported by".
type Report struct {
	Source Source
	URL    string
	Title  string
	SeenAt time.Time
}

// ImportedArticle is an imported article's fingerprint.
type ImportedArticle struct {
	ArticleID   int64
	Fingerprint uint64
}

// ImportedItem is what the store records of an item it imported, so that
// no item is imported twice and near-duplicates can be found.
type ImportedItem struct {
	URL         string // normalised
	Fingerprint uint64 // of the text; 0 when too short to tell
}

// NewSourceConfig returns the settings a newly followed source starts with:
// items reviewed by an editor, full text fetched, polled every half hour.
// The caller derives the slug.
func NewSourceConfig(name string) *SourceConfig {
	return &SourceConfig{
		Source:   Source{Name: name},
		Interval: DefaultPollInterval,
		Mode:     ImportReview,
		FullText: true,
	}
}

// SourceChange is an edit of a source's settings: nil fields stay as they
// are. The command line and the admin API both edit through it.
type SourceChange struct {
	Name, Homepage         *string
	Feeds                  *[]string
	Interval               *time.Duration
	Mode                   *ImportMode
	Section                *string
	Tags, Include, Exclude *[]string
	FullText               *bool
	Selector               *string
	CanonicalToOriginal    *bool
}

// Apply makes the change. A feed kept in a new list keeps its polling
// state; Validate checks the result.
func (c *SourceConfig) Apply(ch SourceChange) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&c.Source.Name, ch.Name)
	set(&c.Source.Homepage, ch.Homepage)
	set(&c.Section, ch.Section)
	set(&c.Selector, ch.Selector)
	if ch.Feeds != nil {
		old := map[string]Feed{}
		for _, f := range c.Feeds {
			old[f.URL] = f
		}
		c.Feeds = nil
		for _, u := range *ch.Feeds {
			u = strings.TrimSpace(u)
			f, ok := old[u]
			if !ok {
				f = Feed{URL: u}
			}
			c.Feeds = append(c.Feeds, f)
		}
	}
	if ch.Interval != nil {
		c.Interval = *ch.Interval
	}
	if ch.Mode != nil {
		c.Mode = *ch.Mode
	}
	for _, l := range []struct{ dst, v *[]string }{{&c.Tags, ch.Tags}, {&c.Include, ch.Include}, {&c.Exclude, ch.Exclude}} {
		if l.v != nil {
			*l.dst = trimmedList(*l.v)
		}
	}
	if ch.FullText != nil {
		c.FullText = *ch.FullText
	}
	if ch.CanonicalToOriginal != nil {
		c.Source.CanonicalToOriginal = *ch.CanonicalToOriginal
	}
}

// trimmedList trims each entry and drops empty ones.
func trimmedList(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
