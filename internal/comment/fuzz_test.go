package comment

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

// FuzzPost posts whatever the fuzzer makes up. Post must never panic, must
// fail only with errors meant for the poster, and must store nothing with
// control characters (other than newlines and tabs in the text), invalid
// UTF-8 or over the limits.
func FuzzPost(f *testing.F) {
	seeds := []struct {
		comment, name, email, website string
		parent                        int64
	}{
		{"Hello", "Ann", "ann@example.com", "https://ann.example", 0},
		{"line\r\nbreak\x00\x1b[0m", "A\tB\nC", " a@b.co ", " http://x.y ", 0},
		{"\u202eevil\u2066", "\x00", "@", "javascript:alert(1)", 1},
		{strings.Repeat("x", MaxBodyLen+1), strings.Repeat("n", MaxNameLen+1), "a@b", "ftp://", -1},
		{"caf\xe9", "\xff", "x@y.z\xfe", "http://\x80", 0},
		{"<a href=http://x>x</a> [url=y] WWW.SPAM.EXAMPLE!!!!!!!!!!!!", "www.x.com", "1234@5678.com", "https://a@b.example", 2},
		{"\u200b", "\u200d", "", "", 0},
	}
	for _, s := range seeds {
		f.Add(s.comment, s.name, s.email, s.website, s.parent)
	}

	e := newEnv(f)
	// No rate or time limits, so inputs reach every rule, and replies have
	// something to reply to.
	e.set(SettingModeration, masthead.ModerateNone)
	e.set(SettingRatePerMinute, "0")
	e.set(SettingMinSeconds, "0")
	e.mustPost()

	f.Fuzz(func(t *testing.T, comment, name, email, website string, parent int64) {
		e.clk.Advance(3 * time.Second) // keeps under the per-article limit
		c, err := e.svc.Post(e.ctx, Input{
			ArticleID: e.art.ID,
			ParentID:  parent,
			Comment:   comment,
			Name:      name,
			Email:     email,
			Website:   website,
			FormToken: e.svc.FormToken(),
			IP:        "198.51.100.1",
			UserAgent: "Mozilla/5.0",
		})
		if err != nil {
			if code := masthead.ErrorCode(err); code == masthead.EINTERNAL {
				t.Fatalf("internal error for reader input: %v", err)
			}
			return
		}
		got, err := e.st.Comment(e.ctx, c.ID)
		if err != nil {
			t.Fatalf("posted comment not stored: %v", err)
		}
		checkText(t, "body", got.Body, MaxBodyLen, "\n\t")
		checkText(t, "name", got.Name, MaxNameLen, "")
		checkText(t, "email", got.Email, MaxEmailLen, "")
		checkText(t, "website", got.Website, MaxWebsiteLen, "")
		if blank(got.Body) || blank(got.Name) {
			t.Errorf("stored a blank body %q or name %q", got.Body, got.Name)
		}
		if got.Website != "" && !validWebsite(got.Website) {
			t.Errorf("stored website %q", got.Website)
		}
	})
}

func checkText(t *testing.T, field, s string, limit int, allowed string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s %q is not valid UTF-8", field, s)
	}
	if n := utf8.RuneCountInString(s); n > limit {
		t.Errorf("%s has %d characters, over %d", field, n, limit)
	}
	if i := strings.IndexFunc(s, func(r rune) bool {
		return (unicode.IsControl(r) || isBidiControl(r)) && !strings.ContainsRune(allowed, r)
	}); i >= 0 {
		t.Errorf("%s %q has a control character at byte %d", field, s, i)
	}
}
