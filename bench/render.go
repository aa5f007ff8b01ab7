package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/masthead-news/masthead/internal/cache"
	"github.com/masthead-news/masthead/internal/comment"
	"github.com/masthead-news/masthead/internal/store/sqlite"
	"github.com/masthead-news/masthead/internal/web"
)

// renderResult is the in-process cost of the article page.
type renderResult struct {
	uncached, cached testing.BenchmarkResult
	// Parts of an uncached request, measured alone, to show where the time
	// goes: the store queries the handler makes, and the page cache's
	// preparation of the rendered body (hash and gzip).
	queries, newPage testing.BenchmarkResult
	pageBytes        int // the uncompressed page
}

// runRender measures the article page in-process with testing.Benchmark:
// rendered from the database every time (the cache dropped before each
// request), and served from the page cache.
func runRender(b *bench) error {
	ctx := b.ctx
	st, err := sqlite.Open(ctx, filepath.Join(b.article.dir, "masthead.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	comments, err := comment.NewService(ctx, st, nil)
	if err != nil {
		return err
	}
	srv, err := web.New(st, comments, log, prometheus.NewRegistry(), web.Options{BaseURL: "http://127.0.0.1:8080", SiteTitle: "Masthead"})
	if err != nil {
		return err
	}

	req := httptest.NewRequest(http.MethodGet, b.article.path, nil)
	req.Header.Set("Accept-Encoding", "gzip") // as the load sends
	plain := httptest.NewRequest(http.MethodGet, b.article.path, nil)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, plain)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET %s in-process: status %d", b.article.path, rec.Code)
	}
	page, ctype := rec.Body.Bytes(), rec.Header().Get("Content-Type")
	res := &renderResult{pageBytes: len(page)}
	b.rep.render = res

	logf("benchmark uncached render")
	stopProfile, err := startProfile(b.opts.cpuProfile)
	if err != nil {
		return err
	}
	res.uncached = testing.Benchmark(func(tb *testing.B) {
		tb.ReportAllocs()
		for range tb.N {
			srv.InvalidateCache()
			srv.ServeHTTP(httptest.NewRecorder(), req)
		}
	})
	if err := errors.Join(stopProfile(), ctx.Err()); err != nil {
		return err
	}
	// A hit writes a 27 KB body in a few microseconds; growing a recorder's
	// buffer to hold it would cost ten times that, so hits are written to a
	// writer that drops the body.
	logf("benchmark cached hit")
	res.cached = testing.Benchmark(func(tb *testing.B) {
		tb.ReportAllocs()
		for range tb.N {
			srv.ServeHTTP(&discardWriter{header: http.Header{}}, req)
		}
	})

	logf("benchmark the parts of a miss")
	slugName := filepath.Base(b.article.path)
	// B.Fatal needs the test framework, which a plain program lacks: the
	// loop keeps its error and stops instead.
	var queryErr error
	res.queries = testing.Benchmark(func(tb *testing.B) {
		tb.ReportAllocs()
		for range tb.N {
			if queryErr != nil {
				return
			}
			a, err := st.ArticleBySlug(ctx, slugName)
			if err == nil {
				_, err = st.ApprovedComments(ctx, a.ID)
			}
			if err == nil {
				_, err = st.Sections(ctx, time.Now())
			}
			queryErr = err
		}
	})
	if err := errors.Join(ctx.Err(), queryErr); err != nil {
		return err
	}
	res.newPage = testing.Benchmark(func(tb *testing.B) {
		tb.ReportAllocs()
		for range tb.N {
			cache.NewPage(ctype, page)
		}
	})
	return ctx.Err()
}

// startProfile starts a CPU profile into path, if one is asked for.
func startProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		logf("CPU profile written to %s (go tool pprof %s)", path, path)
		return f.Close()
	}, nil
}

// discardWriter is a ResponseWriter that keeps the header and drops the body.
type discardWriter struct{ header http.Header }

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}
