package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

const testUA = "Masthead-test/1.0 (+https://site.example/)"

// newTestClient returns a Client for opt with a User-Agent filled in and
// its idle connections closed when the test ends.
func newTestClient(t *testing.T, opt Options) *Client {
	t.Helper()
	if opt.UserAgent == "" {
		opt.UserAgent = testUA
	}
	c, err := New(opt)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// countingServer is a loopback server that counts the requests it sees.
type countingServer struct {
	*httptest.Server
	hits atomic.Int64
}

func newCountingServer(t *testing.T, h http.HandlerFunc) *countingServer {
	t.Helper()
	s := &countingServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// port returns the server's port as a string.
func (s *countingServer) port(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// fakeDNS resolves the names in table and sends every other name to the
// real resolver, so tests can give made-up names any address without
// touching the network.
func fakeDNS(table map[string][]string) func(context.Context, string, string) ([]netip.Addr, error) {
	return func(ctx context.Context, network, host string) ([]netip.Addr, error) {
		texts, ok := table[strings.ToLower(host)]
		if !ok {
			if strings.HasSuffix(host, ".test") {
				return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
			}
			return net.DefaultResolver.LookupNetIP(ctx, network, host)
		}
		var out []netip.Addr
		for _, s := range texts {
			out = append(out, netip.MustParseAddr(s))
		}
		return out, nil
	}
}

// letPortThrough wraps the client's address policy so that connections to
// one port pass: the test's own loopback server can then play a public
// outlet while every other loopback port stays forbidden.
func letPortThrough(c *Client, port string) {
	inner := c.dialer.refuse
	c.dialer.refuse = func(ap netip.AddrPort) string {
		if ap.Addr() == netip.MustParseAddr("127.0.0.1") && port == strconv.Itoa(int(ap.Port())) {
			return ""
		}
		return inner(ap)
	}
}

// wantErr checks err against the expectation of a table row: nil want
// means success, otherwise err must match want with errors.Is.
func wantErr(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("err = %v, want none", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("err = %v, want one matching %v", err, want)
	}
}

// recorder keeps the headers of every request a handler saw. The handler
// and the test run on different goroutines, hence the lock.
type recorder struct {
	mu   sync.Mutex
	seen []*http.Request
}

func (rec *recorder) add(r *http.Request) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.seen = append(rec.seen, &http.Request{Method: r.Method, URL: r.URL, Header: r.Header.Clone()})
}

func (rec *recorder) all() []*http.Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]*http.Request(nil), rec.seen...)
}

func (rec *recorder) last() *http.Request {
	all := rec.all()
	if len(all) == 0 {
		return &http.Request{Header: http.Header{}}
	}
	return all[len(all)-1]
}
