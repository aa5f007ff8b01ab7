package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// TestForbiddenAddresses fetches through the real dialer with the default
// policy. Every URL leads to the loopback test server (or to an address
// where nothing listens), and the server must never see a request: the
// refusal happens before any connection is made.
func TestForbiddenAddresses(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("secret"))
	})
	port := srv.port(t)
	c := newTestClient(t, Options{})
	c.dialer.lookup = fakeDNS(map[string][]string{
		"metadata.test": {"169.254.169.254"},
		"intranet.test": {"10.0.0.7"},
		// A public name that also points inside must be refused as a whole.
		"mixed.test":  {"93.184.215.14", "127.0.0.1"},
		"mapped.test": {"::ffff:127.0.0.1"},
	})

	tests := []struct {
		name, url, wantInMsg string
	}{
		{"LoopbackV4", "http://127.0.0.1:" + port + "/", "127.0.0.1: loopback"},
		{"LoopbackV6", "http://[::1]:" + port + "/", "::1: loopback"},
		{"Localhost", "http://localhost:" + port + "/", `"localhost" at 127.0.0.1: loopback`},
		{"Unspecified", "http://0.0.0.0:" + port + "/", "unspecified"},
		{"MappedLiteral", "http://[::ffff:127.0.0.1]:" + port + "/", "loopback"},
		{"MappedByDNS", "http://mapped.test:" + port + "/", `"mapped.test" at 127.0.0.1: loopback`},
		{"Private", "http://10.0.0.1:" + port + "/", "10.0.0.1: private"},
		{"Metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254: link-local"},
		{"MetadataByDNS", "http://metadata.test/latest/meta-data/", `"metadata.test" at 169.254.169.254`},
		{"PrivateByDNS", "https://intranet.test/feed", `"intranet.test" at 10.0.0.7: private`},
		{"MixedAnswer", "http://mixed.test:" + port + "/", `"mixed.test" at 127.0.0.1`},
		{"CGNAT", "http://100.64.1.1/", "carrier-grade NAT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Get(context.Background(), Request{URL: tt.url})
			if !errors.Is(err, ErrForbiddenAddress) {
				t.Fatalf("err = %v, want ErrForbiddenAddress", err)
			}
			var ae *AddressError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want an *AddressError inside", err)
			}
			if !strings.Contains(err.Error(), tt.wantInMsg) || !strings.Contains(err.Error(), tt.url) {
				t.Errorf("err = %q, want it to name %q and %q", err, tt.url, tt.wantInMsg)
			}
		})
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

// TestRedirectToForbiddenAddress lets one loopback server play a public
// outlet and has it redirect inwards. The second server, on another
// loopback port, stands for the intranet and must never be reached.
func TestRedirectToForbiddenAddress(t *testing.T) {
	inside := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("internal"))
	})
	outlet := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	c := newTestClient(t, Options{})
	c.dialer.lookup = fakeDNS(map[string][]string{
		"outlet.test":   {"127.0.0.1"},
		"intranet.test": {"127.0.0.1"},
		"private.test":  {"192.168.0.10"},
	})
	letPortThrough(c, outlet.port(t))
	ip := inside.port(t)

	for _, to := range []string{
		"http://127.0.0.1:" + ip + "/admin",
		"http://localhost:" + ip + "/admin",
		"http://intranet.test:" + ip + "/admin",
		"http://private.test/admin",
		"http://169.254.169.254/latest/meta-data/",
	} {
		t.Run(to, func(t *testing.T) {
			before := outlet.hits.Load()
			start := "http://outlet.test:" + outlet.port(t) + "/go?to=" + url.QueryEscape(to)
			_, err := c.Get(context.Background(), Request{URL: start})
			if !errors.Is(err, ErrForbiddenAddress) {
				t.Fatalf("err = %v, want ErrForbiddenAddress", err)
			}
			if !strings.Contains(err.Error(), to) {
				t.Errorf("err = %q, want it to name the redirect target %q", err, to)
			}
			if got := outlet.hits.Load() - before; got != 1 {
				t.Errorf("outlet saw %d requests, want 1", got)
			}
		})
	}
	if n := inside.hits.Load(); n != 0 {
		t.Errorf("intranet server saw %d requests, want 0", n)
	}
}

// TestAllowPrivate checks the switch that tests and intranet sources use.
func TestAllowPrivate(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})
	c := newTestClient(t, Options{AllowPrivate: true})
	res, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if string(res.Body) != "ok" {
		t.Errorf("body = %q, want %q", res.Body, "ok")
	}
}

// TestControlGuard checks the second line of defence, the socket-level
// check, on its own: it must refuse even if the resolver step were skipped.
func TestControlGuard(t *testing.T) {
	d := newDialer(0, false)
	for _, addr := range []string{"127.0.0.1:80", "[::1]:443", "[fe80::1%eth0]:80", "10.0.0.1:8080"} {
		if err := d.control("tcp", addr, nil); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("control(%s) = %v, want ErrForbiddenAddress", addr, err)
		}
	}
	if err := d.control("tcp", "8.8.8.8:443", nil); err != nil {
		t.Errorf("control(8.8.8.8:443) = %v, want nil", err)
	}
	if err := newDialer(0, true).control("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("with AllowPrivate, control(127.0.0.1:80) = %v, want nil", err)
	}
}

// TestDNSRebinding has a name answer with an allowed address for the first
// poll and the metadata address for the next. The check runs on every
// dial, so the second poll is refused even though the name was fine
// before.
func TestDNSRebinding(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})
	c := newTestClient(t, Options{})
	letPortThrough(c, srv.port(t))
	var lookups atomic.Int64
	c.dialer.lookup = func(ctx context.Context, network, host string) ([]netip.Addr, error) {
		if lookups.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
	}
	u := "http://rebind.test:" + srv.port(t) + "/feed"

	if _, err := c.Get(context.Background(), Request{URL: u}); err != nil {
		t.Fatalf("first Get: %v", err)
	}
	c.CloseIdleConnections() // the next poll must dial (and resolve) again
	_, err := c.Get(context.Background(), Request{URL: u})
	if !errors.Is(err, ErrForbiddenAddress) || !strings.Contains(err.Error(), "169.254.169.254") {
		t.Fatalf("second Get err = %v, want ErrForbiddenAddress naming 169.254.169.254", err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}
