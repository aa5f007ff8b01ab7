package web

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

// Settings keys of the site's identity, editable on the admin's settings
// page. Unset, the values given to serve apply.
const (
	settingSiteTitle       = "site.title"
	settingSiteDescription = "site.description"
	settingSiteLanguage    = "site.language"
	settingSiteTimeZone    = "site.time_zone"
	settingSiteBaseURL     = "site.base_url"
	settingSiteLogo        = "site.logo" // an uploaded image's ID
)

// siteInfo is the site's identity as pages show it.
type siteInfo struct {
	Title, Description, Language string
	TimeZone                     string // IANA name; "" for UTC
	BaseURL                      string // absolute, no trailing slash
	Logo                         *masthead.Image

	zone *time.Location
	base *url.URL
}

// zoneClock tells templates the site's time zone, which may change while
// the server runs; templates are parsed once, so they read it from here.
type zoneClock struct{ loc atomic.Pointer[time.Location] }

func (z *zoneClock) in(t time.Time) time.Time {
	if loc := z.loc.Load(); loc != nil {
		return t.In(loc)
	}
	return t.UTC()
}

// siteMemo keeps the identity for one generation of the page cache: a
// settings write bumps the change version, which drops cached pages and so
// starts a new generation.
type siteMemo struct {
	mu   sync.Mutex
	gen  uint64
	ok   bool
	info siteInfo
}

// site returns the site's identity: the settings, else serve's options.
// If the store fails, the options serve.
func (s *Server) site() siteInfo {
	gen := s.pages.Generation()
	m := &s.siteMemo
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ok && m.gen == gen {
		return m.info
	}
	info := siteInfo{Title: s.opts.SiteTitle, Language: s.opts.Language, BaseURL: s.opts.BaseURL, zone: time.UTC, base: s.baseURL}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	set, err := s.store.Settings(ctx)
	if err != nil {
		s.log.Error("site settings", "err", err)
		return info
	}
	if v := set[settingSiteTitle]; v != "" {
		info.Title = v
	}
	if v := set[settingSiteLanguage]; v != "" {
		info.Language = v
	}
	info.Description = set[settingSiteDescription]
	if v := set[settingSiteTimeZone]; v != "" {
		if loc, err := time.LoadLocation(v); err == nil {
			info.TimeZone, info.zone = v, loc
		}
	}
	if v := set[settingSiteBaseURL]; v != "" {
		if u, err := parseBaseURL(v); err == nil {
			info.BaseURL, info.base = v, u
		}
	}
	if id, err := strconv.ParseInt(set[settingSiteLogo], 10, 64); err == nil {
		if im, err := s.store.Image(ctx, id); err == nil {
			info.Logo = im
		}
	}
	s.zone.loc.Store(info.zone)
	m.gen, m.ok, m.info = gen, true, info
	return info
}

// parseBaseURL checks a base URL as --base-url is checked: absolute http(s),
// no path, query or fragment.
func parseBaseURL(v string) (*url.URL, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, masthead.Errorf(masthead.EINVALID, "Give an absolute address such as https://news.example.com, without a path.")
	}
	return u, nil
}

// languageTag is a BCP 47 language tag of the common shapes: en, en-GB,
// uk, zh-Hant.
var languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$`)

// setSite stores the identity settings after checking them, and returns
// the problem of each field it refused.
func (s *Server) setSite(ctx context.Context, in siteInfo) (map[string]string, error) {
	title, description, language := strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), strings.TrimSpace(in.Language)
	zone, base := strings.TrimSpace(in.TimeZone), strings.TrimRight(strings.TrimSpace(in.BaseURL), "/")
	errs := map[string]string{}
	if zone != "" {
		if _, err := time.LoadLocation(zone); err != nil || zone == "Local" {
			errs[settingSiteTimeZone] = "Give a time zone such as Europe/Kyiv or UTC."
		}
	}
	if _, err := parseBaseURL(base); err != nil {
		errs[settingSiteBaseURL] = masthead.ErrorMessage(err)
	}
	if title == "" || utf8.RuneCountInString(title) > masthead.MaxNameLen {
		errs[settingSiteTitle] = "Give the site a name of 1 to 100 characters."
	}
	if utf8.RuneCountInString(description) > 300 {
		errs[settingSiteDescription] = "Keep the description to 300 characters."
	}
	if !languageTag.MatchString(language) {
		errs[settingSiteLanguage] = "Give a language tag such as en, en-GB or uk."
	}
	if len(errs) > 0 {
		return errs, nil
	}
	for k, v := range map[string]string{settingSiteTitle: title, settingSiteDescription: description, settingSiteLanguage: language,
		settingSiteTimeZone: zone, settingSiteBaseURL: base} {
		if err := s.store.SetSetting(ctx, k, v); err != nil {
			return nil, err
		}
	}
	return nil, nil
}
