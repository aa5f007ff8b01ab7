package views

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/clock"
)

const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"

// memorySink records flushed counts, and fails while failing is set.
type memorySink struct {
	mu      sync.Mutex
	failing bool
	batches int
	views   map[int64]int64
	hours   map[time.Time]int64
}

func newSink() *memorySink {
	return &memorySink{views: map[int64]int64{}, hours: map[time.Time]int64{}}
}

func (s *memorySink) AddViews(_ context.Context, counts []masthead.ViewCount) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failing {
		return errors.New("database is down")
	}
	s.batches++
	for _, c := range counts {
		s.views[c.ArticleID] += c.Views
		s.hours[c.Hour] += c.Views
	}
	return nil
}

func TestCount(t *testing.T) {
	clk := clock.NewManual(time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC))
	c := New(clk.Now)
	steps := []struct {
		name    string
		article int64
		addr    string
		ua      string
		advance time.Duration
		counted bool
	}{
		{"first view", 1, "192.0.2.1", browser, 0, true},
		{"same reader again", 1, "192.0.2.1", browser, 0, false},
		{"same reader, other article", 2, "192.0.2.1", browser, 0, true},
		{"other address", 1, "192.0.2.2", browser, 0, true},
		{"other browser at the same address", 1, "192.0.2.1", browser + " Edg/130.0", 0, true},
		{"a crawler", 1, "192.0.2.3", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 0, false},
		{"no User-Agent", 1, "192.0.2.4", "", 0, false},
		{"curl", 1, "192.0.2.5", "curl/8.5.0", 0, false},
		{"no article", 0, "192.0.2.6", browser, 0, false},
		{"the next day the same reader counts again", 1, "192.0.2.1", browser, time.Hour, true},
		{"and only once", 1, "192.0.2.1", browser, 0, false},
	}
	for _, s := range steps {
		clk.Advance(s.advance)
		if got := c.Count(s.article, s.addr, s.ua); got != s.counted {
			t.Errorf("%s: Count = %v, want %v", s.name, got, s.counted)
		}
	}
	sink := newSink()
	if err := c.Flush(t.Context(), sink); err != nil {
		t.Fatal(err)
	}
	if sink.views[1] != 4 || sink.views[2] != 1 {
		t.Errorf("flushed views = %v, want article 1: 4, article 2: 1", sink.views)
	}
	lastHour := time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC)
	if sink.hours[lastHour] != 4 || sink.hours[lastHour.Add(time.Hour)] != 1 {
		t.Errorf("flushed by hour = %v", sink.hours)
	}
	if c.Pending() != 0 {
		t.Errorf("Pending after flush = %d", c.Pending())
	}
}

func TestIsBot(t *testing.T) {
	for ua, want := range map[string]bool{
		browser: false,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1": false,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0":                                                        false,
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)":                                                                 true,
		"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)":                                                               true,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0 Safari/537.36":                               true,
		"python-requests/2.32": true,
		"Go-http-client/1.1":   true,
		"Feedly/1.0":           true,
		"Wget/1.21":            true,
		"":                     true,
		"SomeCRAWLER/1.0":      true,
	} {
		if got := IsBot(ua); got != want {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, want)
		}
	}
}

// A failed flush keeps its counts for the next one.
func TestFlushFailureKeepsCounts(t *testing.T) {
	c := New(clock.NewManual(time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)).Now)
	sink := newSink()
	c.Count(7, "192.0.2.1", browser)
	sink.failing = true
	if err := c.Flush(t.Context(), sink); err == nil {
		t.Fatal("Flush to a failing sink succeeded")
	}
	c.Count(7, "192.0.2.2", browser)
	sink.failing = false
	if err := c.Flush(t.Context(), sink); err != nil {
		t.Fatal(err)
	}
	if sink.views[7] != 2 {
		t.Errorf("views = %d, want 2 (one kept from the failed flush)", sink.views[7])
	}
}

// Under concurrent counting and flushing every distinct view is flushed
// exactly once, in batches rather than one write per view.
func TestConcurrentCountingAndFlushing(t *testing.T) {
	c := New(clock.NewManual(time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)).Now)
	sink := newSink()
	const readers, articles = 16, 50
	var wg sync.WaitGroup
	for r := range readers {
		wg.Go(func() {
			for a := range articles {
				addr := fmt.Sprintf("198.51.100.%d", r)
				c.Count(int64(a+1), addr, browser)
				c.Count(int64(a+1), addr, browser) // a repeat, dropped
			}
		})
	}
	stop := make(chan struct{})
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		for {
			select {
			case <-stop:
				return
			default:
				if err := c.Flush(t.Context(), sink); err != nil {
					t.Error(err)
				}
			}
		}
	}()
	wg.Wait()
	close(stop)
	<-flushed
	if err := c.Flush(t.Context(), sink); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, v := range sink.views {
		total += v
	}
	if total != readers*articles {
		t.Errorf("flushed %d views, want %d", total, readers*articles)
	}
	if sink.batches >= readers*articles {
		t.Errorf("%d batches for %d views: not batched", sink.batches, total)
	}
}

// Run flushes on its interval and once more when it stops.
func TestRunFlushesAtShutdown(t *testing.T) {
	c := New(time.Now)
	sink := newSink()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Run(ctx, sink, time.Hour, slogDiscard())
	}()
	c.Count(3, "192.0.2.9", browser)
	cancel()
	<-done
	if sink.views[3] != 1 {
		t.Errorf("views after shutdown = %d, want 1", sink.views[3])
	}
}

// The set of seen readers is bounded.
func TestSeenIsBounded(t *testing.T) {
	c := New(clock.NewManual(time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)).Now)
	for i := range MaxSeen + 10 {
		c.Count(1, fmt.Sprint(i), browser)
	}
	if len(c.seen) > MaxSeen {
		t.Errorf("seen holds %d, more than MaxSeen %d", len(c.seen), MaxSeen)
	}
}

func BenchmarkCount(b *testing.B) {
	c := New(time.Now)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Count(1, "192.0.2.1", browser)
		}
	})
}

func slogDiscard() *slog.Logger { return slog.New(slog.DiscardHandler) }
