package fetch

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// probe is a handler that tracks how many of its requests are in flight.
// Each request waits until the count reaches target (so that "at most
// target" is really tested, not just hoped for) and until the other
// host's probe has reached its own (so that the two hosts are shown to run
// at the same time), with a generous timeout instead of a hang if the
// limiter is wrong.
type probe struct {
	target  int
	mu      sync.Mutex
	n, max  int
	reached chan struct{}
	once    sync.Once
	other   *probe
}

func newProbe(target int) *probe { return &probe{target: target, reached: make(chan struct{})} }

func (p *probe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.n++
	p.max = max(p.max, p.n)
	if p.n >= p.target {
		p.once.Do(func() { close(p.reached) })
	}
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.n--
		p.mu.Unlock()
	}()

	for _, ch := range []chan struct{}{p.reached, p.other.reached} {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			http.Error(w, "the other requests never came", http.StatusInternalServerError)
			return
		}
	}
	time.Sleep(5 * time.Millisecond) // let any request the limiter wrongly lets through overlap
	w.Write([]byte("ok"))
}

func (p *probe) maxInFlight() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.max
}

func TestPerHost(t *testing.T) {
	for _, perHost := range []int{1, 2} {
		t.Run("PerHost"+strconv.Itoa(perHost), func(t *testing.T) {
			a, b := newProbe(perHost), newProbe(perHost)
			a.other, b.other = b, a
			srvA := newCountingServer(t, a.ServeHTTP)
			srvB := newCountingServer(t, b.ServeHTTP)
			c := newTestClient(t, Options{AllowPrivate: true, PerHost: perHost})
			c.dialer.lookup = fakeDNS(map[string][]string{"a.test": {"127.0.0.1"}, "b.test": {"127.0.0.1"}})

			urls := map[string]string{
				"a": "http://a.test:" + srvA.port(t) + "/",
				"b": "http://b.test:" + srvB.port(t) + "/",
			}
			const each = 4
			var wg sync.WaitGroup
			errs := make(chan error, 2*each)
			for range each {
				for _, u := range urls {
					wg.Go(func() {
						if _, err := c.Get(context.Background(), Request{URL: u}); err != nil {
							errs <- err
						}
					})
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			for name, p := range map[string]*probe{"a": a, "b": b} {
				if got := p.maxInFlight(); got != perHost {
					t.Errorf("host %s: max in flight = %d, want %d", name, got, perHost)
				}
			}
			if n := trackedHosts(c); n != 0 {
				t.Errorf("limiter still tracks %d hosts after all requests ended", n)
			}
		})
	}
}

// TestPerHostWaiterCancel cancels a Get that is queued behind another
// request to the same host: it must give up without reaching the server.
func TestPerHostWaiterCancel(t *testing.T) {
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			arrived <- struct{}{}
			<-release
		}
		w.Write([]byte("ok"))
	})
	c := newTestClient(t, Options{AllowPrivate: true})

	first := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), Request{URL: srv.URL + "/slow"})
		first <- err
	}()
	<-arrived

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the slot is taken, so only cancellation can end the wait
	_, err := c.Get(ctx, Request{URL: srv.URL + "/queued"})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "waiting for a free slot") {
		t.Errorf("queued Get err = %v, want a cancelled wait for a slot", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Errorf("first Get: %v", err)
	}
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/after"}); err != nil {
		t.Errorf("Get after the queue cleared: %v", err)
	}
	if n := srv.hits.Load(); n != 2 {
		t.Errorf("server saw %d requests, want 2 (the cancelled one must not arrive)", n)
	}
}

// TestPerHostRedirectSwap sends two Gets that redirect to each other's
// hosts with PerHost 1. A Get moves its slot to the new host rather than
// holding both, so neither waits for the other for ever.
func TestPerHostRedirectSwap(t *testing.T) {
	var (
		mu     sync.Mutex
		firsts int
		both   = make(chan struct{})
	)
	handler := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/end" {
			w.Write([]byte("end"))
			return
		}
		// Hold both first hops until both have arrived, so each Get owns its
		// first host's slot when it asks for the other's.
		mu.Lock()
		firsts++
		if firsts == 2 {
			close(both)
		}
		mu.Unlock()
		select {
		case <-both:
		case <-time.After(5 * time.Second):
		}
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	}
	srvA, srvB := newCountingServer(t, handler), newCountingServer(t, handler)
	urlA, urlB := "http://a.test:"+srvA.port(t), "http://b.test:"+srvB.port(t)
	c := newTestClient(t, Options{AllowPrivate: true, Timeout: 10 * time.Second})
	c.dialer.lookup = fakeDNS(map[string][]string{"a.test": {"127.0.0.1"}, "b.test": {"127.0.0.1"}})

	var wg sync.WaitGroup
	for _, start := range []string{urlA + "/start?to=" + urlB + "/end", urlB + "/start?to=" + urlA + "/end"} {
		wg.Go(func() {
			res, err := c.Get(context.Background(), Request{URL: start})
			if err != nil {
				t.Errorf("Get %s: %v", start, err)
				return
			}
			if string(res.Body) != "end" {
				t.Errorf("Get %s: body %q, want %q", start, res.Body, "end")
			}
		})
	}
	wg.Wait()
	if n := trackedHosts(c); n != 0 {
		t.Errorf("limiter still tracks %d hosts after all requests ended", n)
	}
}

// trackedHosts is how many hosts the limiter holds entries for.
func trackedHosts(c *Client) int {
	c.hosts.mu.Lock()
	defer c.hosts.mu.Unlock()
	return len(c.hosts.hosts)
}
