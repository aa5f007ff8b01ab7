package auth

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestMemoryAttempts(t *testing.T) {
	ctx := context.Background()
	m := NewMemoryAttempts(100)
	for i, want := range []int{1, 2, 3} {
		at := t0.Add(time.Duration(i) * time.Minute)
		if n, err := m.RecordFailure(ctx, "k", at, t0); n != want || err != nil {
			t.Fatalf("RecordFailure #%d = %d, %v; want %d", i, n, err, want)
		}
	}
	tests := []struct {
		name  string
		key   string
		since time.Time
		want  int
	}{
		{"All", "k", t0, 3},
		{"AtOrAfter", "k", t0.Add(time.Minute), 2},
		{"Later", "k", t0.Add(3 * time.Minute), 0},
		{"OtherKey", "other", t0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n, err := m.Failures(ctx, tt.key, tt.since); n != tt.want || err != nil {
				t.Fatalf("Failures(%q, %v) = %d, %v; want %d", tt.key, tt.since, n, err, tt.want)
			}
		})
	}
	t.Run("Clear", func(t *testing.T) {
		if err := m.ClearFailures(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if n, _ := m.Failures(ctx, "k", t0); n != 0 {
			t.Fatalf("after ClearFailures, Failures = %d", n)
		}
		if m.Len() != 0 {
			t.Fatalf("after ClearFailures, Len = %d", m.Len())
		}
	})
}

func TestMemoryAttempts_PrunesOldFailures(t *testing.T) {
	ctx := context.Background()
	m := NewMemoryAttempts(100)
	m.RecordFailure(ctx, "k", t0, t0)
	m.RecordFailure(ctx, "k", t0.Add(time.Minute), t0)
	// A later window: the failure at t0 is out of it and is dropped for good.
	if n, _ := m.RecordFailure(ctx, "k", t0.Add(20*time.Minute), t0.Add(time.Minute)); n != 2 {
		t.Fatalf("RecordFailure = %d, want 2", n)
	}
	if n, _ := m.Failures(ctx, "k", t0); n != 2 {
		t.Fatalf("Failures since t0 = %d, want 2 (the oldest pruned)", n)
	}
}

func TestMemoryAttempts_Bounded(t *testing.T) {
	ctx := context.Background()
	window := 15 * time.Minute
	m := NewMemoryAttempts(3)
	record := func(key string, at time.Time) {
		if _, err := m.RecordFailure(ctx, key, at, at.Add(-window)); err != nil {
			t.Fatal(err)
		}
	}
	record("stale", t0)
	record("older", t0.Add(10*time.Minute))
	record("newer", t0.Add(12*time.Minute))
	// Full. "stale" has left the window, so it goes first and nothing live is lost.
	record("d", t0.Add(20*time.Minute))
	if n, _ := m.Failures(ctx, "older", t0); n != 1 {
		t.Fatalf("a live key was evicted while a stale one was there")
	}
	if m.Len() != 3 {
		t.Fatalf("Len = %d, want 3", m.Len())
	}
	// Full of live keys: the one whose latest failure is oldest goes.
	record("e", t0.Add(21*time.Minute))
	if n, _ := m.Failures(ctx, "older", t0); n != 0 {
		t.Errorf("key %q should have been evicted", "older")
	}
	for _, key := range []string{"newer", "d", "e"} {
		if n, _ := m.Failures(ctx, key, t0); n != 1 {
			t.Errorf("key %q lost", key)
		}
	}
	if m.Len() != 3 {
		t.Errorf("Len = %d, want 3", m.Len())
	}
	// An existing key never evicts another.
	record("e", t0.Add(22*time.Minute))
	if m.Len() != 3 {
		t.Errorf("Len = %d, want 3", m.Len())
	}
}

func TestMemoryAttempts_CapPerKey(t *testing.T) {
	ctx := context.Background()
	m := NewMemoryAttempts(10)
	var n int
	for i := range maxFailuresPerKey + 5 {
		n, _ = m.RecordFailure(ctx, "k", t0.Add(time.Duration(i)*time.Millisecond), t0)
	}
	if n != maxFailuresPerKey {
		t.Fatalf("count = %d, want it to saturate at %d", n, maxFailuresPerKey)
	}
}

func TestMemoryAttempts_Concurrent(t *testing.T) {
	ctx := context.Background()
	m := NewMemoryAttempts(1000)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			key := fmt.Sprintf("k%d", i%5)
			m.RecordFailure(ctx, key, t0, t0)
			m.Failures(ctx, key, t0)
			if i%10 == 0 {
				m.Len()
			}
		})
	}
	wg.Wait()
	for i := range 5 {
		if n, _ := m.Failures(ctx, fmt.Sprintf("k%d", i), t0); n != 10 {
			t.Errorf("k%d has %d failures, want 10", i, n)
		}
	}
}
