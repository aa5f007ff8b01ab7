package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/clock"
)

// newTestThrottle returns a Throttle on a fresh MemoryAttempts and the clock
// that drives it.
func newTestThrottle(limits Limits) (*Throttle, *MemoryAttempts, *clock.Manual) {
	c := clock.NewManual(t0)
	store := NewMemoryAttempts(10_000)
	return NewThrottle(store, c.Now, limits), store, c
}

func mustFail(tb testing.TB, th *Throttle, n int, email, ip string) {
	tb.Helper()
	for range n {
		if err := th.Failed(context.Background(), email, ip); err != nil {
			tb.Fatalf("Failed(%q, %q): %v", email, ip, err)
		}
	}
}

// checkAllowed fails the test unless Check lets email log in from ip.
func checkAllowed(tb testing.TB, th *Throttle, email, ip string) {
	tb.Helper()
	if err := th.Check(context.Background(), email, ip); err != nil {
		tb.Fatalf("Check(%q, %q) = %v, want nil", email, ip, err)
	}
}

// checkThrottled fails the test unless Check refuses email from ip with
// exactly the message want.
func checkThrottled(tb testing.TB, th *Throttle, email, ip, want string) {
	tb.Helper()
	err := th.Check(context.Background(), email, ip)
	if code := masthead.ErrorCode(err); code != masthead.ERATELIMIT {
		tb.Fatalf("Check(%q, %q) = %v, want code %q", email, ip, err, masthead.ERATELIMIT)
	}
	if got := masthead.ErrorMessage(err); got != want {
		tb.Fatalf("Check(%q, %q) message = %q, want %q", email, ip, got, want)
	}
}

const in15 = "Too many failed logins; try again in 15 minutes."

func TestThrottle_PerAccount(t *testing.T) {
	th, _, _ := newTestThrottle(DefaultLimits())
	// Spread over addresses, so only the account limit can bite.
	for i := range 4 {
		mustFail(t, th, 1, "jane@example.com", fmt.Sprintf("198.51.100.%d", i))
	}
	checkAllowed(t, th, "jane@example.com", "203.0.113.1")
	mustFail(t, th, 1, "jane@example.com", "198.51.100.4")
	checkThrottled(t, th, "jane@example.com", "203.0.113.1", in15)
	// Another account from the same addresses is unaffected.
	checkAllowed(t, th, "john@example.com", "198.51.100.4")
}

func TestThrottle_PerIP(t *testing.T) {
	th, _, _ := newTestThrottle(DefaultLimits())
	// A spray: one address, a different email each time.
	for i := range 19 {
		mustFail(t, th, 1, fmt.Sprintf("user%d@example.com", i), "203.0.113.7")
	}
	checkAllowed(t, th, "new@example.com", "203.0.113.7")
	mustFail(t, th, 1, "user19@example.com", "203.0.113.7")
	checkThrottled(t, th, "new@example.com", "203.0.113.7", in15)
	// The same accounts from elsewhere are fine: each has one failure.
	checkAllowed(t, th, "user0@example.com", "203.0.113.8")
}

func TestThrottle_IPv6GroupedBySlash64(t *testing.T) {
	th, _, _ := newTestThrottle(Limits{PerAccount: 100, PerIP: 3, Window: 15 * time.Minute})
	for i := range 3 {
		// Every attempt from a fresh address in the same /64.
		mustFail(t, th, 1, "jane@example.com", fmt.Sprintf("2001:db8:aa:bb::%x", i+1))
	}
	checkThrottled(t, th, "jane@example.com", "2001:db8:aa:bb:1234:5678:9abc:def0", in15)
	checkThrottled(t, th, "jane@example.com", "[2001:db8:aa:bb::99]:443", in15)
	checkAllowed(t, th, "jane@example.com", "2001:db8:aa:bc::1")
}

func TestThrottle_CaseFolding(t *testing.T) {
	th, _, _ := newTestThrottle(DefaultLimits())
	for i, email := range []string{"Jane@Example.com", "JANE@EXAMPLE.COM", "jane@example.com", " jane@Example.COM", "jAnE@eXaMpLe.CoM"} {
		mustFail(t, th, 1, email, fmt.Sprintf("198.51.100.%d", i))
	}
	checkThrottled(t, th, "jane@example.com", "203.0.113.1", in15)
}

func TestThrottle_WindowSlides(t *testing.T) {
	th, _, c := newTestThrottle(DefaultLimits())
	const email, ip = "jane@example.com", "203.0.113.1"
	for range 5 { // failures at 0, 1, 2, 3 and 4 minutes
		mustFail(t, th, 1, email, ip)
		c.Advance(time.Minute)
	}
	// At 5 minutes, blocked until the failure at 0 leaves the window just
	// after 15 minutes.
	checkThrottled(t, th, email, ip, "Too many failed logins; try again in 11 minutes.")
	c.Advance(10 * time.Minute) // 15:00, the failure at 0 is on the edge
	checkThrottled(t, th, email, ip, "Too many failed logins; try again in 1 minute.")
	c.Advance(time.Second) // 15:01
	checkAllowed(t, th, email, ip)
	// One more failure makes five in the window again (1, 2, 3, 4, 15).
	mustFail(t, th, 1, email, ip)
	checkThrottled(t, th, email, ip, "Too many failed logins; try again in 1 minute.")
	c.Advance(time.Minute) // 16:01: the failure at 1 has gone
	checkAllowed(t, th, email, ip)
}

func TestThrottle_RetryMessage(t *testing.T) {
	tests := []struct {
		name  string
		after time.Duration // time since five failures made at once
		want  string
	}{
		{"AtOnce", 0, in15},
		{"AfterSeconds", 20 * time.Second, in15},
		{"AtExactlyOneMinute", time.Minute, in15}, // the failures still count at 15:00 sharp
		{"AfterOneAndAHalf", 90 * time.Second, "Too many failed logins; try again in 14 minutes."},
		{"AfterSevenAndAHalf", 7*time.Minute + 30*time.Second, "Too many failed logins; try again in 8 minutes."},
		{"AfterFourteenAndAHalf", 14*time.Minute + 30*time.Second, "Too many failed logins; try again in 1 minute."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, _, c := newTestThrottle(DefaultLimits())
			mustFail(t, th, 5, "jane@example.com", "203.0.113.1")
			c.Advance(tt.after)
			checkThrottled(t, th, "jane@example.com", "203.0.113.1", tt.want)
		})
	}
	t.Run("LongerOfTheTwoWaits", func(t *testing.T) {
		th, _, c := newTestThrottle(Limits{PerAccount: 2, PerIP: 3, Window: 15 * time.Minute})
		mustFail(t, th, 2, "jane@example.com", "198.51.100.1") // account full at 0
		c.Advance(5 * time.Minute)
		mustFail(t, th, 3, "john@example.com", "203.0.113.1") // address full at 5
		checkThrottled(t, th, "jane@example.com", "203.0.113.1", "Too many failed logins; try again in 15 minutes.")
		c.Advance(10*time.Minute + time.Second) // the account is free, the address not
		checkThrottled(t, th, "jane@example.com", "203.0.113.1", "Too many failed logins; try again in 5 minutes.")
	})
}

func TestThrottle_SuccessClearsAccountNotIP(t *testing.T) {
	th, _, _ := newTestThrottle(Limits{PerAccount: 5, PerIP: 6, Window: 15 * time.Minute})
	ctx := context.Background()
	mustFail(t, th, 4, "jane@example.com", "203.0.113.1")
	if err := th.Succeeded(ctx, "Jane@Example.com", "203.0.113.1"); err != nil {
		t.Fatal(err)
	}
	// The account starts afresh: four more failures elsewhere do not block it.
	mustFail(t, th, 4, "jane@example.com", "198.51.100.1")
	checkAllowed(t, th, "jane@example.com", "198.51.100.2")
	// The address still remembers its four, so two more reach its limit of six.
	mustFail(t, th, 2, "john@example.com", "203.0.113.1")
	checkThrottled(t, th, "someone@example.com", "203.0.113.1", in15)
}

func TestThrottle_DefaultsForZeroLimits(t *testing.T) {
	th, _, _ := newTestThrottle(Limits{})
	if th.limits != DefaultLimits() {
		t.Fatalf("limits = %+v, want %+v", th.limits, DefaultLimits())
	}
	if NewThrottle(NewMemoryAttempts(1), nil, Limits{}).now == nil {
		t.Fatal("nil clock not replaced")
	}
}

func TestThrottle_BadIP(t *testing.T) {
	th, _, _ := newTestThrottle(DefaultLimits())
	ctx := context.Background()
	for name, err := range map[string]error{
		"Check":  th.Check(ctx, "jane@example.com", ""),
		"Failed": th.Failed(ctx, "jane@example.com", "unknown"),
	} {
		if code := masthead.ErrorCode(err); code != masthead.EINTERNAL {
			t.Errorf("%s with a bad IP: code %q (%v), want %q", name, code, err, masthead.EINTERNAL)
		}
	}
}

// brokenStore fails every call with errBroken.
type brokenStore struct{}

var errBroken = errors.New("database is down")

func (brokenStore) RecordFailure(context.Context, string, time.Time, time.Time) (int, error) {
	return 0, errBroken
}
func (brokenStore) Failures(context.Context, string, time.Time) (int, error) { return 0, errBroken }
func (brokenStore) ClearFailures(context.Context, string) error              { return errBroken }

func TestThrottle_StoreErrors(t *testing.T) {
	th := NewThrottle(brokenStore{}, nil, DefaultLimits())
	ctx := context.Background()
	for name, err := range map[string]error{
		"Check":     th.Check(ctx, "jane@example.com", "203.0.113.1"),
		"Failed":    th.Failed(ctx, "jane@example.com", "203.0.113.1"),
		"Succeeded": th.Succeeded(ctx, "jane@example.com", "203.0.113.1"),
	} {
		if !errors.Is(err, errBroken) {
			t.Errorf("%s = %v, want it to wrap the store's error", name, err)
		}
		if code := masthead.ErrorCode(err); code != masthead.EINTERNAL {
			t.Errorf("%s code = %q, want %q", name, code, masthead.EINTERNAL)
		}
	}
}

func TestThrottle_Concurrent(t *testing.T) {
	th, store, _ := newTestThrottle(Limits{PerAccount: 5, PerIP: 1000, Window: 15 * time.Minute})
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			email := fmt.Sprintf("user%d@example.com", i%10)
			_ = th.Check(ctx, email, "203.0.113.1")
			if err := th.Failed(ctx, email, "203.0.113.1"); err != nil {
				t.Error(err)
			}
			if i%7 == 0 {
				if err := th.Succeeded(ctx, "other@example.com", "203.0.113.1"); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	ipk, _ := ipKey("203.0.113.1")
	if n, _ := store.Failures(ctx, ipk, t0.Add(-time.Hour)); n != 100 {
		t.Errorf("address has %d failures, want all 100", n)
	}
	for i := range 10 {
		checkThrottled(t, th, fmt.Sprintf("user%d@example.com", i), "198.51.100.1", in15)
	}
}
