package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// loadResult is one load run against one server.
type loadResult struct {
	name     string
	requests int           // completed in the measured window
	elapsed  time.Duration // from the window's start to the last completion
	p50, p99 time.Duration
	non200   int
	errs     int
	badLen   int    // 200 answers whose body length differed from the expected
	firstErr string // the first error or bad status, for the failure message
	bytes    int64  // body bytes read in the window
	// serverCPU is the CPU time (user + system) the server process used
	// during the measured window. Per request it is a steadier measure than
	// req/s when other work on the machine competes for the CPUs.
	serverCPU time.Duration
}

// cpuPerRequest is the server's CPU time per request in the window.
func (r loadResult) cpuPerRequest() time.Duration {
	return r.serverCPU / time.Duration(max(1, r.requests))
}

func (r loadResult) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

func (r loadResult) failed() bool { return r.non200+r.errs+r.badLen > 0 }

// loadSpec says what to load and how.
type loadSpec struct {
	name     string
	conns    int
	warmup   time.Duration
	duration time.Duration
	// url returns the next URL to fetch. With fixed set instead, every
	// goroutine reuses one request, keeping the client's own cost low.
	url     func(rng *rand.Rand) string
	fixed   string
	wantLen int // expected body length of fixed; 0 skips the check
	// rotate, instead of fixed, spreads requests over several servers as
	// a round-robin load balancer would: every goroutine reuses one request
	// per URL and sends them in turn, starting at its own offset.
	rotate []string
	pid    int // the server process, for its CPU time
}

// newTransport makes the shared client transport: one connection per
// goroutine, kept alive, and no transparent decompression, so the client
// reads the gzipped bytes as they are and spends no time inflating them.
func newTransport(conns int) *http.Transport {
	return &http.Transport{
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
}

// newRequest makes a GET with the headers every load request sends. Asking
// for gzip explicitly makes both servers send their compressed bytes.
func newRequest(ctx context.Context, url string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	// A browser's User-Agent, so that masthead counts the views as it
	// would a reader's (it ignores bots).
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0; masthead-bench) Gecko/20100101 Firefox/133.0")
	return req, nil
}

// runLoad runs spec.conns goroutines that each send requests back to back:
// spec.warmup unmeasured, then spec.duration measured. Requests go through
// Transport.RoundTrip, so a redirect counts as a non-200 rather than being
// followed.
func runLoad(ctx context.Context, spec loadSpec) (loadResult, error) {
	// A kept-alive connection from every goroutine to each server it
	// sends to, as a load balancer keeps its connections to each instance.
	tr := newTransport(spec.conns * max(1, len(spec.rotate)))
	defer tr.CloseIdleConnections()

	// Each goroutine records into its own slice, sized for a fast server,
	// so recording costs no locks and (almost) no allocation.
	perConn := max(1024, int(spec.duration.Seconds()*40000)/spec.conns)
	type worker struct {
		lat      []time.Duration
		lastEnd  time.Time
		non200   int
		errs     int
		badLen   int
		bytes    int64
		firstErr string
	}
	workers := make([]worker, spec.conns)
	start := time.Now()
	measureFrom := start.Add(spec.warmup)
	measureTo := measureFrom.Add(spec.duration)

	// The server's CPU time, read as the window opens and closes.
	cpuDone := cpuBetween(spec.pid, measureFrom, measureTo)

	var wg sync.WaitGroup
	for i := range workers {
		w := &workers[i]
		w.lat = make([]time.Duration, 0, perConn)
		rng := rand.New(rand.NewPCG(uint64(i), 42))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var fixedReqs []*http.Request
			if spec.fixed != "" {
				r, _ := newRequest(ctx, spec.fixed) // checked by the caller's first fetch
				fixedReqs = append(fixedReqs, r)
			}
			for j := range spec.rotate {
				r, _ := newRequest(ctx, spec.rotate[(i+j)%len(spec.rotate)]) // checked likewise
				fixedReqs = append(fixedReqs, r)
			}
			for n := 0; ctx.Err() == nil; n++ {
				var req *http.Request
				if len(fixedReqs) > 0 {
					req = fixedReqs[n%len(fixedReqs)]
				} else {
					var err error
					if req, err = newRequest(ctx, spec.url(rng)); err != nil {
						w.errs++
						w.firstErr = err.Error()
						return
					}
				}
				t0 := time.Now()
				if !t0.Before(measureTo) {
					return
				}
				measured := !t0.Before(measureFrom)
				resp, err := tr.RoundTrip(req)
				var n int64
				if err == nil {
					n, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				t1 := time.Now()
				if !measured {
					continue
				}
				switch {
				case err != nil:
					if ctx.Err() != nil {
						return
					}
					w.errs++
					if w.firstErr == "" {
						w.firstErr = fmt.Sprintf("GET %s: %v", req.URL.Path, err)
					}
				case resp.StatusCode != http.StatusOK:
					w.non200++
					if w.firstErr == "" {
						w.firstErr = fmt.Sprintf("GET %s: status %d", req.URL.RequestURI(), resp.StatusCode)
					}
				case spec.wantLen > 0 && int(n) != spec.wantLen:
					w.badLen++
					if w.firstErr == "" {
						w.firstErr = fmt.Sprintf("GET %s: body of %d bytes, want %d", req.URL.Path, n, spec.wantLen)
					}
				}
				w.lat = append(w.lat, t1.Sub(t0))
				w.bytes += n
				w.lastEnd = t1
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return loadResult{}, err
	}

	r := loadResult{name: spec.name, serverCPU: <-cpuDone}
	var all []time.Duration
	var last time.Time
	for i := range workers {
		w := &workers[i]
		all = append(all, w.lat...)
		r.non200 += w.non200
		r.errs += w.errs
		r.badLen += w.badLen
		r.bytes += w.bytes
		if r.firstErr == "" {
			r.firstErr = w.firstErr
		}
		if w.lastEnd.After(last) {
			last = w.lastEnd
		}
	}
	if len(all) == 0 {
		return r, fmt.Errorf("%s: no request completed in the measured window (%s)", spec.name, r.firstErr)
	}
	r.setLatencies(all, measureFrom, last)
	if r.failed() {
		return r, fmt.Errorf("%w from %s: %d non-200, %d errors, %d wrong lengths; first: %s",
			errBadAnswers, spec.name, r.non200, r.errs, r.badLen, r.firstErr)
	}
	return r, nil
}

// setLatencies fills in the count, the measured time and the percentiles
// from every request's latency (sorted here) and the window the requests
// ran in.
func (r *loadResult) setLatencies(all []time.Duration, from, last time.Time) {
	slices.Sort(all)
	r.requests = len(all)
	r.elapsed = last.Sub(from)
	r.p50 = all[(len(all)-1)*50/100]
	r.p99 = all[(len(all)*99+99)/100-1]
}

// cpuBetween reads the CPU time of process pid as the window from..to opens
// and closes, and sends the difference (0 if it could not be read).
func cpuBetween(pid int, from, to time.Time) <-chan time.Duration {
	done := make(chan time.Duration, 1)
	go func() {
		time.Sleep(time.Until(from))
		before, err1 := processCPU(pid)
		time.Sleep(time.Until(to))
		after, err2 := processCPU(pid)
		if err1 != nil || err2 != nil {
			done <- 0
			return
		}
		done <- after - before
	}()
	return done
}

// clockTick is the unit of utime and stime in /proc/PID/stat: USER_HZ, which
// is 100 on every Linux the bench runs on.
const clockTick = 10 * time.Millisecond

// processCPU is the user plus system CPU time of every thread of a process.
func processCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold spaces;
	// utime and stime are fields 14 and 15, the 12th and 13th after it.
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad /proc/%d/stat", pid)
	}
	return time.Duration(utime+stime) * clockTick, nil
}
