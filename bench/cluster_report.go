package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
)

// print writes the cluster part's tables and returns its rows for the
// results table and its lines for the summary.
func (c *clusterResult) print(w io.Writer) (rows [][4]string, summary []string) {
	if len(c.pages) == 0 {
		return nil, nil
	}
	fmt.Fprintf(w, "## Several instances: %s\n\n", strings.Join(c.setups, ", "))
	fmt.Fprintf(w, "%s. Every instance, the database and the load generator run on this one machine (%d CPUs): "+
		"three instances share its cores rather than bring their own, so this shows what spreading the site over "+
		"processes and a shared database costs, not what three machines would give. Requests go round-robin over a "+
		"setup's instances, as a load balancer would spread them. CPU is user + system time from /proc over the "+
		"measured window: the setup's masthead processes together, the PostgreSQL backends serving its database "+
		"(not the server's own background processes), and the bench.\n\n", c.pg, runtime.NumCPU())

	fmt.Fprintf(w, "### Article page with %d comments, cached: runs in order\n\n", commentCount)
	fmt.Fprintln(w, "| Run | Setup | Requests | Req/s | p50 | p99 | CPU/req masthead | PostgreSQL | bench | Non-200 / errors |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for i, r := range c.pages {
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %d / %d |\n", i+1, r.setup,
			thousands(int64(r.load.requests)), thousands(int64(r.load.rps())), dur(r.load.p50), dur(r.load.p99),
			perRequest(r.cpu.masthead, r.load.requests), pgPerRequest(r), perRequest(r.cpu.bench, r.load.requests),
			r.load.non200, r.load.errs+r.load.badLen)
	}
	fmt.Fprintln(w)

	if len(c.posts) > 0 {
		fmt.Fprintln(w, "### Comment posts through the article's form, all to one article (303 after a durable commit)")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| Setup | Comments | Accepted | Posts/s | p50 | p99 | CPU/post masthead | PostgreSQL | bench |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
		for _, r := range c.posts {
			fmt.Fprintf(w, "| %s | %s | %s | %s/s | %s | %s | %s | %s | %s |\n", r.setup, moderationLabel(r.moderation),
				thousands(int64(r.load.requests)), thousands(int64(r.load.rps())), dur(r.load.p50), dur(r.load.p99),
				perRequest(r.cpu.masthead, r.load.requests), pgPerRequest(r), perRequest(r.cpu.bench, r.load.requests))
		}
		fmt.Fprintln(w)
		for _, ch := range c.checks {
			fmt.Fprintf(w, "Stored = acknowledged on %s: %s (%s stored, %s answered 303 in both runs, warm-up included, %d missing).\n",
				ch.setup, met(ch.ok()), thousands(int64(ch.stored)), thousands(int64(ch.acked)), ch.missed)
		}
		fmt.Fprintln(w)
	}

	// The results: each setup's best article run, and its comment runs.
	var pages []string
	best := map[string]clusterRun{}
	for _, name := range c.setups {
		if r, ok := bestClusterRun(c.pages, name); ok {
			best[name] = r
			pages = append(pages, fmt.Sprintf("%s %s", name, thousands(int64(r.load.rps()))))
		}
	}
	rows = append(rows, [4]string{"Article req/s spread over the instances (best run of each)", strings.Join(pages, "; "), "—", ""})
	for _, mode := range clusterModerations {
		var posts []string
		for _, r := range c.posts {
			if r.moderation == mode {
				best[r.setup+" "+mode] = r
				posts = append(posts, fmt.Sprintf("%s %s", r.setup, thousands(int64(r.load.rps()))))
			}
		}
		if len(posts) > 0 {
			rows = append(rows, [4]string{"Comment posts accepted/s spread over the instances, " + moderationLabel(mode), strings.Join(posts, "; "), "—", ""})
		}
	}
	if len(c.checks) == len(c.setups) {
		ok := true
		for _, ch := range c.checks {
			ok = ok && ch.ok()
		}
		rows = append(rows, [4]string{"Stored = acknowledged, every setup", met(ok), "yes", met(ok)})
	}

	several := fmt.Sprintf("%d × PostgreSQL", clusterInstances)
	one := "1 × SQLite"
	if a, b := best[several], best[one]; a.load.requests > 0 && b.load.requests > 0 {
		line := fmt.Sprintf("Several instances: article pages on %s reach %.2f× the requests/s of %s (best runs: %s vs %s req/s; all CPU per request %s vs %s)",
			several, a.load.rps()/b.load.rps(), one, thousands(int64(a.load.rps())), thousands(int64(b.load.rps())),
			usec(totalPerRequest(a)), usec(totalPerRequest(b)))
		for _, mode := range clusterModerations {
			if p, q := best[several+" "+mode], best[one+" "+mode]; p.load.requests > 0 && q.load.requests > 0 {
				line += fmt.Sprintf("; comment posts %s %.2f× (%s vs %s/s; all CPU per post %s vs %s)", moderationLabel(mode),
					p.load.rps()/q.load.rps(), thousands(int64(p.load.rps())), thousands(int64(q.load.rps())),
					usec(totalPerRequest(p)), usec(totalPerRequest(q)))
			}
		}
		summary = append(summary, line+". On one machine the instances compete for the same cores with PostgreSQL and the load generator, so more instances cannot add throughput here; on machines of their own, each instance would bring its cores and the database's share would set the limit.")
	}
	return rows, summary
}

// moderationLabel says what became of the posts under a moderation mode.
func moderationLabel(mode string) string {
	switch mode {
	case masthead.ModerateAll:
		return "held for moderation"
	case masthead.ModerateNone:
		return "approved at once"
	}
	return "moderation " + mode
}

// bestClusterRun is the setup's article run with the most requests per
// second.
func bestClusterRun(runs []clusterRun, setup string) (best clusterRun, ok bool) {
	for _, r := range runs {
		if r.setup == setup && (!ok || r.load.rps() > best.load.rps()) {
			best, ok = r, true
		}
	}
	return best, ok
}

func perRequest(d time.Duration, n int) string { return usec(d / time.Duration(max(1, n))) }

// pgPerRequest is the database's CPU per request, or a dash when it is not
// known (SQLite runs inside masthead; a remote server cannot be read).
func pgPerRequest(r clusterRun) string {
	if !r.cpu.pgKnown {
		return "—"
	}
	return perRequest(r.cpu.postgres, r.load.requests)
}

// totalPerRequest is the CPU every process measured used per request.
func totalPerRequest(r clusterRun) time.Duration {
	return (r.cpu.masthead + r.cpu.postgres + r.cpu.bench) / time.Duration(max(1, r.load.requests))
}
