package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// Limits says how many failed logins are allowed in a sliding window, per
// account and per client address.
type Limits struct {
	PerAccount int
	PerIP      int // per IPv4 address or IPv6 /64
	Window     time.Duration
}

// DefaultLimits returns 5 failures per account and 20 per address in any
// 15 minutes. Five is plenty for a person who mistypes; twenty leaves room
// for a newsroom behind one NAT address while still capping an attacker who
// sprays one password across many accounts.
func DefaultLimits() Limits {
	return Limits{PerAccount: 5, PerIP: 20, Window: 15 * time.Minute}
}

// Throttle refuses logins after too many recent failures. The login handler
// calls Check before looking at the password, then Failed or Succeeded
// after. It treats every email the same whether or not an account has it,
// so neither its answers nor its timing say which emails exist; the caller
// must keep that up by calling Failed for unknown emails too.
//
// Check and Failed are separate steps, so logins already in flight when the
// limit is reached still get their answer: an attacker gains at most one
// extra guess per concurrent request. The limits are a brake, not an exact
// count.
type Throttle struct {
	store  AttemptStore
	now    func() time.Time
	limits Limits
}

// NewThrottle returns a Throttle keeping its counts in store. now is the
// clock (time.Now when nil). Fields of limits that are zero or negative
// take DefaultLimits' values.
func NewThrottle(store AttemptStore, now func() time.Time, limits Limits) *Throttle {
	def := DefaultLimits()
	if limits.PerAccount <= 0 {
		limits.PerAccount = def.PerAccount
	}
	if limits.PerIP <= 0 {
		limits.PerIP = def.PerIP
	}
	if limits.Window <= 0 {
		limits.Window = def.Window
	}
	if now == nil {
		now = time.Now
	}
	return &Throttle{store: store, now: now, limits: limits}
}

// Check returns an ERATELIMIT error when the account named by email or the
// client at ip has reached its limit of failures within the window. The
// message says how long until one more attempt is allowed, and is the same
// for existing and unknown emails. Call it before checking the password, so
// that a throttled attacker learns nothing from the check. Other errors are
// internal (the store failed, or ip does not parse).
func (t *Throttle) Check(ctx context.Context, email, ip string) error {
	ipk, err := ipKey(ip)
	if err != nil {
		return err
	}
	now := t.now()
	var wait time.Duration
	for _, k := range []struct {
		key   string
		limit int
	}{{accountKey(email), t.limits.PerAccount}, {ipk, t.limits.PerIP}} {
		d, err := t.blockedFor(ctx, k.key, k.limit, now)
		if err != nil {
			return err
		}
		wait = max(wait, d)
	}
	if wait > 0 {
		return masthead.Errorf(masthead.ERATELIMIT, "Too many failed logins; try again in %s.", minutes(wait))
	}
	return nil
}

// Failed records a failed login for both the account and the client.
func (t *Throttle) Failed(ctx context.Context, email, ip string) error {
	ipk, err := ipKey(ip)
	if err != nil {
		return err
	}
	now := t.now()
	since := now.Add(-t.limits.Window)
	for _, key := range []string{accountKey(email), ipk} {
		if _, err := t.store.RecordFailure(ctx, key, now, since); err != nil {
			return fmt.Errorf("auth: record failed login: %w", err)
		}
	}
	return nil
}

// Succeeded forgets the account's failures after a successful login. The
// client's failures stay: logging in to one account says nothing about the
// other accounts that address may have been guessing at. ip is accepted for
// symmetry with Check and Failed and is not used.
func (t *Throttle) Succeeded(ctx context.Context, email, ip string) error {
	if err := t.store.ClearFailures(ctx, accountKey(email)); err != nil {
		return fmt.Errorf("auth: clear failed logins: %w", err)
	}
	return nil
}

// blockedFor returns how long until key has fewer than limit failures in
// the window, rounded up to whole minutes, or 0 if it already has.
//
// The store only counts, so the wait is found by asking how many failures
// would still be in the window m minutes from now, binary-searching m: four
// more queries for a 15-minute window, and only for a key that is blocked.
// The answer never exceeds the window, by which time every failure recorded
// so far has aged out.
func (t *Throttle) blockedFor(ctx context.Context, key string, limit int, now time.Time) (time.Duration, error) {
	start := now.Add(-t.limits.Window)
	n, err := t.store.Failures(ctx, key, start)
	if err != nil {
		return 0, fmt.Errorf("auth: count failed logins: %w", err)
	}
	if n < limit {
		return 0, nil
	}
	lo, hi := 1, int((t.limits.Window+time.Minute-1)/time.Minute)
	for lo < hi {
		mid := (lo + hi) / 2
		n, err := t.store.Failures(ctx, key, start.Add(time.Duration(mid)*time.Minute))
		if err != nil {
			return 0, fmt.Errorf("auth: count failed logins: %w", err)
		}
		if n < limit {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return time.Duration(lo) * time.Minute, nil
}

// minutes spells a whole number of minutes for the retry message.
func minutes(d time.Duration) string {
	if m := int(d / time.Minute); m != 1 {
		return fmt.Sprintf("%d minutes", m)
	}
	return "1 minute"
}
