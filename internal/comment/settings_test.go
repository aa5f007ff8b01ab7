package comment

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/masthead-news/masthead"
)

func TestSettingsDefaults(t *testing.T) {
	e := newEnv(t)
	set, err := e.svc.Settings(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(masthead.DefaultCommentSettings(), set); d != "" {
		t.Errorf("Settings (-want +got):\n%s", d)
	}
	vals, err := e.svc.SettingValues(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		SettingModeration:          "first-time",
		SettingMaxDepth:            "5",
		SettingCloseAfterDays:      "0",
		SettingRatePerMinute:       "5",
		SettingArticleRate:         "60",
		SettingMinSeconds:          "3",
		SettingBlockedWords:        "",
		SettingBlockedIPs:          "",
		SettingBlockedEmailDomains: "",
	}
	if d := cmp.Diff(want, vals); d != "" {
		t.Errorf("SettingValues (-want +got):\n%s", d)
	}
	if d := cmp.Diff(slices.Sorted(maps.Keys(want)), slices.Sorted(slices.Values(KnownSettings()))); d != "" {
		t.Errorf("KnownSettings (-want +got):\n%s", d)
	}
	stored, _ := e.st.Settings(e.ctx)
	if len(stored[secretKey]) != 2*secretLen {
		t.Errorf("stored secret %q, want %d hex digits", stored[secretKey], 2*secretLen)
	}
}

func TestSetSettingNormalises(t *testing.T) {
	tests := []struct {
		name, key, value, want string
	}{
		{"moderation in any case", SettingModeration, " ALL ", "all"},
		{"max depth", SettingMaxDepth, " 20", "20"},
		{"close after days 0 is never", SettingCloseAfterDays, "0", "0"},
		{"rate 0 is no limit", SettingRatePerMinute, "0", "0"},
		{"min seconds", SettingMinSeconds, "+7", "7"},
		{"words split on commas and lines, lowered, deduplicated", SettingBlockedWords,
			"Casino,  free   MONEY\r\npills\n\ncasino,", "casino, free money, pills"},
		{"addresses and ranges canonical", SettingBlockedIPs,
			"192.0.2.77/24, ::ffff:203.0.113.9\n2001:DB8::1, ::ffff:198.51.100.0/120", "192.0.2.0/24, 203.0.113.9, 2001:db8::1, 198.51.100.0/24"},
		{"domains lowered without @ or *.", SettingBlockedEmailDomains, "@Spam.Example, *.junk.example", "spam.example, junk.example"},
		{"empty list clears it", SettingBlockedWords, " \n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.set(tt.key, tt.value)
			vals, err := e.svc.SettingValues(e.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if vals[tt.key] != tt.want {
				t.Errorf("%s = %q, want %q", tt.key, vals[tt.key], tt.want)
			}
			stored, _ := e.st.Settings(e.ctx)
			if stored[tt.key] != tt.want {
				t.Errorf("stored %s = %q, want %q", tt.key, stored[tt.key], tt.want)
			}
		})
	}
}

func TestSetSettingRejects(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, key, value string
		says             []string // the message must have each
	}{
		{"unknown moderation", SettingModeration, "some", []string{SettingModeration, "all", "first-time", "none", `"some"`}},
		{"depth 0", SettingMaxDepth, "0", []string{SettingMaxDepth, "from 1 to 20"}},
		{"depth 21", SettingMaxDepth, "21", []string{SettingMaxDepth, "from 1 to 20"}},
		{"days not a number", SettingCloseAfterDays, "ten", []string{SettingCloseAfterDays, "whole number", "never"}},
		{"negative rate", SettingRatePerMinute, "-1", []string{SettingRatePerMinute, "from 0"}},
		{"min seconds beyond an hour", SettingMinSeconds, "3601", []string{SettingMinSeconds, "to 3600"}},
		{"bad address", SettingBlockedIPs, "192.0.2.1, 300.1.1.1", []string{SettingBlockedIPs, `"300.1.1.1"`, "CIDR"}},
		{"bad domain", SettingBlockedEmailDomains, "spam..example", []string{SettingBlockedEmailDomains, `"spam..example"`}},
		{"word of punctuation", SettingBlockedWords, "casino, !!!", []string{SettingBlockedWords, "letters"}},
		{"unknown key lists the known ones", "comments.moderate", "all", append([]string{`"comments.moderate"`}, KnownSettings()...)},
		{"the secret is not a setting", secretKey, strings.Repeat("00", 32), []string{"unknown setting"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.svc.SetSetting(e.ctx, tt.key, tt.value)
			wantCode(t, err, masthead.EINVALID, "")
			msg := masthead.ErrorMessage(err)
			for _, s := range tt.says {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q does not mention %q", msg, s)
				}
			}
		})
	}
	vals, _ := e.svc.SettingValues(e.ctx)
	if vals[SettingModeration] != "first-time" || vals[SettingMaxDepth] != "5" {
		t.Errorf("a refused value was stored: %v", vals)
	}
	if _, ok := vals[secretKey]; ok {
		t.Error("SettingValues shows the secret")
	}
}

func TestSettingsRereadWithinASecond(t *testing.T) {
	e := newEnv(t)
	moderation := func() string {
		t.Helper()
		set, err := e.svc.Settings(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		return set.Moderation
	}
	if got := moderation(); got != masthead.ModerateFirstTime {
		t.Fatalf("moderation %q, want the default", got)
	}
	// Another process (the CLI) writes the store directly.
	if err := e.st.SetSetting(e.ctx, SettingModeration, masthead.ModerateNone); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(500 * time.Millisecond)
	if got := moderation(); got != masthead.ModerateFirstTime {
		t.Errorf("after 0.5 s: moderation %q, want the cached value", got)
	}
	e.clk.Advance(501 * time.Millisecond)
	if got := moderation(); got != masthead.ModerateNone {
		t.Errorf("after 1.001 s: moderation %q, want %q", got, masthead.ModerateNone)
	}

	t.Run("changes through the service apply at once", func(t *testing.T) {
		e.set(SettingModeration, masthead.ModerateAll)
		if got := moderation(); got != masthead.ModerateAll {
			t.Errorf("moderation %q, want %q", got, masthead.ModerateAll)
		}
	})
	t.Run("a broken stored value counts as the default", func(t *testing.T) {
		if err := e.st.SetSetting(e.ctx, SettingMaxDepth, "deep"); err != nil {
			t.Fatal(err)
		}
		e.clk.Advance(2 * time.Second)
		set, err := e.svc.Settings(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if set.MaxDepth != 5 {
			t.Errorf("MaxDepth %d, want the default 5", set.MaxDepth)
		}
	})
	t.Run("callers cannot change the shared lists", func(t *testing.T) {
		e.set(SettingBlockedWords, "casino")
		set, _ := e.svc.Settings(e.ctx)
		set.BlockedWords[0] = "changed"
		again, _ := e.svc.Settings(e.ctx)
		if again.BlockedWords[0] != "casino" {
			t.Errorf("BlockedWords = %q", again.BlockedWords)
		}
	})
}

func TestRotatedSecretApplies(t *testing.T) {
	e := newEnv(t)
	old := e.svc.FormToken()
	// An operator rotates the secret by writing a new one to the store.
	if err := e.st.SetSetting(e.ctx, secretKey, strings.Repeat("ab", secretLen)); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(10 * time.Second)
	_, err := e.post(func(in *Input) { in.FormToken = old })
	if !isRefused(err) {
		t.Fatalf("token signed with the old secret: %v, want refused", err)
	}
	if _, err := e.post(func(in *Input) { in.FormToken = e.token(5 * time.Second) }); err != nil {
		t.Fatalf("token signed with the new secret: %v", err)
	}
}

func isRefused(err error) bool {
	var r *Refused
	return errors.As(err, &r) && r.Reason() != ""
}
