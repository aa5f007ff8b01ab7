package postgres_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store/postgres"
)

// A change committed through one instance is told to another that listens.
func TestListenChanges(t *testing.T) {
	url := postgres.FreshDatabase(t)
	a, b := openURL(t, url), openURL(t, url)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var calls atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.ListenChanges(ctx, func() { calls.Add(1) }, func(err error) { t.Logf("listener: %v", err) })
	}()
	waitFor(t, func() bool { return calls.Load() >= 1 }) // the first call, on connecting
	before := calls.Load()
	art := &masthead.Article{Slug: "notified", Title: "Notified", Status: masthead.StatusPublished, PublishedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if _, err := b.SaveArticle(t.Context(), art); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return calls.Load() > before })
	cancel()
	<-done
}

// One instance leads at a time; when it stops, another takes over.
func TestRunAsLeader(t *testing.T) {
	url := postgres.FreshDatabase(t)
	var (
		mu      sync.Mutex
		leading = map[int]bool{}
		maxBoth int
	)
	ctxs := make([]context.CancelFunc, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		db := openURL(t, url, postgres.WithLeaderRetry(100*time.Millisecond))
		ctx, cancel := context.WithCancel(t.Context())
		ctxs[i] = cancel
		wg.Go(func() {
			db.RunAsLeader(ctx, "test", func(lead context.Context) {
				mu.Lock()
				leading[i] = true
				n := 0
				for _, on := range leading {
					if on {
						n++
					}
				}
				maxBoth = max(maxBoth, n)
				mu.Unlock()
				<-lead.Done()
				mu.Lock()
				leading[i] = false
				mu.Unlock()
			})
		})
	}
	leader := -1
	waitFor(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for i, on := range leading {
			if on {
				leader = i
			}
		}
		return leader >= 0
	})
	ctxs[leader]() // the leader stops
	waitFor(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return leading[1-leader]
	})
	ctxs[1-leader]()
	wg.Wait()
	if maxBoth > 1 {
		t.Errorf("%d instances led at once", maxBoth)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
