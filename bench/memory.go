package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memoryResult is masthead's footprint serving a large site.
type memoryResult struct {
	articles int
	fixture  time.Duration // time to create the site
	peakRSS  int64         // bytes, highest VmRSS sampled
	idleRSS  int64         // bytes, VmRSS once ready, before any load
	samples  int
	load     loadResult
	// At the end of the load: /proc/PID/status sizes (VmHWM is the kernel's
	// own peak; RssAnon and RssFile split VmRSS into memory the process
	// allocated and pages of its binary and files), and the server's own
	// metrics (Go heap, page cache), to tell where the memory goes.
	end     map[string]int64
	metrics map[string]float64
}

// rssInterval is how often the server's resident memory is sampled.
const rssInterval = 100 * time.Millisecond

// runMemory serves a site of -articles articles under a mixed load that
// touches far more pages than the page cache holds, and samples the server's
// resident memory throughout.
func runMemory(b *bench) error {
	bin, err := b.ensureBinary()
	if err != nil {
		return err
	}
	n := b.opts.articles
	logf("creating %d articles", n)
	t0 := time.Now()
	site, err := makeManySite(b.ctx, filepath.Join(b.tmp, "many"), n)
	if err != nil {
		return fmt.Errorf("fixture: %w", err)
	}
	res := &memoryResult{articles: n, fixture: time.Since(t0)}
	b.rep.memory = res

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	p, err := b.startProc("masthead-site", addr, b.opts.serverEnv, bin, "serve", "--data", site.dir, "--addr", addr)
	if err != nil {
		return err
	}

	if st, err := readStatus(p.pid()); err == nil {
		res.idleRSS = st["VmRSS"]
	}

	// Sample from start-up on; the peak may come at any moment.
	stopSampling := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(rssInterval)
		defer t.Stop()
		for {
			if st, err := readStatus(p.pid()); err == nil {
				res.peakRSS = max(res.peakRSS, st["VmRSS"])
				res.samples++
			}
			select {
			case <-stopSampling:
				return
			case <-t.C:
			}
		}
	}()

	// Page limits that exist for any -articles: sections and tags get
	// roughly n/8 and 3n/50 articles, of which the bench asks for the first
	// half of the pages.
	homePages := min(20, (n+19)/20)
	secPages := max(1, min(5, n/8/20/2))
	tagPages := max(1, min(3, n*3/50/20/2))
	base := p.url
	mix := func(rng *rand.Rand) string {
		switch k := rng.IntN(100); {
		case k < 10:
			return base + pagePath("/", 1+rng.IntN(homePages))
		case k < 20:
			return base + pagePath("/section/"+site.sections[rng.IntN(len(site.sections))]+"/", 1+rng.IntN(secPages))
		case k < 30:
			return base + pagePath("/tag/"+site.tags[rng.IntN(len(site.tags))]+"/", 1+rng.IntN(tagPages))
		case k < 35:
			return base + "/feed.xml"
		default:
			return base + site.articles[rng.IntN(len(site.articles))]
		}
	}
	logf("mixed load on %d articles (%v + %v warm-up)", n, b.opts.duration, warmup)
	r, loadErr := runLoad(b.ctx, loadSpec{
		name: "masthead-site", conns: b.opts.conns, warmup: warmup, duration: b.opts.duration, url: mix, pid: p.pid(),
	})
	res.load = r

	if st, err := readStatus(p.pid()); err == nil {
		res.end = st
		res.peakRSS = max(res.peakRSS, st["VmRSS"])
	}
	close(stopSampling)
	wg.Wait()
	if body, _, err := fetch(b, base+"/metrics", true); err == nil {
		res.metrics = parseMetrics(body)
	}
	return errors.Join(loadErr, b.stopAndRecord(p))
}

// pagePath is a list page's path, with ?page=N past the first.
func pagePath(path string, n int) string {
	if n <= 1 {
		return path
	}
	return path + "?page=" + strconv.Itoa(n)
}

// readStatus reads the Vm* and Rss* sizes of /proc/PID/status, in bytes.
func readStatus(pid int) (map[string]int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || !(strings.HasPrefix(key, "Vm") || strings.HasPrefix(key, "Rss")) {
			continue
		}
		f := strings.Fields(val) // "12345 kB"
		if len(f) == 2 && f[1] == "kB" {
			if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				out[key] = kb << 10
			}
		}
	}
	return out, nil
}

// parseMetrics reads the unlabelled samples of a Prometheus text answer.
func parseMetrics(body []byte) map[string]float64 {
	out := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		name, val, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		if v, err := strconv.ParseFloat(val, 64); err == nil {
			out[name] = v
		}
	}
	return out
}
