package comment

import (
	"context"
	"encoding/hex"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

// Setting keys, as stored and as typed in `masthead settings set`.
const (
	SettingModeration          = "comments.moderation"
	SettingMaxDepth            = "comments.max_depth"
	SettingCloseAfterDays      = "comments.close_after_days"
	SettingRatePerMinute       = "comments.rate_per_minute"
	SettingArticleRate         = "comments.article_rate_per_minute"
	SettingMinSeconds          = "comments.min_seconds"
	SettingBlockedWords        = "comments.blocklist.words"
	SettingBlockedIPs          = "comments.blocklist.ips"
	SettingBlockedEmailDomains = "comments.blocklist.email_domains"
)

// secretKey holds the HMAC secret in hex. It is not a comment setting: it is
// never listed, shown or set through SetSetting.
const secretKey = "secret.comments"

// settingsTTL is how long Settings trusts what it read: a change made by
// another process (the CLI) applies within this long.
const settingsTTL = time.Second

// Bounds on settings. Blocklists are matched on every post, so they are
// kept to a size an editor can still read.
const (
	maxListEntries = 2000
	maxEntryLen    = 200
)

// setting describes one key: how to check and normalise typed text, and how
// to move it in and out of masthead.CommentSettings.
type setting struct {
	key string
	// normalize returns the canonical text of v, or an error for the editor.
	normalize func(v string) (string, error)
	// apply sets the field from canonical text.
	apply func(set *masthead.CommentSettings, v string)
	// format renders the field as canonical text.
	format func(set masthead.CommentSettings) string
}

var settings = []setting{
	{
		key: SettingModeration,
		normalize: func(v string) (string, error) {
			v = strings.ToLower(strings.TrimSpace(v))
			switch v {
			case masthead.ModerateAll, masthead.ModerateFirstTime, masthead.ModerateNone:
				return v, nil
			}
			return "", masthead.Errorf(masthead.EINVALID,
				"%s must be %s (every comment waits for a moderator), %s (only people with no approved comment yet wait) or %s (publish at once unless spam is suspected), not %q",
				SettingModeration, masthead.ModerateAll, masthead.ModerateFirstTime, masthead.ModerateNone, v)
		},
		apply:  func(set *masthead.CommentSettings, v string) { set.Moderation = v },
		format: func(set masthead.CommentSettings) string { return set.Moderation },
	},
	intSetting(SettingMaxDepth, 1, 20, "levels of replies (1: no replies to replies)",
		func(set *masthead.CommentSettings) *int { return &set.MaxDepth }),
	intSetting(SettingCloseAfterDays, 0, 36500, "days after publication (0: never close)",
		func(set *masthead.CommentSettings) *int { return &set.CloseAfterDays }),
	intSetting(SettingRatePerMinute, 0, 1000, "comments per address per minute (0: no limit)",
		func(set *masthead.CommentSettings) *int { return &set.RatePerMinute }),
	intSetting(SettingArticleRate, 0, 100000, "comments per article per minute from everyone (0: no limit)",
		func(set *masthead.CommentSettings) *int { return &set.ArticleRatePerMinute }),
	// Form tokens live a day, so a longer wait could never be met.
	intSetting(SettingMinSeconds, 0, 3600, "seconds between showing the form and accepting it (0: no wait)",
		func(set *masthead.CommentSettings) *int { return &set.MinSeconds }),
	listSetting(SettingBlockedWords, normalizeWord,
		func(set *masthead.CommentSettings) *[]string { return &set.BlockedWords }),
	listSetting(SettingBlockedIPs, normalizeIP,
		func(set *masthead.CommentSettings) *[]string { return &set.BlockedIPs }),
	listSetting(SettingBlockedEmailDomains, normalizeDomain,
		func(set *masthead.CommentSettings) *[]string { return &set.BlockedEmailDomains }),
}

// KnownSettings lists the comment setting keys.
func KnownSettings() []string {
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.key
	}
	return keys
}

func findSetting(key string) (setting, bool) {
	for _, s := range settings {
		if s.key == key {
			return s, true
		}
	}
	return setting{}, false
}

func intSetting(key string, lo, hi int, unit string, field func(*masthead.CommentSettings) *int) setting {
	return setting{
		key: key,
		normalize: func(v string) (string, error) {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < lo || n > hi {
				return "", masthead.Errorf(masthead.EINVALID,
					"%s must be a whole number from %d to %d, in %s, not %q", key, lo, hi, unit, v)
			}
			return strconv.Itoa(n), nil
		},
		apply: func(set *masthead.CommentSettings, v string) {
			n, _ := strconv.Atoi(v) // v is canonical
			*field(set) = n
		},
		format: func(set masthead.CommentSettings) string { return strconv.Itoa(*field(&set)) },
	}
}

// listSetting is a blocklist typed as comma- or newline-separated entries
// and kept canonical, deduplicated and comma-separated.
func listSetting(key string, entry func(string) (string, error), field func(*masthead.CommentSettings) *[]string) setting {
	return setting{
		key: key,
		normalize: func(v string) (string, error) {
			if !utf8.ValidString(v) {
				return "", masthead.Errorf(masthead.EINVALID, "%s is not valid UTF-8 text", key)
			}
			var out []string
			for _, e := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
				e = strings.TrimSpace(e)
				if e == "" {
					continue
				}
				if utf8.RuneCountInString(e) > maxEntryLen {
					return "", masthead.Errorf(masthead.EINVALID, "%s: the entry %.40q… is longer than %d characters", key, e, maxEntryLen)
				}
				n, err := entry(e)
				if err != nil {
					return "", masthead.Errorf(masthead.EINVALID, "%s: %v", key, err)
				}
				if !slices.Contains(out, n) {
					out = append(out, n)
				}
			}
			if len(out) > maxListEntries {
				return "", masthead.Errorf(masthead.EINVALID, "%s may have at most %d entries, not %d", key, maxListEntries, len(out))
			}
			return strings.Join(out, ", "), nil
		},
		apply: func(set *masthead.CommentSettings, v string) {
			var list []string
			for _, e := range strings.Split(v, ",") {
				if e = strings.TrimSpace(e); e != "" {
					list = append(list, e)
				}
			}
			*field(set) = list
		},
		format: func(set masthead.CommentSettings) string { return strings.Join(*field(&set), ", ") },
	}
}

// normalizeWord lower-cases a blocked word or phrase and joins its words with
// single spaces. It must have a letter or digit, or whole-word matching
// would make no sense.
func normalizeWord(e string) (string, error) {
	e = strings.Join(strings.Fields(strings.ToLower(e)), " ")
	if strings.IndexFunc(e, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return "", fmt.Errorf("%q has no letters or digits", e)
	}
	return e, nil
}

// normalizeIP accepts an address or a CIDR range and writes it canonically;
// IPv4 written as IPv6 (::ffff:192.0.2.1) becomes plain IPv4, as addresses
// are compared that way.
func normalizeIP(e string) (string, error) {
	if p, ok := parseIPEntry(e); ok {
		if p.IsSingleIP() {
			return p.Addr().String(), nil
		}
		return p.String(), nil
	}
	return "", fmt.Errorf("%q is not an IP address or a CIDR range such as 192.0.2.0/24 or 2001:db8::/32", e)
}

func parseIPEntry(e string) (netip.Prefix, bool) {
	if a, err := netip.ParseAddr(e); err == nil && a.Zone() == "" {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(e)
	if err != nil {
		return netip.Prefix{}, false
	}
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), true
}

// normalizeDomain accepts a mail domain, also written "@domain" or
// "*.domain"; it blocks the domain and every subdomain of it.
func normalizeDomain(e string) (string, error) {
	d := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(e), "@"), "*.")
	if !validDomain(d, 1) {
		return "", fmt.Errorf("%q is not a mail domain such as example.com", e)
	}
	return d, nil
}

// snapshot is what the service read from the store at one time. It is never
// changed after it is made, so requests share it without locking.
type snapshot struct {
	loaded time.Time
	set    masthead.CommentSettings
	values map[string]string // canonical text of every known key
	secret []byte
	ipNets []netip.Prefix // set.BlockedIPs, parsed
}

func (sn *snapshot) fresh(now time.Time) bool {
	return !sn.loaded.IsZero() && !now.Before(sn.loaded) && now.Sub(sn.loaded) < settingsTTL
}

// parseSnapshot builds a snapshot from stored settings. A stored value that
// is not valid (written around SetSetting) counts as missing, so a typo in
// the database cannot stop comments; SetSetting never stores one. The secret
// is kept from prev when the store has no usable one.
func parseSnapshot(stored map[string]string, prev []byte, now time.Time) *snapshot {
	sn := &snapshot{loaded: now, set: masthead.DefaultCommentSettings(), values: map[string]string{}}
	for _, s := range settings {
		if v, ok := stored[s.key]; ok {
			if n, err := s.normalize(v); err == nil {
				s.apply(&sn.set, n)
			}
		}
		sn.values[s.key] = s.format(sn.set)
	}
	for _, e := range sn.set.BlockedIPs {
		if p, ok := parseIPEntry(e); ok {
			sn.ipNets = append(sn.ipNets, p)
		}
	}
	sn.secret = prev
	if b, ok := decodeSecret(stored[secretKey]); ok {
		sn.secret = b
	}
	return sn
}

func decodeSecret(v string) ([]byte, bool) {
	b, err := hex.DecodeString(strings.TrimSpace(v))
	return b, err == nil && len(b) >= secretLen
}

// current returns settings no older than settingsTTL, reading the store
// when they are. One caller reads while the others wait for its result,
// so a burst of posts costs one query a second.
func (s *Service) current(ctx context.Context) (*snapshot, error) {
	now := s.now()
	if sn := s.snap.Load(); sn.fresh(now) {
		return sn, nil
	}
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	prev := s.snap.Load()
	if prev.fresh(now) {
		return prev, nil
	}
	stored, err := s.st.Settings(ctx)
	if err != nil {
		return nil, fmt.Errorf("read comment settings: %w", err)
	}
	sn := parseSnapshot(stored, prev.secret, s.now())
	s.snap.Store(sn)
	return sn, nil
}

// Settings returns the comment rules, at most a second old.
func (s *Service) Settings(ctx context.Context) (masthead.CommentSettings, error) {
	sn, err := s.current(ctx)
	if err != nil {
		return masthead.CommentSettings{}, err
	}
	set := sn.set
	// The snapshot is shared; callers get lists of their own.
	set.BlockedWords = slices.Clone(set.BlockedWords)
	set.BlockedIPs = slices.Clone(set.BlockedIPs)
	set.BlockedEmailDomains = slices.Clone(set.BlockedEmailDomains)
	return set, nil
}

// SettingValues returns every comment setting as canonical text, defaults
// filled in. The secret is not among them.
func (s *Service) SettingValues(ctx context.Context) (map[string]string, error) {
	sn, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return maps.Clone(sn.values), nil
}

// SetSetting checks value for key and stores its canonical form. It returns
// EINVALID naming the key and what it allows, or listing the known keys.
// The change applies here at once and in other processes within a second.
func (s *Service) SetSetting(ctx context.Context, key, value string) error {
	def, ok := findSetting(strings.TrimSpace(key))
	if !ok {
		return masthead.Errorf(masthead.EINVALID, "unknown setting %q (known settings: %s)", key, strings.Join(KnownSettings(), ", "))
	}
	v, err := def.normalize(value)
	if err != nil {
		return err
	}
	if err := s.st.SetSetting(ctx, def.key, v); err != nil {
		return fmt.Errorf("set %s: %w", def.key, err)
	}
	s.invalidate()
	return nil
}

// invalidate makes the next read go to the store.
func (s *Service) invalidate() {
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	stale := *s.snap.Load()
	stale.loaded = time.Time{}
	s.snap.Store(&stale)
}
