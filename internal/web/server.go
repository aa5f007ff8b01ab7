// Package web holds every HTTP surface of Masthead: the public site, its
// feeds, the JSON API, health and metrics. Routes are listed in routes.go.
package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/alexedwards/scs/v2"

	"github.com/masthead-news/masthead/internal/auth"
	"github.com/masthead-news/masthead/internal/cache"
	"github.com/masthead-news/masthead/internal/comment"
	"github.com/masthead-news/masthead/internal/ingest"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/views"
)

// pageTTL bounds how long a page stays cached when nothing changes.
const pageTTL = time.Hour

// DefaultCacheBytes is the page cache's default budget. Pages are kept
// gzipped, a few kilobytes each, so this holds about a thousand: a small
// site's front, sections, feeds and recent articles, in little memory. A
// large archive read at random wants more (--cache-mb).
const DefaultCacheBytes = 4 << 20

// Options configure a Server.
type Options struct {
	BaseURL   string // absolute, no trailing slash
	SiteTitle string
	Language  string // BCP 47, for <html lang> and feeds
	// CacheBytes bounds the page cache; 0 means DefaultCacheBytes.
	CacheBytes int64
	// Now tells the time; nil means time.Now. Tests move it.
	Now func() time.Time
	// CountViews counts article views (see CountViews and package views).
	CountViews bool
	// Ingester polls sources when an editor asks through the API; nil
	// when this server polls none.
	Ingester *ingest.Ingester
	// MediaDir is where uploaded images are kept (DATA/media); empty
	// refuses uploads.
	MediaDir string
	// Hasher hashes newsroom passwords; the zero value means
	// auth.DefaultHasher. Tests use a cheap one.
	Hasher auth.Hasher
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the reader's address (see clientIP); none when empty.
	TrustedProxies []netip.Prefix
}

// Server answers every HTTP request of the site. Make one with New.
type Server struct {
	store    store.Store
	comments *comment.Service
	log      *slog.Logger
	opts     Options
	baseURL  *url.URL
	now      func() time.Time

	pages        *cache.Pages
	renders      chan struct{} // a slot for each page rendered at once
	sectionsMemo sectionsMemo
	mostReadMemo mostReadMemo
	siteMemo     siteMemo
	zone         *zoneClock     // the site's time zone, for templates
	views        *views.Counter // nil when views are not counted
	sessions     *scs.SessionManager
	throttle     *auth.Throttle
	hasher       auth.Hasher
	uploads      uploads
	tpl          *templates
	assets       *assets
	metrics      *metrics
	handler      http.Handler
	// sitemapChunk is the most articles one sitemap lists: sitemapChunkSize,
	// lowered by tests.
	sitemapChunk int
}

// New builds the server, parsing and checking every template and asset, so a
// broken template fails start-up rather than a reader's request. Metrics are
// registered on reg.
func New(st store.Store, comments *comment.Service, log *slog.Logger, reg prometheus.Registerer, opts Options) (*Server, error) {
	base, err := url.Parse(opts.BaseURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("web: base URL %q is not absolute", opts.BaseURL)
	}
	if opts.Language == "" {
		opts.Language = "en"
	}
	if opts.SiteTitle == "" {
		opts.SiteTitle = "Masthead"
	}
	if opts.CacheBytes == 0 {
		opts.CacheBytes = DefaultCacheBytes
	}
	s := &Server{
		store:    st,
		comments: comments,
		log:      log,
		opts:     opts,
		baseURL:  base,
		now:      opts.Now,
		pages:    cache.New(opts.CacheBytes, pageTTL),
		renders:  make(chan struct{}, runtime.GOMAXPROCS(0)),

		sitemapChunk: sitemapChunkSize,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if opts.CountViews {
		s.views = views.New(s.now)
	}
	s.hasher = opts.Hasher
	if s.hasher == (auth.Hasher{}) {
		s.hasher = auth.DefaultHasher()
	}
	s.uploads = make(uploads, 1)
	s.sessions = newSessions(st, opts.BaseURL)
	s.throttle = auth.NewThrottle(st, s.now, auth.DefaultLimits())
	if s.assets, err = loadAssets(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.zone = &zoneClock{}
	if s.tpl, err = parseTemplates(s.assets, s.zone); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.metrics, err = newMetrics(reg, s.pages, st.Pools()); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// abs makes an absolute URL of a site path.
func (s *Server) abs(path string) string {
	base := s.site().base
	return base.Scheme + "://" + base.Host + path
}

// InvalidateCache drops every cached page, so the next request of each is
// rendered afresh. WatchChanges calls it on every change to the store.
func (s *Server) InvalidateCache() { s.pages.Invalidate() }
