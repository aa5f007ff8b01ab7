package cache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

func page(n int) *Page { return NewPage("text/html; charset=utf-8", []byte(strings.Repeat("x", n))) }

func TestPages(t *testing.T) {
	t.Run("HitAfterPut", func(t *testing.T) {
		c := New(1<<20, time.Hour)
		p := page(10)
		c.Put("/a", c.Generation(), p)
		if got, ok := c.Get("/a"); !ok || got != p {
			t.Fatalf("Get = %v, %v; want the page", got, ok)
		}
		if _, ok := c.Get("/b"); ok {
			t.Fatal("Get of unknown key hit")
		}
		if s := c.Stats(); s.Hits != 1 || s.Misses != 1 || s.Entries != 1 {
			t.Fatalf("Stats = %+v", s)
		}
	})
	t.Run("InvalidateDropsAll", func(t *testing.T) {
		c := New(1<<20, time.Hour)
		c.Put("/a", c.Generation(), page(10))
		c.Invalidate()
		if _, ok := c.Get("/a"); ok {
			t.Fatal("page survived Invalidate")
		}
		if s := c.Stats(); s.Bytes != 0 || s.Entries != 0 {
			t.Fatalf("Stats after Invalidate = %+v", s)
		}
	})
	t.Run("StaleGenerationNotStored", func(t *testing.T) {
		c := New(1<<20, time.Hour)
		gen := c.Generation()
		c.Invalidate() // a write lands while the page renders
		c.Put("/a", gen, page(10))
		if _, ok := c.Get("/a"); ok {
			t.Fatal("page rendered before an invalidation was stored after it")
		}
	})
	t.Run("ExpiredIsAMiss", func(t *testing.T) {
		c := New(1<<20, -time.Second) // every page is born expired
		c.Put("/a", c.Generation(), page(10))
		if _, ok := c.Get("/a"); ok {
			t.Fatal("an expired page was served")
		}
	})
	t.Run("TooLargeNotStored", func(t *testing.T) {
		c := New(8*1024, time.Hour)
		c.Put("/big", c.Generation(), NewPage("image/png", make([]byte, 2000))) // not compressed
		if _, ok := c.Get("/big"); ok {
			t.Fatal("page over an eighth of the budget was stored")
		}
	})
	t.Run("EvictionStaysInBudgetAndKeepsBusyPages", func(t *testing.T) {
		c := New(64*1024, time.Hour)
		c.Put("/busy", c.Generation(), page(1000))
		for i := range 500 {
			c.Get("/busy")
			c.Put(fmt.Sprintf("/p%d", i), c.Generation(), page(1000))
		}
		s := c.Stats()
		if s.Bytes > 64*1024 {
			t.Fatalf("cache holds %d bytes, over its 64 KiB budget", s.Bytes)
		}
		if _, ok := c.Get("/busy"); !ok {
			t.Fatal("a page read between every insert was evicted")
		}
	})
}

func TestNewPage(t *testing.T) {
	tests := []struct {
		name, contentType string
		body              string
		wantGzip          bool
	}{
		{"SmallHTMLNotCompressed", "text/html", "<p>hi</p>", false},
		{"LargeHTMLCompressed", "text/html; charset=utf-8", strings.Repeat("<p>news</p>", 200), true},
		{"LargeJSONCompressed", "application/json", strings.Repeat(`{"a":1}`, 200), true},
		{"ImageNotCompressed", "image/png", strings.Repeat("x", 2000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPage(tt.contentType, []byte(tt.body))
			if (p.Gzip != nil) != tt.wantGzip {
				t.Fatalf("Gzip present = %v, want %v", p.Gzip != nil, tt.wantGzip)
			}
			if p.Gzip != nil {
				zr, err := gzip.NewReader(bytes.NewReader(p.Gzip))
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(zr)
				if string(got) != tt.body {
					t.Fatal("gzipped body does not decompress to the body")
				}
			}
			if string(p.Plain()) != tt.body || p.Size() != len(tt.body) {
				t.Fatalf("Plain() and Size() do not give the body back")
			}
			if q := NewPage(tt.contentType, []byte(tt.body+" ")); q.ETag == p.ETag {
				t.Fatal("different bodies share an ETag")
			}
		})
	}
}

func TestPagesConcurrent(t *testing.T) {
	c := New(32*1024, time.Hour)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				key := fmt.Sprintf("/p%d", (g*7+i)%40)
				if _, ok := c.Get(key); !ok {
					c.Put(key, c.Generation(), page(600))
				}
				if i%97 == 0 {
					c.Invalidate()
				}
			}
		}()
	}
	wg.Wait()
	if s := c.Stats(); s.Bytes > 32*1024 {
		t.Fatalf("cache holds %d bytes, over budget", s.Bytes)
	}
}
