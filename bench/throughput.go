package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/masthead-news/masthead/internal/web"
)

// throughputResult compares masthead with the baseline on the article page.
type throughputResult struct {
	page        int    // body bytes on the wire (gzipped when masthead gzips)
	encoding    string // Content-Encoding masthead sent
	headerBytes [2]int // response header bytes: masthead, baseline
	runs        []loadResult
}

// noViews names the masthead server that counts no views.
const noViews = "masthead-noviews"

// runThroughput loads the article page on masthead and on the baseline
// alternately, A B A B (with the default two rounds), so that drift on the machine (heat, other work)
// touches both alike.
func runThroughput(b *bench) error {
	bin, err := b.ensureBinary()
	if err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	path, args := bin, []string{"serve", "--data", b.article.dir, "--addr", addr}
	if b.opts.srvProfile != "" {
		if path, err = os.Executable(); err != nil {
			return err
		}
		args = []string{profiledArg, "-data", b.article.dir, "-addr", addr, "-cpuprofile", b.opts.srvProfile}
	}
	ms, err := b.startProc("masthead-article", addr, b.opts.serverEnv, path, args...)
	if err != nil {
		return err
	}
	// A second masthead on the same site with view counting off, so that
	// what counting costs shows beside the same server without it.
	nvAddr, err := freeAddr()
	if err != nil {
		return err
	}
	nvEnv := append(slices.Clone(b.opts.serverEnv), "MASTHEAD_COUNT_VIEWS=false")
	nv, err := b.startProc(noViews, nvAddr, nvEnv, bin, "serve", "--data", b.article.dir, "--addr", nvAddr)
	if err != nil {
		return err
	}
	nvBody, _, err := fetchStable(b, nv.url+b.article.path)
	if err != nil {
		return err
	}

	// The page as the load will get it: same headers, so gzipped.
	body, hdr, err := fetchStable(b, ms.url+b.article.path)
	if err != nil {
		return err
	}
	res := &throughputResult{page: len(body), encoding: hdr.Get("Content-Encoding")}
	b.rep.throughput = res
	pageFile := filepath.Join(b.tmp, "page.bin")
	if err := os.WriteFile(pageFile, body, 0o600); err != nil {
		return err
	}

	baseAddr, err := freeAddr()
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	// The baseline sends masthead's whole response: the same body and the
	// same headers (but Date, which net/http adds to both), so the two
	// differ only in the work done to produce it.
	sent := hdr.Clone()
	sent.Del("Date")
	headerFile := filepath.Join(b.tmp, "headers.json")
	hj, err := json.Marshal(sent)
	if err != nil {
		return err
	}
	if err := os.WriteFile(headerFile, hj, 0o600); err != nil {
		return err
	}
	args = []string{baselineArg, "-file", pageFile, "-headers", headerFile, "-addr", baseAddr}
	bs, err := b.startProc("baseline", baseAddr, nil, exe, args...)
	if err != nil {
		return err
	}
	// Both must send byte-for-byte the same body, or the comparison is off.
	baseBody, baseHdr, err := fetch(b, bs.url+b.article.path, false)
	if err != nil {
		return err
	}
	if !bytes.Equal(body, baseBody) || headerSize(hdr) != headerSize(baseHdr) {
		return fmt.Errorf("baseline does not answer what masthead answers")
	}
	res.headerBytes = [2]int{headerSize(hdr), headerSize(baseHdr)}

	for round := range b.opts.rounds {
		for _, p := range []*proc{bs, ms, nv} {
			wantLen := len(body)
			if p == nv {
				wantLen = len(nvBody)
			}
			logf("load %s, run %d of %d (%v + %v warm-up)", p.name, round+1, b.opts.rounds, b.opts.duration, warmup)
			r, err := runLoad(b.ctx, loadSpec{
				name:     p.name,
				conns:    b.opts.conns,
				warmup:   warmup,
				duration: b.opts.duration,
				fixed:    p.url + b.article.path,
				wantLen:  wantLen,
				pid:      p.pid(),
			})
			if r.requests > 0 {
				res.runs = append(res.runs, r)
			}
			if err != nil {
				return err
			}
		}
	}
	return errors.Join(b.stopAndRecord(bs), b.stopAndRecord(ms), b.stopAndRecord(nv))
}

// fetchStable fetches url until two fetches a watch interval apart give the
// same bytes. The page carries a signed time in its comment form, so it
// changes whenever it is rendered again; right after start-up the server's
// first look for changes drops the cache, and a copy taken before that would
// not be what the load gets.
func fetchStable(b *bench, url string) ([]byte, http.Header, error) {
	prev, _, err := fetch(b, url, false)
	if err != nil {
		return nil, nil, err
	}
	for range 20 {
		select {
		case <-b.ctx.Done():
			return nil, nil, b.ctx.Err()
		case <-time.After(2 * web.WatchInterval):
		}
		body, hdr, err := fetch(b, url, false)
		if err != nil {
			return nil, nil, err
		}
		if bytes.Equal(body, prev) {
			return body, hdr, nil
		}
		prev = body
	}
	return nil, nil, fmt.Errorf("GET %s: the page changes on every fetch, so the baseline cannot copy it", url)
}

// fetch GETs url once with the load's headers and requires a 200. With
// plain set it asks for no gzip, for bodies the bench reads itself.
func fetch(b *bench, url string, plain bool) ([]byte, http.Header, error) {
	req, err := newRequest(b.ctx, url)
	if err != nil {
		return nil, nil, err
	}
	if plain {
		req.Header.Del("Accept-Encoding")
	}
	tr := newTransport(1)
	defer tr.CloseIdleConnections()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	return body, resp.Header, nil
}

// headerSize is roughly how many bytes a response's header fields take on
// the wire, as net/http adds Date itself.
func headerSize(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}
