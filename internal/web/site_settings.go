package web

import (
	"context"
	"regexp"
	"strings"
	"sync"
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
)

// siteInfo is the site's identity as pages show it.
type siteInfo struct {
	Title, Description, Language string
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
	info := siteInfo{Title: s.opts.SiteTitle, Language: s.opts.Language}
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
	m.gen, m.ok, m.info = gen, true, info
	return info
}

// languageTag is a BCP 47 language tag of the common shapes: en, en-GB,
// uk, zh-Hant.
var languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$`)

// setSite stores the identity settings after checking them, and returns
// the problem of each field it refused.
func (s *Server) setSite(ctx context.Context, title, description, language string) (map[string]string, error) {
	title, description, language = strings.TrimSpace(title), strings.TrimSpace(description), strings.TrimSpace(language)
	errs := map[string]string{}
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
	for k, v := range map[string]string{settingSiteTitle: title, settingSiteDescription: description, settingSiteLanguage: language} {
		if err := s.store.SetSetting(ctx, k, v); err != nil {
			return nil, err
		}
	}
	return nil, nil
}
