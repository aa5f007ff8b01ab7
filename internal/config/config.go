// Package config holds the settings an operator gives Masthead on the command
// line or in MASTHEAD_* environment variables. A Config is built once in the
// cli package and passed down by value; nothing reads configuration globally.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// Config is what an operator can set. Every field has a flag and an
// environment variable; flags win over the environment, which wins over the
// defaults.
type Config struct {
	Addr    string // address serve listens on
	DataDir string // where the SQLite database and uploads live
	// Database names the database when it is not DATA/masthead.db:
	// "sqlite:PATH" or a plain path. PostgreSQL URLs come with that store.
	Database  string
	BaseURL   string // absolute URL readers reach the site at; no trailing slash
	Demo      bool   // fill an empty site with demo articles
	LogFormat string // "text" or "json"
	SiteTitle string
	CacheMB   int // page cache budget in MiB; 0 means the web server's default
	// DebugAddr, when set, serves Go's profiler (net/http/pprof) there: a
	// loopback address for operators, never the public one.
	DebugAddr string
	// CountViews counts article views as pages are served (no cookies, no
	// stored addresses); an operator may turn it off.
	CountViews bool
	// AllowPrivateFetch lets feeds and pages be fetched from loopback and
	// private addresses: for tests and intranet sources only, as it opens
	// the door to server-side request forgery.
	AllowPrivateFetch bool
	// Ingest makes serve poll the followed sources.
	Ingest bool
	// TrustedProxies lists the reverse proxies (addresses or CIDR
	// prefixes, comma-separated) whose X-Forwarded-For is believed; the
	// parsed form is Proxies.
	TrustedProxies string
	Proxies        []netip.Prefix
	// LeaderRetry is how often an instance that does not poll sources asks
	// whether it may, on a database shared by several instances: how soon
	// another takes over when the polling one dies. 0 leaves the store's
	// default (15 s).
	LeaderRetry time.Duration
}

// MinLeaderRetry is the shortest --leader-retry.
const MinLeaderRetry = 100 * time.Millisecond

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Addr:       "127.0.0.1:8080",
		DataDir:    "data",
		LogFormat:  "text",
		SiteTitle:  "Masthead",
		CountViews: true,
		Ingest:     true,
	}
}

// SiteURL is the base URL, or the one derived from addr, the address the
// server listens on (or would), when none was set.
func (c Config) SiteURL(addr string) string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Postgres reports whether the database is PostgreSQL (a postgres:// or
// postgresql:// URL) rather than an SQLite file.
func (c Config) Postgres() bool {
	return strings.HasPrefix(c.Database, "postgres://") || strings.HasPrefix(c.Database, "postgresql://")
}

// DatabasePath is the SQLite file: --database when given, else masthead.db
// inside the data directory.
func (c Config) DatabasePath() string {
	if c.Database != "" {
		return strings.TrimPrefix(c.Database, "sqlite:")
	}
	return filepath.Join(c.DataDir, "masthead.db")
}

// option ties a flag to its environment variable.
type option struct {
	flag, env, usage string
}

var (
	optAddr      = option{"addr", "MASTHEAD_ADDR", "address to listen on"}
	optData      = option{"data", "MASTHEAD_DATA", "data directory (SQLite database, uploads)"}
	optDatabase  = option{"database", "MASTHEAD_DATABASE_URL", "the database: sqlite:PATH (default DATA/masthead.db) or postgres://USER@HOST/DB"}
	optBaseURL   = option{"base-url", "MASTHEAD_BASE_URL", "absolute URL of the site, used in links, feeds and the API (default http://ADDR)"}
	optDemo      = option{"demo", "MASTHEAD_DEMO", "fill an empty site with demo articles"}
	optLogFormat = option{"log-format", "MASTHEAD_LOG_FORMAT", `log format: "text" or "json"`}
	optSiteTitle = option{"site-title", "MASTHEAD_SITE_TITLE", "the site's name, shown in the header and feeds"}
	optDebugAddr = option{"debug-addr", "MASTHEAD_DEBUG_ADDR", "serve Go's profiler (/debug/pprof/) on this address, e.g. 127.0.0.1:6060 (off when empty)"}
	optCacheMB   = option{"cache-mb", "MASTHEAD_CACHE_MB", "page cache budget in MiB of gzipped pages (0: 4)"}
	optPrivate   = option{"allow-private-fetch", "MASTHEAD_ALLOW_PRIVATE_FETCH", "allow fetching feeds and pages from loopback and private addresses (tests, intranet sources; off by default against server-side request forgery)"}
	optIngest    = option{"ingest", "MASTHEAD_INGEST", "poll the followed sources' feeds (false leaves it to another instance or to cron with 'masthead ingest --once')"}
	optProxies   = option{"trusted-proxies", "MASTHEAD_TRUSTED_PROXIES", "reverse proxies (addresses or CIDR prefixes, comma-separated) whose X-Forwarded-For names the reader's address; none by default"}
	optViews     = option{"count-views", "MASTHEAD_COUNT_VIEWS", "count article views (no cookies, no stored addresses); false turns it off"}
	optLeader    = option{"leader-retry", "MASTHEAD_LEADER_RETRY", "on PostgreSQL, how often an instance that does not poll sources asks to take over, and so how soon one does when the polling instance dies (0: 15s)"}
)

// Binder registers options on a flag set and, after parsing, fills in the
// ones the command line left unset from the environment.
type Binder struct {
	fs   *flag.FlagSet
	envs map[string]string // flag name → env variable
}

// NewBinder starts binding options of c to fs.
func NewBinder(fs *flag.FlagSet) *Binder {
	return &Binder{fs: fs, envs: map[string]string{}}
}

func (b *Binder) usage(o option) string {
	b.envs[o.flag] = o.env
	return fmt.Sprintf("%s (env %s)", o.usage, o.env)
}

// Data registers the flags every subcommand that opens the database takes.
func (b *Binder) Data(c *Config) {
	b.fs.StringVar(&c.DataDir, optData.flag, c.DataDir, b.usage(optData))
	b.fs.StringVar(&c.Database, optDatabase.flag, c.Database, b.usage(optDatabase))
	b.fs.StringVar(&c.BaseURL, optBaseURL.flag, c.BaseURL, b.usage(optBaseURL))
	b.fs.StringVar(&c.Addr, optAddr.flag, c.Addr, b.usage(optAddr))
	b.fs.StringVar(&c.LogFormat, optLogFormat.flag, c.LogFormat, b.usage(optLogFormat))
}

// Serve registers the flags only serve takes.
func (b *Binder) Serve(c *Config) {
	b.fs.BoolVar(&c.Demo, optDemo.flag, c.Demo, b.usage(optDemo))
	b.fs.StringVar(&c.SiteTitle, optSiteTitle.flag, c.SiteTitle, b.usage(optSiteTitle))
	b.fs.IntVar(&c.CacheMB, optCacheMB.flag, c.CacheMB, b.usage(optCacheMB))
	b.fs.StringVar(&c.DebugAddr, optDebugAddr.flag, c.DebugAddr, b.usage(optDebugAddr))
	b.fs.BoolVar(&c.CountViews, optViews.flag, c.CountViews, b.usage(optViews))
	b.fs.BoolVar(&c.Ingest, optIngest.flag, c.Ingest, b.usage(optIngest))
	b.fs.StringVar(&c.TrustedProxies, optProxies.flag, c.TrustedProxies, b.usage(optProxies))
	b.fs.DurationVar(&c.LeaderRetry, optLeader.flag, c.LeaderRetry, b.usage(optLeader))
	b.Fetch(c)
}

// Fetch registers the flags of commands that fetch from other sites.
func (b *Binder) Fetch(c *Config) {
	b.fs.BoolVar(&c.AllowPrivateFetch, optPrivate.flag, c.AllowPrivateFetch, b.usage(optPrivate))
}

// Parse parses args, applies the environment (through getenv) to flags the
// command line did not set, and validates the result.
func (b *Binder) Parse(c *Config, args []string, getenv func(string) string) error {
	if err := b.fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	b.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for name, env := range b.envs {
		v := getenv(env)
		if set[name] || v == "" {
			continue
		}
		if err := b.fs.Set(name, v); err != nil {
			return fmt.Errorf("%s=%q: %w", env, v, err)
		}
	}
	return c.normalise()
}

// normalise fills derived defaults and reports every problem at once.
func (c *Config) normalise() error {
	var errs []error
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data: the data directory must not be empty"))
	}
	if c.CacheMB < 0 || c.CacheMB > 64<<10 {
		errs = append(errs, fmt.Errorf("--cache-mb %d: want 0 to 65536", c.CacheMB))
	}
	if c.LeaderRetry != 0 && c.LeaderRetry < MinLeaderRetry {
		// Every retry is a query on the shared database.
		errs = append(errs, fmt.Errorf("--leader-retry %v: want 0 (the default) or at least %v", c.LeaderRetry, MinLeaderRetry))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	if strings.Contains(c.Database, "://") && !c.Postgres() {
		errs = append(errs, fmt.Errorf("--database %q: want sqlite:PATH, a file path, or a postgres:// URL", c.Database))
	}
	proxies, err := parseProxies(c.TrustedProxies)
	if err != nil {
		errs = append(errs, fmt.Errorf("--trusted-proxies %q: %w", c.TrustedProxies, err))
	}
	c.Proxies = proxies
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr %q: want HOST:PORT", c.Addr))
	}
	if c.BaseURL == "" {
		// Left empty, serve derives it from the address it really listens
		// on (which differs from Addr when the port is 0).
		return errors.Join(errs...)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		errs = append(errs, fmt.Errorf("--base-url %q: want an absolute http(s) URL such as https://news.example.com", c.BaseURL))
	} else if u.Path != "" && u.Path != "/" {
		// Serving under a sub-path would need every route prefixed; a site
		// runs on its own host (or behind a proxy that strips the prefix).
		errs = append(errs, fmt.Errorf("--base-url %q: must not have a path", c.BaseURL))
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return errors.Join(errs...)
}
