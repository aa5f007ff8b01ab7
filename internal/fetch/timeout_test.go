package fetch

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestTimeout serves answers that never finish. Each must end in an error
// that matches context.DeadlineExceeded once the 300ms Timeout is up.
func TestTimeout(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/drip": // headers at once, then one byte every 20ms
			w.Header().Set("Content-Length", "100000")
			w.WriteHeader(http.StatusOK)
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-r.Context().Done():
					return
				case <-tick.C:
					w.Write([]byte("x"))
					w.(http.Flusher).Flush()
				}
			}
		case "/silent": // never even sends headers
			<-r.Context().Done()
		}
	})
	c := newTestClient(t, Options{AllowPrivate: true, Timeout: 300 * time.Millisecond})
	for _, path := range []string{"/drip", "/silent"} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			_, err := c.Get(context.Background(), Request{URL: srv.URL + path})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want one matching context.DeadlineExceeded", err)
			}
			if !strings.Contains(err.Error(), "timed out") && !strings.Contains(err.Error(), "Timeout") {
				t.Errorf("err = %q, want it to say it timed out", err)
			}
		})
	}
}

// TestCancel cancels the caller's context while the server is thinking.
func TestCancel(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	c := newTestClient(t, Options{AllowPrivate: true})

	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := c.Get(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want one matching context.Canceled", err)
	}
	if strings.Contains(err.Error(), "Timeout") {
		t.Errorf("err = %q blames the Timeout for the caller's cancellation", err)
	}
}
