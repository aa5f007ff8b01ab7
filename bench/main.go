// Command bench measures Masthead on the machine it runs on: article page
// throughput against a minimal net/http baseline serving the same bytes, the
// cost of rendering an article page uncached, resident memory while serving
// a site of many articles, comments posted through the article's form
// into SQLite, search and sitemap latency on a site of 100,000 articles, and
// three instances on one PostgreSQL database against one on SQLite. It prints a Markdown table and a plain
// summary to standard output. Run it from the repository root:
//
//	go run ./bench [-duration 10s] [-only throughput|render|memory|comments|search|cluster] [-articles 10000] [-search-articles 100000] [-search-data DIR] [-pg URL]
//
// The servers under load run as separate processes (the real masthead binary,
// and this binary re-executed as the baseline), so their CPU and memory are
// their own; the load generator is this process.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// options are the command-line flags.
type options struct {
	duration   time.Duration
	only       string
	articles   int
	rounds     int // baseline-then-masthead rounds in the throughput part
	conns      int
	cpuProfile string
	srvProfile string   // CPU profile of masthead in the throughput part
	serverEnv  []string // KEY=VALUE pairs for the masthead subprocesses

	searchArticles int    // articles in the search part's site
	searchData     string // where the search part keeps its site, to reuse it

	pg string // PostgreSQL server for the cluster part; none skips it
}

// pgVariable names the environment variable that gives -pg its default: the
// one the PostgreSQL tests use.
const pgVariable = "MASTHEAD_TEST_POSTGRES"

// Load shape shared by every part.
const (
	warmup = time.Second
	conns  = 32
)

func main() {
	// The baseline server is this same binary, started with a hidden first
	// argument; it is kept out of the flag set so -h does not show it.
	if len(os.Args) > 1 && os.Args[1] == baselineArg {
		os.Exit(runBaselineServer(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == profiledArg {
		os.Exit(runProfiledServer(os.Args[2:]))
	}

	var o options
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured load per run (after a 1s warm-up)")
	flag.StringVar(&o.only, "only", "", "run one part: throughput, render, memory, comments, search or cluster (default all)")
	flag.IntVar(&o.articles, "articles", 10000, "articles in the memory part's site")
	flag.IntVar(&o.searchArticles, "search-articles", 100000, "articles in the search part's site")
	flag.StringVar(&o.searchData, "search-data", "", "`dir` for the search part's site: created there if absent, reused if present (default: a temp dir, removed)")
	flag.IntVar(&o.rounds, "rounds", 2, "throughput rounds, each a baseline run then a masthead run")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the uncached render loop to `file`")
	flag.StringVar(&o.srvProfile, "serverprofile", "", "in the throughput part (or the comments part with -only comments), run masthead as an in-process copy of `masthead serve` in a subprocess and write its CPU profile to `file`")
	flag.StringVar(&o.pg, "pg", os.Getenv(pgVariable), "PostgreSQL server for the cluster part: a postgres:// `URL` whose user may create databases (default $"+pgVariable+"; without one the part is skipped)")
	serverEnv := flag.String("server-env", "", "comma-separated `KEY=VALUE` pairs added to masthead's environment, to try runtime settings (e.g. GOMEMLIMIT=40MiB)")
	flag.Parse()
	if *serverEnv != "" {
		o.serverEnv = strings.Split(*serverEnv, ",")
	}
	o.conns = conns
	switch o.only {
	case "", "throughput", "render", "memory", "comments", "search", "cluster":
	default:
		fmt.Fprintf(os.Stderr, "bench: -only %q: want throughput, render, memory, comments, search or cluster\n", o.only)
		os.Exit(2)
	}
	if o.only == "cluster" && o.pg == "" {
		fmt.Fprintf(os.Stderr, "bench: -only cluster needs a PostgreSQL server: -pg URL or %s\n", pgVariable)
		os.Exit(2)
	}
	if o.duration <= 0 || o.articles < 1 || o.rounds < 1 {
		fmt.Fprintln(os.Stderr, "bench: -duration, -articles and -rounds must be positive")
		os.Exit(2)
	}

	// Ctrl-C cancels ctx; every part stops its load and returns, and the
	// deferred clean-ups stop the servers and remove the temp dirs.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	rep := newReport(o)
	err := run(ctx, o, rep)
	stop()
	rep.print(os.Stdout)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(os.Stderr, "bench: interrupted")
		} else {
			fmt.Fprintln(os.Stderr, "bench: FAIL:", err)
		}
		os.Exit(1)
	}
}

// run runs the selected parts, recording into rep. Everything it starts is
// undone before it returns, whatever happened.
func run(ctx context.Context, o options, rep *report) (err error) {
	var cl cleanups
	defer func() { err = errors.Join(err, cl.run()) }()

	tmp, err := os.MkdirTemp("", "masthead-bench-")
	if err != nil {
		return err
	}
	cl.add(func() error { return os.RemoveAll(tmp) })

	env := &bench{ctx: ctx, opts: o, tmp: tmp, rep: rep, cl: &cl}
	want := func(part string) bool { return o.only == "" || o.only == part }

	if want("throughput") || want("render") {
		logf("creating the article with 200 comments")
		if env.article, err = makeArticleSite(ctx, tmp); err != nil {
			return fmt.Errorf("article fixture: %w", err)
		}
	}
	if want("throughput") {
		if err := runThroughput(env); err != nil {
			return fmt.Errorf("throughput: %w", err)
		}
	}
	if want("render") {
		if err := runRender(env); err != nil {
			return fmt.Errorf("render: %w", err)
		}
	}
	if want("memory") {
		if err := runMemory(env); err != nil {
			return fmt.Errorf("memory: %w", err)
		}
	}
	if want("comments") {
		if err := runComments(env); err != nil {
			return fmt.Errorf("comments: %w", err)
		}
	}
	if want("search") {
		if err := runSearch(env); err != nil {
			return fmt.Errorf("search: %w", err)
		}
	}
	if want("cluster") {
		if o.pg == "" {
			rep.clusterSkipped = "no PostgreSQL server (-pg URL or " + pgVariable + ")"
			logf("skipping the cluster part: %s", rep.clusterSkipped)
		} else if err := runCluster(env); err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
	}
	return nil
}

// bench is what the parts share.
type bench struct {
	ctx     context.Context
	opts    options
	tmp     string
	rep     *report
	cl      *cleanups
	bin     string       // the masthead binary, once built
	article *articleSite // the one-article site, for throughput and render
}

// cleanups undoes what a run set up, last first.
type cleanups struct{ fns []func() error }

func (c *cleanups) add(fn func() error) { c.fns = append(c.fns, fn) }

func (c *cleanups) run() error {
	var errs []error
	for i := len(c.fns) - 1; i >= 0; i-- {
		errs = append(errs, c.fns[i]())
	}
	c.fns = nil
	return errors.Join(errs...)
}

// logf reports progress on standard error, keeping standard output for the
// results.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
