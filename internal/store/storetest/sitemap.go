package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testSitemapArticles(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	const n = 8              // seed scrambles only when n is not a multiple of 7
	visible := seed(t, s, n) // newest first
	slices.Reverse(visible)
	draft := newArticle("draft", base.Add(-time.Hour))
	draft.Status = masthead.StatusDraft
	save(t, s, draft)
	save(t, s, newArticle("scheduled", base.Add(time.Minute)))

	entries := make([]masthead.SitemapEntry, len(visible))
	for i, a := range visible {
		entries[i] = masthead.SitemapEntry{Slug: a.Slug, PublishedAt: a.PublishedAt, UpdatedAt: a.UpdatedAt}
	}

	tests := []struct {
		name          string
		visibleAt     time.Time
		offset, limit int
		want          []masthead.SitemapEntry
		total         int
	}{
		{"every visible article, oldest first", base, 0, 100, entries, n},
		{"a first chunk", base, 0, 3, entries[:3], n},
		{"a middle chunk", base, 3, 3, entries[3:6], n},
		{"the last chunk is short", base, 6, 3, entries[6:], n},
		{"an offset past the end gives nothing", base, n, 3, nil, n},
		{"a limit of 0 gives only the total", base, 0, 0, nil, n},
		{"a negative offset counts as 0", base, -5, 2, entries[:2], n},
		{"a limit above the list maximum is not clamped", base, 0, store.MaxLimit + 1, entries, n},
		{"nothing is visible before the first article", base.Add(-24 * time.Hour), 0, 10, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := s.SitemapArticles(t.Context(), tc.visibleAt, tc.offset, tc.limit)
			if err != nil {
				t.Fatalf("SitemapArticles: %v", err)
			}
			if d := diff(tc.want, got); d != "" {
				t.Errorf("entries (-want +got):\n%s", d)
			}
			if total != tc.total {
				t.Errorf("total = %d, want %d", total, tc.total)
			}
		})
	}

	t.Run("scheduled articles join at the end once their time comes", func(t *testing.T) {
		got, total, err := s.SitemapArticles(t.Context(), base.Add(time.Minute), 0, 100)
		if err != nil {
			t.Fatalf("SitemapArticles: %v", err)
		}
		if total != n+1 || len(got) != n+1 || got[n].Slug != "scheduled" {
			t.Fatalf("got %d entries (total %d), last %+v; want %d ending with the scheduled one", len(got), total, got[len(got)-1], n+1)
		}
		if d := diff(entries, got[:n]); d != "" {
			t.Errorf("earlier entries moved (-want +got):\n%s", d)
		}
	})
}

// SitemapChunks agrees with SitemapArticles read chunk by chunk.
func testSitemapChunks(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	ctx := t.Context()
	if got, err := s.SitemapChunks(ctx, base, 2); err != nil || len(got) != 0 {
		t.Fatalf("SitemapChunks of an empty site = %v, %v", got, err)
	}
	for i := range 5 {
		save(t, s, newArticle(fmt.Sprintf("a%d", i), base.Add(time.Duration(i-10)*time.Hour)))
	}
	// Three published at the same time, so that chunks end inside a tie.
	for i := range 3 {
		save(t, s, newArticle(fmt.Sprintf("tie%d", i), base.Add(-5*time.Hour)))
	}
	draft := newArticle("draft", base.Add(-time.Hour))
	draft.Status = masthead.StatusDraft
	save(t, s, draft)
	for _, size := range []int{1, 2, 3, 4, 8, 9} { // 8 visible: a multiple, and one chunk
		got, err := s.SitemapChunks(ctx, base, size)
		if err != nil {
			t.Fatal(err)
		}
		var want []time.Time
		for offset := 0; offset < 8; offset += size {
			entries, _, err := s.SitemapArticles(ctx, base, offset, size)
			if err != nil {
				t.Fatal(err)
			}
			var last time.Time
			for _, e := range entries {
				if m := e.LastModified(); m.After(last) {
					last = m
				}
			}
			want = append(want, last)
		}
		if len(got) != len(want) {
			t.Fatalf("size %d: SitemapChunks = %v, want %v", size, got, want)
		}
		for i := range want {
			if !got[i].Equal(want[i]) {
				t.Errorf("size %d, chunk %d: %v, want %v", size, i, got[i], want[i])
			}
		}
	}
	if _, err := s.SitemapChunks(ctx, base, 0); err == nil {
		t.Errorf("SitemapChunks with size 0 did not fail")
	}
}
