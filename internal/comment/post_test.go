package comment

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/masthead-news/masthead"
)

func TestPostRejectsFields(t *testing.T) {
	e := newEnv(t)
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		in   func(*Input)
		want FieldErrors
	}{
		{"blank comment asks for one", func(in *Input) { in.Comment = " \n\t " },
			FieldErrors{"comment": "Please enter your comment!"}},
		{"invisible comment is blank", func(in *Input) { in.Comment = "\u200b\u200d\x00" },
			FieldErrors{"comment": "Please enter your comment!"}},
		{"blank name asks for one", func(in *Input) { in.Name = "  " },
			FieldErrors{"name": "Please enter your name here"}},
		{"email without domain is incorrect", func(in *Input) { in.Email = "ann@" },
			FieldErrors{"email": "You have entered an incorrect email address!"}},
		{"email with a space is incorrect", func(in *Input) { in.Email = "ann reader@example.com" },
			FieldErrors{"email": "You have entered an incorrect email address!"}},
		{"email without dot in domain is incorrect", func(in *Input) { in.Email = "ann@localhost" },
			FieldErrors{"email": "You have entered an incorrect email address!"}},
		{"website without scheme needs one", func(in *Input) { in.Website = "example.com" },
			FieldErrors{"website": "Please enter a web address starting with http:// or https://"}},
		{"javascript website is refused", func(in *Input) { in.Website = "javascript:alert(1)" },
			FieldErrors{"website": "Please enter a web address starting with http:// or https://"}},
		{"website with user name is refused", func(in *Input) { in.Website = "https://bank.example@evil.example/" },
			FieldErrors{"website": "Please enter a web address starting with http:// or https://"}},
		{"comment over 10,000 characters says how long", func(in *Input) { in.Comment = long(10001) },
			FieldErrors{"comment": "Your comment is too long: at most 10,000 characters (yours has 10,001)."}},
		{"name over 100 characters is too long", func(in *Input) { in.Name = long(101) },
			FieldErrors{"name": "Your name is too long: at most 100 characters."}},
		{"email over 254 characters is too long", func(in *Input) { in.Email = long(250) + "@example.com" },
			FieldErrors{"email": "Your email address is too long: at most 254 characters."}},
		{"website over 300 characters is too long", func(in *Input) { in.Website = "https://example.com/" + long(281) },
			FieldErrors{"website": "Your web address is too long: at most 300 characters."}},
		{"invalid UTF-8 cannot be read", func(in *Input) { in.Comment = "caf\xe9" },
			FieldErrors{"comment": "Your comment contains characters that could not be read; please type it again."}},
		{"every problem at once", func(in *Input) { in.Comment, in.Name, in.Email, in.Website = "", "", "x@", "ftp://x" },
			FieldErrors{
				"comment": "Please enter your comment!",
				"name":    "Please enter your name here",
				"email":   "You have entered an incorrect email address!",
				"website": "Please enter a web address starting with http:// or https://",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.post(tt.in)
			if d := cmp.Diff(tt.want, fieldErrors(t, err)); d != "" {
				t.Errorf("FieldErrors (-want +got):\n%s", d)
			}
		})
	}
	if n := e.count(); n != 0 {
		t.Errorf("%d comments stored, want none", n)
	}
}

func TestPostLimitsCountCharactersNotBytes(t *testing.T) {
	e := newEnv(t)
	e.set(SettingModeration, masthead.ModerateNone)
	c := e.mustPost(func(in *Input) {
		in.Comment = strings.Repeat("ж", MaxBodyLen)
		in.Name = strings.Repeat("é", MaxNameLen)
	})
	if n := len([]rune(e.stored(c.ID).Body)); n != MaxBodyLen {
		t.Errorf("stored %d characters, want %d", n, MaxBodyLen)
	}
}

func TestPostSummarisesFieldErrorsInOrder(t *testing.T) {
	e := newEnv(t)
	_, err := e.post(func(in *Input) { in.Comment, in.Name = "", "" })
	want := "Please enter your comment! Please enter your name here"
	if got := masthead.ErrorMessage(err); got != want {
		t.Errorf("ErrorMessage = %q, want %q", got, want)
	}
}

func TestPostNormalises(t *testing.T) {
	tests := []struct {
		name string
		in   func(*Input)
		want masthead.Comment // only the fields set are compared
	}{
		{"CRLF and lone CR become LF, tabs stay",
			withComment("  one\r\ntwo\rthree\tfour  \n"),
			masthead.Comment{Body: "one\ntwo\nthree\tfour"}},
		{"NUL and other control characters are dropped",
			withComment("be\x00ll\x07 and \x1b[31mred\u0085"),
			masthead.Comment{Body: "bell and [31mred"}},
		{"bidi overrides are dropped",
			withComment("abc\u202edef\u2066ghi"),
			masthead.Comment{Body: "abcdefghi"}},
		{"text is NFC",
			withComment("cafe\u0301"),
			masthead.Comment{Body: "caf\u00e9"}},
		{"name is one line with single spaces",
			withPerson(" Ann\t\n  Reader\x00 ", " ann@example.com "),
			masthead.Comment{Name: "Ann Reader", Email: "ann@example.com"}},
		{"IPv4 in IPv6 form is stored as IPv4",
			withIP(" ::ffff:198.51.100.9 "),
			masthead.Comment{IP: "198.51.100.9"}},
		{"IP with port loses the port",
			withIP("198.51.100.9:4321"),
			masthead.Comment{IP: "198.51.100.9"}},
		{"website is trimmed",
			func(in *Input) { in.Website = " https://ann.example/ " },
			masthead.Comment{Website: "https://ann.example/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.mustPost(tt.in)
			got := e.stored(c.ID)
			check := func(field, want, got string) {
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("Body", tt.want.Body, got.Body)
			check("Name", tt.want.Name, got.Name)
			check("Email", tt.want.Email, got.Email)
			check("Website", tt.want.Website, got.Website)
			check("IP", tt.want.IP, got.IP)
		})
	}
}

func TestPostNeedsAVisibleOpenArticle(t *testing.T) {
	e := newEnv(t)
	draft := e.article("draft", epoch.Add(-time.Hour))
	draft.Status = masthead.StatusDraft
	if _, err := e.st.SaveArticle(e.ctx, draft); err != nil {
		t.Fatal(err)
	}
	scheduled := e.article("scheduled", epoch.Add(time.Hour))
	byHand := e.article("closed-by-hand", epoch.Add(-time.Hour))
	if err := e.svc.SetClosed(e.ctx, byHand.ID, true); err != nil {
		t.Fatalf("SetClosed: %v", err)
	}
	old := e.article("old", epoch.Add(-31*24*time.Hour))
	recent := e.article("recent", epoch.Add(-29*24*time.Hour))
	e.set(SettingCloseAfterDays, "30")

	tests := []struct {
		name      string
		articleID int64
		code, msg string
	}{
		{"unknown article is not found", e.art.ID + 1000, masthead.ENOTFOUND, ""},
		{"draft is not found", draft.ID, masthead.ENOTFOUND, ""},
		{"scheduled article is not found yet", scheduled.ID, masthead.ENOTFOUND, ""},
		{"closed by hand is forbidden", byHand.ID, masthead.EFORBIDDEN, "Comments are closed on this article."},
		{"older than close_after_days is forbidden", old.ID, masthead.EFORBIDDEN, "Comments are closed on this article."},
		{"younger than close_after_days is open", recent.ID, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.post(func(in *Input) { in.ArticleID = tt.articleID })
			wantCode(t, err, tt.code, tt.msg)
		})
	}

	t.Run("Closed tells pages", func(t *testing.T) {
		set, err := e.svc.Settings(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []*masthead.Article{byHand, old, recent} {
			a, _ := e.st.Article(e.ctx, a.ID)
			if got, want := e.svc.Closed(a, set), a.Slug != "recent"; got != want {
				t.Errorf("Closed(%s) = %v, want %v", a.Slug, got, want)
			}
		}
	})
	t.Run("reopened by hand takes comments again", func(t *testing.T) {
		if err := e.svc.SetClosed(e.ctx, byHand.ID, false); err != nil {
			t.Fatalf("SetClosed: %v", err)
		}
		if _, err := e.post(func(in *Input) { in.ArticleID = byHand.ID }); err != nil {
			t.Fatalf("Post: %v", err)
		}
	})
	t.Run("age closes as the clock moves", func(t *testing.T) {
		e.clk.Advance(2 * 24 * time.Hour)
		_, err := e.post(func(in *Input) { in.ArticleID = recent.ID })
		wantCode(t, err, masthead.EFORBIDDEN, "Comments are closed on this article.")
	})
}

func TestPostReplies(t *testing.T) {
	e := newEnv(t)
	e.set(SettingMaxDepth, "3")
	top := e.approved()
	pending := e.mustPost(withPerson("Pat New", "pat@example.com")) // not yet trusted
	if pending.Status != masthead.CommentPending {
		t.Fatalf("status %q, want pending", pending.Status)
	}
	other := e.article("other", epoch.Add(-time.Hour))
	elsewhere := e.approved(func(in *Input) { in.ArticleID = other.ID })
	d2 := e.approved(replyTo(top.ID))
	d3 := e.approved(replyTo(d2.ID))

	gone := FieldErrors{"comment": "The comment you replied to is no longer available."}
	for _, tt := range []struct {
		name   string
		parent int64
	}{
		{"reply to a pending comment is refused", pending.ID},
		{"reply to a comment on another article is refused", elsewhere.ID},
		{"reply to an unknown comment is refused", d3.ID + 1000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.post(replyTo(tt.parent))
			if d := cmp.Diff(gone, fieldErrors(t, err)); d != "" {
				t.Errorf("FieldErrors (-want +got):\n%s", d)
			}
		})
	}

	for _, tt := range []struct {
		name       string
		parent     int64
		wantParent int64
	}{
		{"reply to a top-level comment sits under it", top.ID, top.ID},
		{"reply at depth 3 of 3 sits under its parent", d2.ID, d2.ID},
		{"reply below max depth goes up to depth 3", d3.ID, d2.ID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := e.mustPost(replyTo(tt.parent))
			if got := e.stored(c.ID).ParentID; got != tt.wantParent {
				t.Errorf("ParentID = %d, want %d", got, tt.wantParent)
			}
		})
	}

	t.Run("with max depth 1 replies become top-level", func(t *testing.T) {
		e.set(SettingMaxDepth, "1")
		c := e.mustPost(replyTo(d2.ID))
		if got := e.stored(c.ID).ParentID; got != 0 {
			t.Errorf("ParentID = %d, want 0", got)
		}
	})
	t.Run("reply to a trashed comment is refused", func(t *testing.T) {
		if _, err := e.svc.Moderate(e.ctx, masthead.CommentTrash, top.ID); err != nil {
			t.Fatal(err)
		}
		_, err := e.post(replyTo(top.ID))
		if d := cmp.Diff(gone, fieldErrors(t, err)); d != "" {
			t.Errorf("FieldErrors (-want +got):\n%s", d)
		}
	})
}

func TestPostRefusesBots(t *testing.T) {
	e := newEnv(t)
	e.set(SettingBlockedIPs, "203.0.113.7, 192.0.2.0/24\n2001:db8::/32")
	e.set(SettingBlockedEmailDomains, "spam.example, @junk.example")
	other, err := NewService(e.ctx, &otherSecret{Store: e.st}, e.clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	valid := e.token(10 * time.Second)
	forged := valid[:len(valid)-2] + "AA"
	if forged == valid {
		forged = valid[:len(valid)-2] + "BB"
	}
	tests := []struct {
		name   string
		in     func(*Input)
		reason string // a word the reason must have
	}{
		{"honeypot filled", func(in *Input) { in.Honeypot = "http://spam.example" }, "honeypot"},
		{"token missing", func(in *Input) { in.FormToken = "" }, "missing"},
		{"token malformed", func(in *Input) { in.FormToken = "yesterday" }, "malformed"},
		{"token forged", func(in *Input) { in.FormToken = forged }, "signature"},
		{"token time changed", func(in *Input) { in.FormToken = "1" + valid }, "signature"},
		{"token from another site", func(in *Input) { in.FormToken = other.formTokenAt(other.snap.Load().secret, epoch.Add(-time.Minute)) }, "signature"},
		{"form sent too fast", func(in *Input) { in.FormToken = e.token(2 * time.Second) }, "after it was shown"},
		{"form older than a day", func(in *Input) { in.FormToken = e.token(25 * time.Hour) }, "expired"},
		{"token from the future", func(in *Input) { in.FormToken = e.token(-time.Hour) }, "future"},
		{"blocked address", withIP("203.0.113.7"), "blocked"},
		{"blocked range", withIP("192.0.2.200"), "blocked"},
		{"blocked range, IPv4 in IPv6 form", withIP("::ffff:192.0.2.1"), "blocked"},
		{"blocked IPv6 range", withIP("2001:db8:1::5"), "blocked"},
		{"blocked email domain", withPerson("Sam", "sam@spam.example"), "spam.example"},
		{"blocked email subdomain, any case", withPerson("Sam", "sam@Mail.JUNK.example"), "junk.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.post(tt.in)
			var r *Refused
			if !errors.As(err, &r) {
				t.Fatalf("error %v (%T) is not *Refused", err, err)
			}
			wantCode(t, err, masthead.EINVALID, RefusedMessage)
			if err.Error() != RefusedMessage {
				t.Errorf("Error() = %q tells more than the message", err.Error())
			}
			if !strings.Contains(r.Reason(), tt.reason) {
				t.Errorf("Reason() = %q, want it to mention %q", r.Reason(), tt.reason)
			}
		})
	}
	if n := e.count(); n != 0 {
		t.Errorf("%d comments stored, want none", n)
	}

	accepted := []struct {
		name string
		in   func(*Input)
	}{
		{"form sent after exactly min_seconds", func(in *Input) { in.FormToken = e.token(3 * time.Second) }},
		{"form almost a day old (a cached page)", func(in *Input) { in.FormToken = e.token(23 * time.Hour) }},
		{"address next to a blocked range", withIP("192.0.3.1")},
		{"domain merely ending like a blocked one", withPerson("Sam", "sam@notspam.example")},
	}
	for _, tt := range accepted {
		t.Run(tt.name+" is accepted", func(t *testing.T) {
			if _, err := e.post(tt.in); err != nil {
				t.Fatalf("Post: %v", err)
			}
		})
	}
	t.Run("min_seconds 0 accepts a form at once", func(t *testing.T) {
		e.set(SettingMinSeconds, "0")
		if _, err := e.post(func(in *Input) { in.FormToken = e.svc.FormToken() }); err != nil {
			t.Fatalf("Post: %v", err)
		}
	})
}

// otherSecret is a store whose settings are its own, so a service over it
// makes a secret of its own: another site.
type otherSecret struct {
	Store
	settings map[string]string
}

func (o *otherSecret) Settings(context.Context) (map[string]string, error) {
	return maps.Clone(o.settings), nil
}

func (o *otherSecret) SetSetting(_ context.Context, key, value string) error {
	if o.settings == nil {
		o.settings = map[string]string{}
	}
	o.settings[key] = value
	return nil
}
