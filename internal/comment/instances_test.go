package comment

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
)

// instance returns another service over the env's store and clock, as a
// second server behind a load balancer would run. It reads the settings
// the env has set so far.
func (e *env) instance() *Service {
	e.t.Helper()
	svc, err := NewService(e.ctx, e.st, e.clk.Now)
	if err != nil {
		e.t.Fatalf("NewService: %v", err)
	}
	return svc
}

// postTo posts the env's next input to svc.
func (e *env) postTo(svc *Service, mods ...func(*Input)) (*masthead.Comment, error) {
	return svc.Post(e.ctx, e.input(mods...))
}

func TestRateLimitsHoldAcrossInstances(t *testing.T) {
	t.Run("per address", func(t *testing.T) {
		e := newEnv(t)
		e.set(SettingModeration, masthead.ModerateNone)
		first, second := e.svc, e.instance()
		// 5 a minute: the first instance takes its burst of 3, and 2 more
		// as its bucket refills.
		same := withIP("198.51.100.77")
		for i := range 3 {
			if _, err := e.postTo(first, same); err != nil {
				t.Fatalf("post %d: %v", i+1, err)
			}
		}
		e.clk.Advance(24 * time.Second)
		for i := range 2 {
			if _, err := e.postTo(first, same); err != nil {
				t.Fatalf("post %d after 24 s: %v", i+4, err)
			}
		}
		// The second instance's bucket for the address is full, but the
		// address has had its 5 this minute.
		_, err := e.postTo(second, same)
		wantCode(t, err, masthead.ERATELIMIT, tooQuickly)
		if _, err := e.postTo(second, withIP("198.51.100.78")); err != nil {
			t.Fatalf("another address: %v", err)
		}
		// A minute after the first 3, they no longer count.
		e.clk.Advance(36 * time.Second)
		if _, err := e.postTo(second, same); err != nil {
			t.Fatalf("a minute later: %v", err)
		}
	})

	t.Run("per IPv6 /64", func(t *testing.T) {
		e := newEnv(t)
		e.set(SettingRatePerMinute, "2")
		first, second := e.svc, e.instance()
		for i, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2"} {
			if _, err := e.postTo(first, withIP(ip)); err != nil {
				t.Fatalf("post %d: %v", i+1, err)
			}
		}
		_, err := e.postTo(second, withIP("2001:db8:1:2:ffff::1"))
		wantCode(t, err, masthead.ERATELIMIT, tooQuickly)
	})

	t.Run("per article", func(t *testing.T) {
		e := newEnv(t)
		e.set(SettingRatePerMinute, "0")
		e.set(SettingArticleRate, "10")
		first, second := e.svc, e.instance()
		for i := range 6 { // each from an address of its own
			if _, err := e.postTo(first); err != nil {
				t.Fatalf("post %d on the first: %v", i+1, err)
			}
		}
		for i := range 4 {
			if _, err := e.postTo(second); err != nil {
				t.Fatalf("post %d on the second: %v", i+1, err)
			}
		}
		// Each instance's bucket still has tokens; the article has had 10.
		for _, inst := range []struct {
			name string
			svc  *Service
		}{{"first", first}, {"second", second}} {
			if _, err := e.postTo(inst.svc); masthead.ErrorCode(err) != masthead.ERATELIMIT {
				t.Fatalf("the %s instance took an 11th comment: %v", inst.name, err)
			}
		}
		other := e.article("other", epoch.Add(-time.Hour))
		if _, err := e.postTo(second, func(in *Input) { in.ArticleID = other.ID }); err != nil {
			t.Fatalf("another article: %v", err)
		}
		e.clk.Advance(time.Minute)
		if _, err := e.postTo(second); err != nil {
			t.Fatalf("a minute later: %v", err)
		}
		if n := e.count(); n != 11 {
			t.Errorf("%d comments stored on the article, want 11: refused ones are not stored", n)
		}
	})
}
