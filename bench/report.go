package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
)

// Goals the results are checked against.
const (
	goalRPSRatio = 0.90                  // masthead req/s ÷ baseline req/s, at least
	goalP99Ratio = 1.2                   // masthead p99 ÷ baseline p99, at most
	goalUncached = time.Millisecond      // uncached article render, under
	goalRSS      = 50e6                  // peak resident memory, bytes, under
	goalComments = 2000                  // comment posts accepted per second, at least
	goalViews    = 0.95                  // article req/s with view counting ÷ without, at least
	goalSearch   = 30 * time.Millisecond // search p95, under
	goalSitemap  = 50 * time.Millisecond // sitemap index, under
)

// report collects what the parts measured and prints it.
type report struct {
	opts       options
	start      time.Time
	throughput *throughputResult
	render     *renderResult
	memory     *memoryResult
	comments   *commentsResult
	search     *searchResult
	cluster    *clusterResult
	// clusterSkipped says why the cluster part did not run, when it did not.
	clusterSkipped string
	shutdowns      []shutdown
	loadBefore     string // /proc/loadavg when the bench started
}

// shutdown is how a server ended when sent SIGTERM.
type shutdown struct {
	name string
	ok   bool // exited with status 0
	took time.Duration
}

func newReport(o options) *report {
	return &report{opts: o, start: time.Now(), loadBefore: loadavg()}
}

// loadavg is the 1-, 5- and 15-minute load average. Other work on the
// machine takes CPU from the servers and the load alike, so it is printed
// with the results.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// best returns the run of a server with the most requests per second, and
// the mean req/s and p99 over its runs.
func (t *throughputResult) best(name string) (best loadResult, meanRPS float64, meanP99 time.Duration, ok bool) {
	var n int
	for _, r := range t.runs {
		if r.name != name {
			continue
		}
		if !ok || r.rps() > best.rps() {
			best, ok = r, true
		}
		meanRPS += r.rps()
		meanP99 += r.p99
		n++
	}
	if n > 0 {
		meanRPS /= float64(n)
		meanP99 /= time.Duration(n)
	}
	return best, meanRPS, meanP99, ok
}

// cpuPerRequest is a server's CPU time per request over all its runs.
func (t *throughputResult) cpuPerRequest(name string) time.Duration {
	var cpu time.Duration
	var n int
	for _, r := range t.runs {
		if r.name == name {
			cpu += r.serverCPU
			n += r.requests
		}
	}
	return cpu / time.Duration(max(1, n))
}

// print writes the Markdown tables and the plain summary. Parts that did not
// run (or failed before measuring) are left out.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\n# Masthead benchmark\n\n")
	fmt.Fprintf(w, "%s · %s/%s · NumCPU %d · GOMAXPROCS %d · %s · %d connections, %v warm-up + %v measured per run\n\n",
		r.start.Format(time.RFC3339), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0),
		runtime.Version(), r.opts.conns, warmup, r.opts.duration)
	fmt.Fprintf(w, "Load average %s at the start, %s at the end.", r.loadBefore, loadavg())
	if len(r.opts.serverEnv) > 0 {
		fmt.Fprintf(w, " masthead ran with %s.", strings.Join(r.opts.serverEnv, " "))
	}
	if r.opts.srvProfile != "" {
		runs := "The article runs"
		if r.opts.only == "comments" {
			runs = "The comment posts"
		}
		fmt.Fprintf(w, " %s used the profiled copy of masthead serve (-serverprofile), so profiling costs are in its numbers.", runs)
	}
	fmt.Fprint(w, "\n\n")

	var rows [][4]string // measure, value, goal, met
	var summary []string

	if t := r.throughput; t != nil && len(t.runs) > 0 {
		fmt.Fprintf(w, "## Article page with %d comments: runs in order, baseline and masthead alternating\n\n", commentCount)
		fmt.Fprintf(w, "Body %s bytes (Content-Encoding %q), the same bytes from both servers; response headers ≈ %d bytes from masthead, %d from the baseline.\n\n",
			thousands(int64(t.page)), t.encoding, t.headerBytes[0], t.headerBytes[1])
		fmt.Fprintln(w, "| Run | Server | Requests | Req/s | p50 | p99 | Server CPU/req | Non-200 / errors |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|")
		for i, run := range t.runs {
			fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %d / %d |\n", i+1, run.name, thousands(int64(run.requests)),
				thousands(int64(run.rps())), dur(run.p50), dur(run.p99), usec(run.cpuPerRequest()), run.non200, run.errs+run.badLen)
		}
		fmt.Fprintln(w)
		mBest, mMean, mP99, ok1 := t.best("masthead-article")
		bBest, bMean, bP99, ok2 := t.best("baseline")
		if ok1 && ok2 {
			rps := mBest.rps() / bBest.rps()
			p99 := float64(mBest.p99) / float64(bBest.p99)
			rows = append(rows,
				[4]string{"Article req/s, masthead ÷ baseline (best run of each)",
					fmt.Sprintf("%.2f (%s ÷ %s)", rps, thousands(int64(mBest.rps())), thousands(int64(bBest.rps()))),
					fmt.Sprintf("≥ %.2f", goalRPSRatio), met(rps >= goalRPSRatio)},
				[4]string{"Article p99, masthead ÷ baseline (same runs)",
					fmt.Sprintf("%.2f (%s ÷ %s)", p99, dur(mBest.p99), dur(bBest.p99)),
					fmt.Sprintf("≤ %.1f", goalP99Ratio), met(p99 <= goalP99Ratio)},
				[4]string{"Server CPU per article request, masthead vs baseline (all runs)",
					fmt.Sprintf("%s vs %s", usec(t.cpuPerRequest("masthead-article")), usec(t.cpuPerRequest("baseline"))), "—", ""})
			if nBest, nMean, _, ok := t.best(noViews); ok {
				v := mBest.rps() / nBest.rps()
				rows = append(rows, [4]string{"Article req/s, counting views ÷ not counting (best run of each)",
					fmt.Sprintf("%.2f (%s ÷ %s; means %.2f)", v, thousands(int64(mBest.rps())), thousands(int64(nBest.rps())), mMean/nMean),
					fmt.Sprintf("≥ %.2f", goalViews), met(v >= goalViews)})
			}
			summary = append(summary, fmt.Sprintf(
				"Throughput: masthead %.0f req/s vs baseline %.0f req/s (best run of each): ratio %.2f; the means over all runs give %.2f. p99 %s vs %s: ratio %.2f (means: %.2f).",
				mBest.rps(), bBest.rps(), rps, mMean/bMean, dur(mBest.p99), dur(bBest.p99), p99, float64(mP99)/float64(bP99)))
		}
	}

	if re := r.render; re != nil && re.uncached.N > 0 {
		un := time.Duration(re.uncached.NsPerOp())
		rows = append(rows,
			[4]string{fmt.Sprintf("Uncached article render, %d comments (in-process)", commentCount),
				fmt.Sprintf("%s/op, %s allocs/op, %s B/op", dur(un), thousands(re.uncached.AllocsPerOp()), thousands(re.uncached.AllocedBytesPerOp())),
				"< 1 ms", met(un < goalUncached)},
			[4]string{"Cached article hit (in-process, body discarded)",
				fmt.Sprintf("%s/op, %s allocs/op", dur(time.Duration(re.cached.NsPerOp())), thousands(re.cached.AllocsPerOp())), "—", ""},
		)
		q, np := time.Duration(re.queries.NsPerOp()), time.Duration(re.newPage.NsPerOp())
		summary = append(summary, fmt.Sprintf(
			"Uncached render: %s per request for a %s-byte page. Measured alone: the store queries (article, comments, sections) take %s (%d allocs) and hashing + gzipping the page for the cache %s; the rest, about %s, is routing, comment threading and formatting, and templates.",
			dur(un), thousands(int64(re.pageBytes)), dur(q), re.queries.AllocsPerOp(), dur(np), dur(max(0, un-q-np))))
	}

	if m := r.memory; m != nil && m.samples > 0 {
		hwm := m.end["VmHWM"]
		rows = append(rows, [4]string{fmt.Sprintf("Peak RSS serving %s articles, mixed load", thousands(int64(m.articles))),
			fmt.Sprintf("%s (VmHWM %s)", mb(m.peakRSS), mb(hwm)),
			"< 50 MB", met(m.peakRSS < goalRSS && hwm < goalRSS)})
		if m.load.requests > 0 {
			rows = append(rows, [4]string{"Mixed load throughput (home 1–20, sections, tags, articles, feed)",
				fmt.Sprintf("%s req/s, p50 %s, p99 %s, server CPU %s/req", thousands(int64(m.load.rps())), dur(m.load.p50), dur(m.load.p99), usec(m.load.cpuPerRequest())), "—", ""})
		}
		summary = append(summary, fmt.Sprintf(
			"Memory: %d articles created in %v; RSS %s when ready, then sampled %d times every %v: peak %s, %s at the end.",
			m.articles, m.fixture.Round(100*time.Millisecond), mb(m.idleRSS), m.samples, rssInterval, mb(m.peakRSS), mb(m.end["VmRSS"])))
		if m.end != nil && m.metrics != nil {
			g := func(name string) int64 { return int64(m.metrics[name]) }
			summary = append(summary, fmt.Sprintf(
				"At the end: RssAnon %s, RssFile %s (the binary's pages); Go heap in use %s of %s obtained (next GC at %s), Go runtime total %s; page cache %s in %d pages (%d hits, %d misses).",
				mb(m.end["RssAnon"]), mb(m.end["RssFile"]),
				mb(g("go_memstats_heap_inuse_bytes")), mb(g("go_memstats_heap_sys_bytes")), mb(g("go_memstats_next_gc_bytes")),
				mb(g("go_memstats_sys_bytes")),
				mb(g("masthead_page_cache_bytes")), g("masthead_page_cache_entries"),
				g("masthead_page_cache_hits_total"), g("masthead_page_cache_misses_total")))
		}
	}

	if c := r.comments; c != nil && c.load.requests > 0 {
		rps := c.load.rps()
		rows = append(rows,
			[4]string{"Comment posts accepted/s over HTTP (form, durable)",
				fmt.Sprintf("%s/s (%s in %v)", thousands(int64(rps)), thousands(int64(c.load.requests)), c.load.elapsed.Round(10*time.Millisecond)),
				"≥ " + thousands(goalComments) + "/s", met(rps >= goalComments && !c.load.failed())},
			[4]string{"Comment post latency; CPU per post, server and load generator",
				fmt.Sprintf("p50 %s, p99 %s; server %s/post, bench %s/post", dur(c.load.p50), dur(c.load.p99),
					usec(c.load.cpuPerRequest()), usec(c.clientCPU/time.Duration(c.load.requests))), "—", ""})
		if c.checked {
			ok := c.missing == 0 && c.stored >= c.acked && c.ackedIDs == c.acked
			rows = append(rows, [4]string{"Stored = acknowledged (in the database after shutdown vs answered 303)",
				fmt.Sprintf("%s stored, %s answered 303, %d missing", thousands(int64(c.stored)), thousands(int64(c.acked)), c.missing), "yes", met(ok)})
		}
		var st []string
		for _, s := range []masthead.CommentStatus{masthead.CommentApproved, masthead.CommentPending, masthead.CommentSpam, masthead.CommentTrash} {
			if n := c.statuses[s]; n > 0 {
				st = append(st, fmt.Sprintf("%s %s", thousands(int64(n)), s))
			}
		}
		stored := "the database was not read back"
		if c.checked {
			stored = fmt.Sprintf("the database then held %s comments (%s), %d of the acknowledged IDs missing", thousands(int64(c.stored)), strings.Join(st, ", "), c.missing)
		}
		summary = append(summary, fmt.Sprintf(
			"Comments: %d connections posted the article's HTML form (distinct bodies, varied names and emails, the page's form token, redirects not followed) to masthead serve; %s posts answered 303 over the whole run, warm-up and tail included, %d other answers, %d errors; after SIGTERM %s. "+
				"Settings for the load: comments.min_seconds 0 (no time trap), comments.rate_per_minute 0 and comments.article_rate_per_minute 0 (every post comes from 127.0.0.1, so a per-address limit would refuse almost all of them), comments.moderation none (comments are approved at once). "+
				"Each 303 comes after the comment's group commit with synchronous=FULL. For comparison, a stock WordPress accepts about 110 comments/s on this machine (figure from the issue, not measured here).",
			r.opts.conns, thousands(int64(c.acked)), c.load.non200, c.load.errs, stored))
		if len(c.perSecond) > 1 {
			var ps []string
			for _, n := range c.perSecond {
				ps = append(ps, thousands(int64(n)))
			}
			summary = append(summary, fmt.Sprintf(
				"Comment posts answered in each second of the measured window, all on one article that started with none: %s.", strings.Join(ps, ", ")))
		}
	}

	if s := r.search; s != nil && s.search.n > 0 {
		l := func(x latencies) string {
			return fmt.Sprintf("p50 %s, p95 %s, max %s", dur(x.p50), dur(x.p95), dur(x.max))
		}
		rows = append(rows,
			[4]string{fmt.Sprintf("Search API, %s articles (in-process, %d searches)", thousands(int64(s.articles)), s.search.n),
				l(s.search), fmt.Sprintf("p95 < %s", dur(goalSearch)), met(s.search.p95 < goalSearch)},
			[4]string{"Search page /search (HTML)", l(s.page), "—", ""},
			[4]string{"Baseline: bare FTS5 MATCH ranked by bm25, first 20 rowids", l(s.raw), "—", ""},
			[4]string{"Sitemap index /sitemap.xml, uncached", l(s.index), fmt.Sprintf("< %s", dur(goalSitemap)), met(s.index.max < goalSitemap)},
			[4]string{"Google News sitemap, uncached", l(s.news), "—", ""},
			[4]string{fmt.Sprintf("First article sitemap (%s URLs), uncached", thousands(int64(s.chunkURLs))), l(s.chunk), "—", ""},
		)
		made := "reused from -search-data"
		if s.fixture > 0 {
			made = fmt.Sprintf("created in %v", s.fixture.Round(time.Second))
		}
		var per []string
		for _, q := range s.perQuery {
			per = append(per, fmt.Sprintf("%s %s", q.query, dur(q.p50)))
		}
		summary = append(summary, "Search API median per query: "+strings.Join(per, "; ")+".")
		summary = append(summary, fmt.Sprintf(
			"Search: %s generated articles (%s); %d queries (words common and rare, several words, a phrase, an exclusion, section, tag and date filters, a misspelling) each run %d times through the API and the HTML page, in-process.",
			thousands(int64(s.articles)), made, len(searchQueries), s.search.n/len(searchQueries)))
	}

	if c := r.cluster; c != nil {
		cr, cs := c.print(w)
		rows, summary = append(rows, cr...), append(summary, cs...)
	}
	if r.clusterSkipped != "" {
		summary = append(summary, "Several instances: not measured: "+r.clusterSkipped+".")
	}

	if len(r.shutdowns) > 0 {
		var names []string
		clean := 0
		for _, s := range r.shutdowns {
			st := "exit 0"
			if !s.ok {
				st = "NOT clean"
			} else {
				clean++
			}
			names = append(names, fmt.Sprintf("%s %s in %v", s.name, st, s.took.Round(time.Millisecond)))
		}
		rows = append(rows, [4]string{"Clean shutdown on SIGTERM", fmt.Sprintf("%d of %d", clean, len(r.shutdowns)), "all", met(clean == len(r.shutdowns))})
		summary = append(summary, "Shutdown: "+strings.Join(names, "; ")+".")
	}

	if len(rows) > 0 {
		fmt.Fprintln(w, "## Results")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| Measure | Value | Goal | Met |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, row := range rows {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", row[0], row[1], row[2], row[3])
		}
		fmt.Fprintln(w)
	}
	if len(summary) > 0 {
		fmt.Fprintln(w, "Summary:")
		for _, s := range summary {
			fmt.Fprintln(w, "- "+s)
		}
		fmt.Fprintln(w)
	}
}

// mb prints bytes in MB (10^6 bytes, the stricter reading of the goal).
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func met(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// dur prints a latency with three significant digits.
func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	default:
		return fmt.Sprintf("%.0f µs", float64(d)/1e3)
	}
}

// usec prints a short duration in microseconds.
func usec(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d)/1e3) }

// thousands writes n with thin separators: 12,345.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
