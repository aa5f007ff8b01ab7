package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/masthead-news/masthead/internal/comment"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/ingest"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/web"
)

// shutdownGrace is how long in-flight requests get to finish on shutdown.
const shutdownGrace = 10 * time.Second

func runServe(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	fs := newFlagSet(env, "serve", "[flags]", "Runs the site until interrupted (Ctrl-C or SIGTERM), then finishes in-flight requests and closes the database.")
	b := config.NewBinder(fs)
	b.Data(&cfg)
	b.Serve(&cfg)
	if err := parseFlags(b, &cfg, args, env); err != nil {
		return err
	}
	log := newLogger(cfg.LogFormat, env.Stderr)
	limitMemory(cfg, env)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	app, err := NewApp(ctx, cfg, log, ln)
	if err != nil {
		ln.Close()
		return err
	}
	log.Info("serving", slog.String("url", app.URL()), slog.String("data", cfg.DataDir))
	if cfg.DebugAddr != "" {
		if err := serveDebug(ctx, cfg.DebugAddr, log); err != nil {
			return err
		}
	}
	return app.Run(ctx)
}

// App is a running site: the store, the web server and its background loops.
// Tests start one in-process on a free port with NewApp and Run.
type App struct {
	cfg   config.Config
	log   *slog.Logger
	store store.Store
	web   *web.Server
	// ingester polls the followed sources.
	ingester *ingest.Ingester
	http     *http.Server
	ln       net.Listener
	url      string
}

// NewApp opens the store (filling it with demo articles when cfg.Demo is set
// and the site is empty) and prepares to serve on ln. The App owns ln.
func NewApp(ctx context.Context, cfg config.Config, log *slog.Logger, ln net.Listener) (*App, error) {
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: log, store: st, ln: ln, url: cfg.SiteURL(ln.Addr().String())}
	if cfg.Demo {
		n, err := seedDemo(ctx, st, time.Now())
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("demo articles: %w", err)
		}
		if n > 0 {
			log.Info("added demo articles", slog.Int("count", n))
		}
	}
	if n, err := st.CountUsers(ctx); err == nil && n == 0 {
		log.Info("no newsroom accounts yet; create the first admin with: masthead user add --email YOU@EXAMPLE.COM --name \"YOUR NAME\" --role admin",
			slog.String("admin", a.url+"/admin/"))
	}
	comments, err := comment.NewService(ctx, st, nil)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("comment service: %w", err)
	}
	// The ingester answers editors' "fetch now" through the API even when
	// this instance leaves polling to another (--ingest=false).
	a.ingester, err = ingest.New(st, log, ingest.Options{UserAgent: userAgent(a.url), AllowPrivate: cfg.AllowPrivateFetch})
	if err != nil {
		st.Close()
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.web, err = web.New(st, comments, log, reg, web.Options{
		BaseURL: a.url, SiteTitle: cfg.SiteTitle, CacheBytes: int64(cfg.CacheMB) << 20, CountViews: cfg.CountViews,
		Ingester:       a.ingester,
		MediaDir:       filepath.Join(cfg.DataDir, "media"),
		TrustedProxies: cfg.Proxies,
	})
	if err != nil {
		st.Close()
		return nil, err
	}
	a.http = &http.Server{
		Handler: a.web,
		// Timeouts keep slow or idle clients from holding connections open.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return a, nil
}

// URL is the site's base URL.
func (a *App) URL() string { return a.url }

// Run serves until ctx is done, then lets in-flight requests finish, stops
// the background loops and closes the store. It returns nil after a clean
// shutdown.
func (a *App) Run(ctx context.Context) error {
	loops, stopLoops := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.web.WatchChanges(loops)
	}()
	wg.Go(func() { a.web.CountViews(loops) })
	if a.cfg.Ingest {
		// On a database shared by several instances, one polls sources
		// at a time; it hands over when it stops or dies.
		if leader, ok := a.store.(store.Leader); ok {
			wg.Go(func() { leader.RunAsLeader(loops, "ingest", a.ingester.Run) })
		} else {
			wg.Go(func() { a.ingester.Run(loops) })
		}
	}
	// Changes made through other instances drop this one's cached pages as
	// they commit; polling the change version stays as the fallback.
	if n, ok := a.store.(store.Notifier); ok {
		wg.Go(func() {
			n.ListenChanges(loops, a.web.InvalidateCache, func(err error) {
				a.log.Warn("listening for changes", slog.Any("err", err))
			})
		})
	}
	wg.Go(func() { a.web.PruneSessions(loops, time.Hour) })

	served := make(chan error, 1)
	go func() { served <- a.http.Serve(a.ln) }()

	var err error
	select {
	case err = <-served: // the listener failed
	case <-ctx.Done():
		a.log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		err = a.http.Shutdown(sctx)
		cancel()
		<-served
	}
	stopLoops()
	wg.Wait()
	if cerr := a.store.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("close database: %w", cerr))
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err == nil {
		a.log.Info("stopped")
	}
	return err
}

// serveDebug serves Go's profiler on addr until ctx ends. It is its own
// server so the profiler is never reachable through the site's address.
func serveDebug(ctx context.Context, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on --debug-addr %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	log.Info("profiler", slog.String("url", "http://"+ln.Addr().String()+"/debug/pprof/"))
	return nil
}

// limitMemory gives the Go runtime a soft memory limit, unless the operator
// set one (GOMEMLIMIT): what is live once the program has started, plus
// the page cache's budget twice, plus room for the rest of a busy server.
// Near the limit the collector runs more often rather than let the heap
// grow to twice what is live, which keeps a small site's server small. The
// limit must start above what the packages' own data keep live (the date
// parser under the article extractor holds some 27 MB): below it the
// collector would run without end, and every request pay for it.
func limitMemory(cfg config.Config, env Env) {
	if env.Getenv("GOMEMLIMIT") != "" {
		return
	}
	cache := int64(cfg.CacheMB) << 20
	if cache == 0 {
		cache = web.DefaultCacheBytes
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	debug.SetMemoryLimit(int64(m.HeapAlloc) + 2*cache + 48<<20)
}
