package comment

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/masthead-news/masthead"
)

const notYours = "You can only change your own comment, within 15 minutes of posting it."

func TestOwnerToken(t *testing.T) {
	e := newEnv(t)
	a, b := e.mustPost(), e.mustPost()
	tok := e.svc.OwnerToken(a)
	if !e.svc.Owns(a, tok) {
		t.Error("the owner token does not own its comment")
	}
	if !e.svc.Owns(e.stored(a.ID), tok) {
		t.Error("the owner token does not own its comment read back from the store")
	}
	if e.svc.Owns(b, tok) {
		t.Error("one comment's token owns another")
	}
	if e.svc.Owns(a, "") || e.svc.Owns(a, tok+"x") || e.svc.Owns(a, e.svc.FormToken()) {
		t.Error("a wrong token owns the comment")
	}

	t.Run("another instance on the same store agrees", func(t *testing.T) {
		again, err := NewService(e.ctx, e.st, e.clk.Now)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Owns(a, tok) || again.FormToken() != e.svc.FormToken() {
			t.Error("a restarted service does not share the secret")
		}
	})
}

func TestEdit(t *testing.T) {
	tests := []struct {
		name  string
		after time.Duration
		token func(e *env, c *masthead.Comment) string
		ok    bool
	}{
		{"owner within the window may edit", time.Minute, ownToken, true},
		{"owner at exactly 15 minutes may edit", EditWindow, ownToken, true},
		{"owner after 15 minutes may not", EditWindow + time.Second, ownToken, false},
		{"wrong token may not", time.Minute, func(*env, *masthead.Comment) string { return "bm90IHlvdXJz" }, false},
		{"no token may not", time.Minute, func(*env, *masthead.Comment) string { return "" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.mustPost()
			tok := tt.token(e, c)
			e.clk.Advance(tt.after)
			got, err := e.svc.Edit(e.ctx, c.ID, "  Corrected\r\ntext. ", tok)
			if !tt.ok {
				wantCode(t, err, masthead.EFORBIDDEN, notYours)
				if body := e.stored(c.ID).Body; body != c.Body {
					t.Errorf("body changed to %q", body)
				}
				return
			}
			if err != nil {
				t.Fatalf("Edit: %v", err)
			}
			if got.Body != "Corrected\ntext." || e.stored(c.ID).Body != "Corrected\ntext." {
				t.Errorf("body %q, stored %q; want normalised edit", got.Body, e.stored(c.ID).Body)
			}
		})
	}
}

func ownToken(e *env, c *masthead.Comment) string { return e.svc.OwnerToken(c) }

func TestEditChecksText(t *testing.T) {
	e := newEnv(t)
	c := e.mustPost()
	tok := e.svc.OwnerToken(c)
	for _, tt := range []struct {
		name, body string
		want       FieldErrors
	}{
		{"blank text is refused", " \x00 ", FieldErrors{"comment": "Please enter your comment!"}},
		{"long text is refused", longText(10002), FieldErrors{"comment": "Your comment is too long: at most 10,000 characters (yours has 10,002)."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.Edit(e.ctx, c.ID, tt.body, tok)
			if d := cmp.Diff(tt.want, fieldErrors(t, err)); d != "" {
				t.Errorf("FieldErrors (-want +got):\n%s", d)
			}
		})
	}
	t.Run("unknown comment is not found", func(t *testing.T) {
		_, err := e.svc.Edit(e.ctx, c.ID+1000, "text", tok)
		wantCode(t, err, masthead.ENOTFOUND, "")
	})
}

func longText(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "abc "[i%4]
	}
	return string(b)
}

func TestEditIntoSpamLeavesPublicView(t *testing.T) {
	e := newEnv(t)
	e.set(SettingModeration, masthead.ModerateNone)
	e.set(SettingBlockedWords, "casino")
	c := e.mustPost()
	if c.Status != masthead.CommentApproved {
		t.Fatalf("status %q, want approved", c.Status)
	}
	got, err := e.svc.Edit(e.ctx, c.ID, "Visit the casino, everyone.", e.svc.OwnerToken(c))
	if err != nil {
		t.Fatalf("Edit: %v", err)
	}
	if got.Status != masthead.CommentPending || e.stored(c.ID).Status != masthead.CommentPending {
		t.Errorf("status %q (stored %q), want pending", got.Status, e.stored(c.ID).Status)
	}

	t.Run("a clean edit does not approve it again", func(t *testing.T) {
		got, err := e.svc.Edit(e.ctx, c.ID, "Sorry, I take that back.", e.svc.OwnerToken(c))
		if err != nil {
			t.Fatalf("Edit: %v", err)
		}
		if got.Status != masthead.CommentPending {
			t.Errorf("status %q, want pending", got.Status)
		}
	})
	t.Run("a trashed comment cannot be edited", func(t *testing.T) {
		if _, err := e.svc.Moderate(e.ctx, masthead.CommentTrash, c.ID); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Edit(e.ctx, c.ID, "Back again.", e.svc.OwnerToken(c))
		wantCode(t, err, masthead.EFORBIDDEN, notYours)
	})
}

func TestDelete(t *testing.T) {
	tests := []struct {
		name  string
		after time.Duration
		token func(e *env, c *masthead.Comment) string
		ok    bool
	}{
		{"owner within the window may delete", 14 * time.Minute, ownToken, true},
		{"owner after 15 minutes may not", 16 * time.Minute, ownToken, false},
		{"wrong token may not", time.Minute, func(e *env, _ *masthead.Comment) string { return e.svc.FormToken() }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.mustPost()
			tok := tt.token(e, c)
			e.clk.Advance(tt.after)
			err := e.svc.Delete(e.ctx, c.ID, tok)
			_, lookErr := e.st.Comment(e.ctx, c.ID)
			if !tt.ok {
				wantCode(t, err, masthead.EFORBIDDEN, notYours)
				if lookErr != nil {
					t.Errorf("comment gone: %v", lookErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if masthead.ErrorCode(lookErr) != masthead.ENOTFOUND {
				t.Errorf("comment still there: %v", lookErr)
			}
		})
	}
}
