package comment

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/masthead-news/masthead"
)

// Spam marks teach the score for learnWindow: comments from an address
// whose earlier comments were marked spam, and comments linking to domains
// that marked spam linked to, score higher (see score). What was learned is
// read at most every learnTTL, so posting costs no extra query; marks made
// by this process apply at once, those of other instances within learnTTL.
const (
	learnWindow = 30 * 24 * time.Hour
	learnTTL    = time.Minute
)

type learned struct {
	mu  sync.Mutex
	at  time.Time
	sig masthead.SpamSignals
}

// spamSignals returns what spam marks taught, reading it again when stale.
func (s *Service) spamSignals(ctx context.Context, now time.Time) (masthead.SpamSignals, error) {
	l := &s.learned
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.at.IsZero() && now.Sub(l.at) < learnTTL && !now.Before(l.at) {
		return l.sig, nil
	}
	sig, err := s.st.SpamSignals(ctx, now.Add(-learnWindow))
	if err != nil {
		return masthead.SpamSignals{}, err
	}
	l.at, l.sig = now, sig
	return sig, nil
}

// learnSpam records the domains the comments just marked spam link to, and
// drops the cached signals so their addresses count at once.
func (s *Service) learnSpam(ctx context.Context, ids []int64) error {
	var domains []string
	for _, id := range ids {
		c, err := s.st.Comment(ctx, id)
		if masthead.ErrorCode(err) == masthead.ENOTFOUND {
			continue
		} else if err != nil {
			return fmt.Errorf("learn from spam: %w", err)
		}
		for _, d := range linkDomains(Input{Comment: c.Body, Website: c.Website}) {
			if !slices.Contains(domains, d) {
				domains = append(domains, d)
			}
		}
	}
	if err := s.st.LearnSpamDomains(ctx, domains, s.now()); err != nil {
		return err
	}
	s.learned.mu.Lock()
	s.learned.at = time.Time{}
	s.learned.mu.Unlock()
	return nil
}

// linkDomains lists the domains a comment links to, in its text and its
// website, lowercased and without "www.".
func linkDomains(in Input) []string {
	var out []string
	add := func(raw string) {
		if !strings.Contains(raw, "://") {
			raw = "http://" + raw
		}
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" {
			return
		}
		d := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	for _, m := range bareURL.FindAllString(in.Comment, -1) {
		add(m)
	}
	for _, m := range wwwLink.FindAllString(in.Comment, -1) {
		add(strings.TrimLeftFunc(m, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	}
	if in.Website != "" {
		add(in.Website)
	}
	return out
}
