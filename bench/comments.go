package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

// commentSettings make every well-formed post from the load acceptable at
// once: no time trap (the form token is fetched once, just before the load),
// no rate limits (every post comes from 127.0.0.1, so the per-address limit
// would refuse all but a handful), and no moderation queue.
var commentSettings = [][2]string{
	{"comments.min_seconds", "0"},
	{"comments.rate_per_minute", "0"},
	{"comments.article_rate_per_minute", "0"},
	{"comments.moderation", "none"},
}

// commentsResult is comment posting through the article's form.
type commentsResult struct {
	// load is the measured window; its non200 counts answers other than
	// 303, over the whole run.
	load     loadResult
	acked    int                            // 303 answers in the whole run, warm-up and tail included
	ackedIDs int                            // distinct comment IDs in those answers' Location
	stored   int                            // comments in the database after the server stopped
	missing  int                            // acknowledged IDs not in the database
	statuses map[masthead.CommentStatus]int // stored comments by status
	checked  bool                           // the database was read
	// perSecond counts the posts answered in each second of the measured
	// window, to show whether the rate holds as the article's comments pile
	// up.
	perSecond []int
	// clientCPU is the CPU time the bench itself (the load generator) used
	// in the measured window: it shares the machine with the server.
	clientCPU time.Duration
}

// runComments posts comments through the article page's form over HTTP, to
// the real binary, and then checks that every comment answered 303 is in
// the database.
func runComments(b *bench) error {
	bin, err := b.ensureBinary()
	if err != nil {
		return err
	}
	logf("creating the comments site (%d articles)", commentSiteArticles)
	site, err := makeCommentSite(b.ctx, b.tmp)
	if err != nil {
		return fmt.Errorf("fixture: %w", err)
	}
	if err := setCommentSettings(b, bin, "--data", site.dir); err != nil {
		return err
	}

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	path, args := bin, []string{"serve", "--data", site.dir, "--addr", addr}
	if b.opts.srvProfile != "" && b.opts.only == "comments" {
		if path, err = os.Executable(); err != nil {
			return err
		}
		args = []string{profiledArg, "-data", site.dir, "-addr", addr, "-cpuprofile", b.opts.srvProfile}
	}
	p, err := b.startProc("masthead-comments", addr, b.opts.serverEnv, path, args...)
	if err != nil {
		return err
	}
	form, err := commentForm(b, p.url+site.path)
	if err != nil {
		return err
	}

	res := &commentsResult{}
	b.rep.comments = res
	logf("posting comments (%v + %v warm-up)", b.opts.duration, warmup)
	run, loadErr := runPosts(b.ctx, postSpec{
		name:     p.name,
		forms:    []postForm{form},
		conns:    b.opts.conns,
		warmup:   warmup,
		duration: b.opts.duration,
		pid:      p.pid(),
	}, &res.load)
	ids := run.ids
	res.acked, res.perSecond, res.clientCPU = len(ids), run.perSecond, run.clientCPU
	slices.Sort(ids)
	res.ackedIDs = len(slices.Compact(slices.Clone(ids))) // Compact zeroes the tail it drops
	if err := errors.Join(loadErr, b.stopAndRecord(p)); err != nil {
		return err
	}

	// The server has exited, so the file is the whole truth: its last
	// batch was committed (synchronously) before the 303 went out.
	stored, err := storedSQLiteComments(b.ctx, filepath.Join(site.dir, "masthead.db"))
	if err != nil {
		return fmt.Errorf("read back comments: %w", err)
	}
	res.checked = true
	res.stored = len(stored)
	res.statuses = map[masthead.CommentStatus]int{}
	for _, st := range stored {
		res.statuses[st]++
	}
	for _, id := range ids {
		if _, ok := stored[id]; !ok {
			res.missing++
		}
	}
	switch {
	case res.ackedIDs != res.acked:
		return fmt.Errorf("%d comments answered 303 but only %d distinct IDs came back", res.acked, res.ackedIDs)
	case res.missing > 0 || res.stored < res.acked:
		return fmt.Errorf("%d comments answered 303 but %d are stored, and %d of the acknowledged IDs are missing", res.acked, res.stored, res.missing)
	}
	return nil
}

// setCommentSettings applies commentSettings to the database that the
// flags name (--data DIR or --database URL), through the masthead command.
func setCommentSettings(b *bench, bin string, where ...string) error {
	for _, kv := range commentSettings {
		if err := setCommentSetting(b, bin, where, kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// setCommentSetting runs `masthead settings set KEY VALUE` on the database
// that the flags name.
func setCommentSetting(b *bench, bin string, where []string, key, value string) error {
	args := slices.Concat([]string{"settings", "set"}, where, []string{key, value})
	if out, err := exec.CommandContext(b.ctx, bin, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("masthead settings set %s %s: %w: %s", key, value, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// The comment form on the article page, as the template writes it.
var (
	formActionRE = regexp.MustCompile(`<form class="comment-form"[^>]*\saction="([^"]*)"`)
	formTokenRE  = regexp.MustCompile(`<input type="hidden" name="form_token" value="([^"]*)"`)
)

// postForm is a comment form as a server rendered it.
type postForm struct {
	action string // absolute URL of the form's action
	token  string // the form's form_token
}

// commentForm GETs the article page and returns its comment form: the
// action (without the fragment) and the hidden form token.
func commentForm(b *bench, pageURL string) (postForm, error) {
	body, _, err := fetch(b, pageURL, true)
	if err != nil {
		return postForm{}, err
	}
	a, t := formActionRE.FindSubmatch(body), formTokenRE.FindSubmatch(body)
	if a == nil || t == nil {
		return postForm{}, fmt.Errorf("GET %s: no comment form with a form_token on the page", pageURL)
	}
	action, _, _ := strings.Cut(html.UnescapeString(string(a[1])), "#")
	token := html.UnescapeString(string(t[1]))
	if !strings.HasPrefix(action, "/") || token == "" {
		return postForm{}, fmt.Errorf("GET %s: comment form action %q, token %q", pageURL, action, token)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return postForm{}, err
	}
	ref, err := url.Parse(action)
	if err != nil {
		return postForm{}, fmt.Errorf("GET %s: comment form action %q: %w", pageURL, action, err)
	}
	return postForm{action: base.ResolveReference(ref).String(), token: token}, nil
}

// postSpec says where and how to post.
type postSpec struct {
	name string
	// forms are posted in turn, one post each, as a round-robin load
	// balancer would spread them; each server's own form goes to it.
	forms []postForm
	// numberFrom numbers the posts from numberFrom+1, so that runs posting
	// to one article never repeat each other's bodies.
	numberFrom int64
	conns      int
	warmup     time.Duration
	duration   time.Duration
	pid        int // the server process, for its CPU time
}

// postRun is what runPosts saw besides the measured window's loadResult.
type postRun struct {
	ids       []int64       // every comment answered 303, from the Location
	perSecond []int         // posts completed in each second of the window
	clientCPU time.Duration // the bench's own CPU time in the window
}

// userAgent is a browser's: the spam score counts a missing or scripted user
// agent against a comment, and the load should post what people post.
const userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0 masthead-bench"

// runPosts runs spec.conns goroutines that each post comments back to back,
// a distinct body every time, for spec.warmup unmeasured and then
// spec.duration measured, and fills r from the measured window. Redirects
// are not followed: 303 See Other is the answer to a stored comment, and
// anything else counts as a failure, in the warm-up too. It returns the IDs
// of every comment answered 303 (from the Location's #comment-ID), over the
// whole run, and how many posts completed in each second of the measured
// window.
func runPosts(ctx context.Context, spec postSpec, r *loadResult) (postRun, error) {
	// A kept-alive connection from every goroutine to each server it
	// sends to, as a load balancer keeps its connections to each instance.
	tr := newTransport(spec.conns * max(1, len(spec.forms)))
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	type worker struct {
		lat      []time.Duration // measured window only
		seconds  []int           // completions per second of the measured window
		ids      []int64         // every 303
		lastEnd  time.Time
		bad      int // answers other than 303
		errs     int
		firstErr string
	}
	workers := make([]worker, spec.conns)
	start := time.Now()
	measureFrom := start.Add(spec.warmup)
	measureTo := measureFrom.Add(spec.duration)
	cpu := cpuBetween(spec.pid, measureFrom, measureTo)
	self := cpuBetween(os.Getpid(), measureFrom, measureTo)
	var seq atomic.Int64 // makes every body distinct: the store refuses duplicates
	seq.Store(spec.numberFrom)

	var wg sync.WaitGroup
	for i := range workers {
		w := &workers[i]
		w.lat = make([]time.Duration, 0, max(1024, int(spec.duration.Seconds()*5000)/spec.conns))
		w.seconds = make([]int, int((spec.duration+time.Second-1)/time.Second))
		t := newText(uint64(1000 + i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				n := seq.Add(1)
				form := spec.forms[int(n)%len(spec.forms)]
				name := t.person()
				values := url.Values{
					"comment":    {fmt.Sprintf("%s\n\nReader post %d.", t.commentBody(), n)},
					"name":       {name},
					"email":      {fmt.Sprintf("%s.%d@example.com", strings.ToLower(strings.ReplaceAll(name, " ", ".")), n%1000)},
					"website":    {""},
					"parent":     {""},
					"form_token": {form.token},
					"url2":       {""}, // the honeypot, left empty as people leave it
				}
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, form.action, strings.NewReader(values.Encode()))
				if err != nil {
					w.errs++
					w.firstErr = err.Error()
					return
				}
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("User-Agent", userAgent)

				t0 := time.Now()
				if !t0.Before(measureTo) {
					return
				}
				measured := !t0.Before(measureFrom)
				resp, err := client.Do(req)
				var loc string
				status := 0
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					loc, status = resp.Header.Get("Location"), resp.StatusCode
				}
				t1 := time.Now()
				switch {
				case err != nil:
					if ctx.Err() != nil {
						return
					}
					w.errs++
					if w.firstErr == "" {
						w.firstErr = fmt.Sprintf("POST %s: %v", req.URL.Path, err)
					}
				case status != http.StatusSeeOther:
					w.bad++
					if w.firstErr == "" {
						w.firstErr = fmt.Sprintf("POST %s: status %d", req.URL.Path, status)
					}
				default:
					_, frag, _ := strings.Cut(loc, "#comment-")
					id, perr := strconv.ParseInt(frag, 10, 64)
					if perr != nil {
						w.bad++
						if w.firstErr == "" {
							w.firstErr = fmt.Sprintf("POST %s: 303 to %q, which names no comment", req.URL.Path, loc)
						}
						break
					}
					w.ids = append(w.ids, id)
				}
				if measured {
					w.lat = append(w.lat, t1.Sub(t0))
					w.lastEnd = t1
					if s := int(t1.Sub(measureFrom) / time.Second); s < len(w.seconds) {
						w.seconds[s]++
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return postRun{}, err
	}

	*r = loadResult{name: spec.name, serverCPU: <-cpu}
	out := postRun{perSecond: make([]int, len(workers[0].seconds)), clientCPU: <-self}
	var all []time.Duration
	var last time.Time
	for i := range workers {
		w := &workers[i]
		all = append(all, w.lat...)
		out.ids = append(out.ids, w.ids...)
		for s, n := range w.seconds {
			out.perSecond[s] += n
		}
		r.non200 += w.bad
		r.errs += w.errs
		if r.firstErr == "" {
			r.firstErr = w.firstErr
		}
		if w.lastEnd.After(last) {
			last = w.lastEnd
		}
	}
	if len(all) == 0 {
		return out, fmt.Errorf("no comment post completed in the measured window (%s)", r.firstErr)
	}
	r.setLatencies(all, measureFrom, last)
	if r.failed() {
		return out, fmt.Errorf("%w from %s: %d answers other than 303, %d errors; first: %s",
			errBadAnswers, spec.name, r.non200, r.errs, r.firstErr)
	}
	return out, nil
}

// storedSQLiteComments reads every comment in the SQLite database at path.
// It runs after the server has stopped.
func storedSQLiteComments(ctx context.Context, path string) (map[int64]masthead.CommentStatus, error) {
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return storedComments(ctx, st, 0)
}

// storedComments reads every comment in st, or the article's when article is
// not 0, by ID with its status, a page at a time as `masthead comments list`
// does.
func storedComments(ctx context.Context, st store.Store, article int64) (map[int64]masthead.CommentStatus, error) {
	out := map[int64]masthead.CommentStatus{}
	total := -1
	for offset := 0; ; offset += store.MaxLimit {
		cs, n, err := st.FindComments(ctx, masthead.CommentFilter{ArticleID: article, Limit: store.MaxLimit, Offset: offset})
		if err != nil {
			return nil, err
		}
		if total < 0 {
			total = n
		}
		for _, c := range cs {
			out[c.ID] = c.Status
		}
		if len(cs) < store.MaxLimit {
			break
		}
	}
	if len(out) != total {
		return nil, fmt.Errorf("paged through %d comments, but the count says %d", len(out), total)
	}
	return out, nil
}
