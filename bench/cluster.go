package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/postgres"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

// The cluster part runs the site as several `masthead serve` processes on
// one PostgreSQL database, as behind a load balancer, against one process
// on its SQLite file; one process on PostgreSQL as well, to tell what the
// database changes from what more instances change.

// clusterInstances is how many instances share the database in the
// several-instance setup.
const clusterInstances = 3

// clusterSetup is one way of running the site.
type clusterSetup struct {
	name   string // "1 × SQLite", "3 × PostgreSQL"
	procs  []*proc
	pgName string // the PostgreSQL database; "" on SQLite
	// open opens the setup's database, to fill it before the servers start
	// and read it back after they stop.
	open func(ctx context.Context) (store.Store, error)
	// where are the flags that point the masthead command at the database.
	where   []string
	article string            // URL path of the article with 200 comments
	target  *masthead.Article // the article comments are posted to
}

// clusterRun is one measured load on one setup.
type clusterRun struct {
	setup      string
	moderation string // for comment posts: the comments.moderation they met
	load       loadResult
	cpu        clusterCPU
}

// clusterModerations are the moderation modes comments are posted under, in
// turn. Under "all" every post waits for a moderator, as a first-time
// commenter's does under the default policy, and changes no public page;
// under "none", as in the comments part, every post is approved at once and
// so changes its article's page (its count, and the pages cached).
var clusterModerations = []string{masthead.ModerateAll, masthead.ModerateNone}

// settingsSettle is how long to wait after changing a setting for every
// instance to apply it: masthead rereads settings within a second.
const settingsSettle = 2 * time.Second

// storedCheck compares the comments a setup acknowledged with those its
// database holds once its servers have stopped.
type storedCheck struct {
	setup                           string
	acked, ackedIDs, stored, missed int
}

func (c storedCheck) ok() bool { return c.missed == 0 && c.ackedIDs == c.acked && c.stored >= c.acked }

// clusterResult is what the cluster part measured.
type clusterResult struct {
	pg     string       // the PostgreSQL server and its settings
	setups []string     // names, in the order they ran
	pages  []clusterRun // article page runs, rounds of every setup in turn
	posts  []clusterRun // comment post runs, a setup under each moderation mode
	checks []storedCheck
}

// runCluster measures cached article pages and comment posts on each setup,
// spreading requests round-robin over a setup's instances.
func runCluster(b *bench) error {
	bin, err := b.ensureBinary()
	if err != nil {
		return err
	}
	pg, err := openPGServer(b.ctx, b.opts.pg)
	if err != nil {
		return err
	}
	res := &clusterResult{pg: pg.about}
	b.rep.cluster = res

	logf("cluster: 1 × SQLite")
	sq, err := sqliteSetup(b, bin)
	if err != nil {
		return err
	}
	setups := []*clusterSetup{sq}
	for _, n := range []int{1, clusterInstances} {
		logf("cluster: %d × PostgreSQL", n)
		s, err := postgresSetup(b, bin, pg, n)
		if err != nil {
			return err
		}
		setups = append(setups, s)
	}
	for _, s := range setups {
		res.setups = append(res.setups, s.name)
	}

	// Rounds of every setup in turn, so that drift on the machine touches
	// them alike.
	for round := range b.opts.rounds {
		for _, s := range setups {
			logf("cluster: article pages on %s, run %d of %d (%v + %v warm-up)", s.name, round+1, b.opts.rounds, b.opts.duration, warmup)
			run, err := clusterPages(b, pg, s)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			res.pages = append(res.pages, run)
		}
	}
	// Comment posts last: approved comments change the pages.
	acked := make([][]int64, len(setups))
	for phase, mode := range clusterModerations {
		for _, s := range setups {
			if err := setCommentSetting(b, bin, s.where, "comments.moderation", mode); err != nil {
				return err
			}
		}
		select {
		case <-time.After(settingsSettle):
		case <-b.ctx.Done():
			return b.ctx.Err()
		}
		for i, s := range setups {
			logf("cluster: comment posts on %s, moderation %s (%v + %v warm-up)", s.name, mode, b.opts.duration, warmup)
			run, ids, err := clusterPosts(b, pg, s, int64(phase)*1e9)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			run.moderation = mode
			res.posts, acked[i] = append(res.posts, run), append(acked[i], ids...)
		}
	}

	var errs []error
	for _, s := range setups {
		for _, p := range s.procs {
			errs = append(errs, b.stopAndRecord(p))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// The servers have stopped, so the databases are the whole truth.
	for i, s := range setups {
		c, err := s.check(b.ctx, acked[i])
		if err != nil {
			return fmt.Errorf("%s: read back comments: %w", s.name, err)
		}
		res.checks = append(res.checks, c)
		if !c.ok() {
			return fmt.Errorf("%s: %d comments answered 303 (%d distinct IDs) but %d are stored, and %d of the acknowledged IDs are missing",
				s.name, c.acked, c.ackedIDs, c.stored, c.missed)
		}
	}
	return nil
}

// sqliteSetup is one instance on its SQLite file, the site on one machine.
func sqliteSetup(b *bench, bin string) (*clusterSetup, error) {
	dir := filepath.Join(b.tmp, "cluster-sqlite")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	s := &clusterSetup{name: "1 × SQLite", where: []string{"--data", dir}, open: func(ctx context.Context) (store.Store, error) {
		return sqlite.Open(ctx, filepath.Join(dir, "masthead.db"))
	}}
	if err := s.fill(b.ctx); err != nil {
		return nil, err
	}
	if err := setCommentSettings(b, bin, s.where...); err != nil {
		return nil, err
	}
	p, err := startServe(b, "cluster-sqlite", bin, "--data", dir)
	if err != nil {
		return nil, err
	}
	s.procs = []*proc{p}
	return s, nil
}

// postgresSetup is n instances on a fresh PostgreSQL database, each with a
// data directory of its own (which holds only uploads).
func postgresSetup(b *bench, bin string, pg *pgServer, n int) (*clusterSetup, error) {
	name, dbURL, err := pg.createDatabase(b.ctx, b.cl)
	if err != nil {
		return nil, err
	}
	s := &clusterSetup{name: fmt.Sprintf("%d × PostgreSQL", n), pgName: name, where: []string{"--database", dbURL, "--data", b.tmp},
		open: func(ctx context.Context) (store.Store, error) { return postgres.Open(ctx, dbURL) }}
	if err := s.fill(b.ctx); err != nil {
		return nil, err
	}
	// Settings before any server starts: this also stores the secret that
	// signs comment forms, so instances starting one after another agree.
	if err := setCommentSettings(b, bin, s.where...); err != nil {
		return nil, err
	}
	for i := range n {
		label := fmt.Sprintf("cluster-pg%d-%d", n, i+1)
		dir := filepath.Join(b.tmp, label)
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
		p, err := startServe(b, label, bin, "--database", dbURL, "--data", dir)
		if err != nil {
			return nil, err
		}
		s.procs = append(s.procs, p)
	}
	return s, nil
}

// fill writes the site into the setup's database: the article with 200
// comments, as in the throughput part, and the comments part's articles.
func (s *clusterSetup) fill(ctx context.Context) error {
	st, err := s.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := addCommentedArticle(ctx, st)
	if err != nil {
		return err
	}
	if s.target, err = addCommentArticles(ctx, st); err != nil {
		return err
	}
	s.article = urlPath(a)
	if urlPath(s.target) == s.article {
		return fmt.Errorf("the generated articles share the path %s", s.article)
	}
	return nil
}

// startServe starts `masthead serve` on a free port with the database flags
// given.
func startServe(b *bench, name, bin string, database ...string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	return b.startProc(name, addr, b.opts.serverEnv, bin, slices.Concat([]string{"serve", "--addr", addr}, database)...)
}

// clusterPages loads the article page with 200 comments, cached, over the
// setup's instances in turn.
func clusterPages(b *bench, pg *pgServer, s *clusterSetup) (clusterRun, error) {
	urls := make([]string, len(s.procs))
	for i, p := range s.procs {
		urls[i] = p.url + s.article
		if _, _, err := fetch(b, urls[i], false); err != nil {
			return clusterRun{}, err
		}
	}
	cpu := s.measureCPU(b, pg)
	r, err := runLoad(b.ctx, loadSpec{
		name:     s.name,
		conns:    b.opts.conns,
		warmup:   warmup,
		duration: b.opts.duration,
		// Each instance renders the page itself (its own view count and
		// form time), so their bodies may differ in length: no check.
		rotate: urls,
	})
	if err != nil {
		return clusterRun{}, err
	}
	run := clusterRun{setup: s.name, load: r, cpu: cpu()}
	run.load.serverCPU = run.cpu.masthead
	return run, nil
}

// clusterPosts posts comments through the article's form over the setup's
// instances in turn, each its own form, numbered from numberFrom+1, and
// returns the run and the IDs of the comments answered 303.
func clusterPosts(b *bench, pg *pgServer, s *clusterSetup, numberFrom int64) (clusterRun, []int64, error) {
	forms := make([]postForm, len(s.procs))
	for i, p := range s.procs {
		var err error
		if forms[i], err = commentForm(b, p.url+urlPath(s.target)); err != nil {
			return clusterRun{}, nil, err
		}
	}
	cpu := s.measureCPU(b, pg)
	var r loadResult
	run, err := runPosts(b.ctx, postSpec{
		name:       s.name,
		forms:      forms,
		numberFrom: numberFrom,
		conns:      b.opts.conns,
		warmup:     warmup,
		duration:   b.opts.duration,
	}, &r)
	if err != nil {
		return clusterRun{}, run.ids, err
	}
	c := cpu()
	r.serverCPU = c.masthead
	return clusterRun{setup: s.name, load: r, cpu: c}, run.ids, nil
}

// measureCPU starts reading the CPU time of the setup's instances, its
// database's backends and the bench over the window of a load run that
// starts now, and returns what collects the figures once the run is over.
func (s *clusterSetup) measureCPU(b *bench, pg *pgServer) func() clusterCPU {
	from := time.Now().Add(warmup)
	to := from.Add(b.opts.duration)
	var pids []int
	for _, p := range s.procs {
		pids = append(pids, p.pid())
	}
	instances := windowCPU(from, to, func() []int { return pids })
	self := windowCPU(from, to, func() []int { return []int{os.Getpid()} })
	var db <-chan time.Duration
	if s.pgName != "" && pg.local {
		db = windowCPU(from, to, func() []int { return pg.backends(b.ctx, s.pgName) })
	}
	return func() clusterCPU {
		c := clusterCPU{masthead: <-instances, bench: <-self}
		if db != nil {
			c.postgres, c.pgKnown = <-db, true
		}
		return c
	}
}

// check reads back the comments on the target article.
func (s *clusterSetup) check(ctx context.Context, ids []int64) (storedCheck, error) {
	st, err := s.open(ctx)
	if err != nil {
		return storedCheck{}, err
	}
	defer st.Close()
	stored, err := storedComments(ctx, st, s.target.ID)
	if err != nil {
		return storedCheck{}, err
	}
	c := storedCheck{setup: s.name, acked: len(ids), stored: len(stored)}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	c.ackedIDs = len(slices.Compact(sorted))
	for _, id := range ids {
		if _, ok := stored[id]; !ok {
			c.missed++
		}
	}
	return c, nil
}
