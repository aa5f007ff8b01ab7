package comment

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/clock"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

// epoch is the test clock's start; articles are published an hour before.
var epoch = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// env is a comment service over a real SQLite store in a temporary file.
type env struct {
	t   testing.TB
	ctx context.Context
	st  *sqlite.DB
	svc *Service
	clk *clock.Manual
	art *masthead.Article // published an hour before epoch
	n   int               // makes each input's text and address distinct
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.NewManual(epoch)
	svc, err := NewService(ctx, st, clk.Now)
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	e := &env{t: t, ctx: ctx, st: st, svc: svc, clk: clk}
	e.art = e.article("story", epoch.Add(-time.Hour))
	return e
}

// article saves a published article.
func (e *env) article(slug string, published time.Time) *masthead.Article {
	e.t.Helper()
	a := &masthead.Article{Slug: slug, Title: "Title of " + slug, Status: masthead.StatusPublished, PublishedAt: published}
	if _, err := e.st.SaveArticle(e.ctx, a); err != nil {
		e.t.Fatalf("SaveArticle: %v", err)
	}
	return a
}

// set changes a setting through the service.
func (e *env) set(key, value string) {
	e.t.Helper()
	if err := e.svc.SetSetting(e.ctx, key, value); err != nil {
		e.t.Fatalf("SetSetting(%q, %q): %v", key, value, err)
	}
}

// token returns a form token issued at the given time before now.
func (e *env) token(ago time.Duration) string {
	return e.svc.formTokenAt(e.svc.snap.Load().secret, e.clk.Now().Add(-ago))
}

// input returns a form a person would send: filled in, shown ten seconds
// ago, with a text and an address no other input of this env has.
func (e *env) input(mods ...func(*Input)) Input {
	e.n++
	in := Input{
		ArticleID: e.art.ID,
		Comment:   fmt.Sprintf("A thoughtful remark about the story, number %d.", e.n),
		Name:      "Ann Reader",
		Email:     "ann@example.com",
		FormToken: e.token(10 * time.Second),
		IP:        fmt.Sprintf("198.51.100.%d", e.n%250+1),
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
	}
	for _, m := range mods {
		m(&in)
	}
	return in
}

func (e *env) post(mods ...func(*Input)) (*masthead.Comment, error) {
	return e.svc.Post(e.ctx, e.input(mods...))
}

func (e *env) mustPost(mods ...func(*Input)) *masthead.Comment {
	e.t.Helper()
	c, err := e.post(mods...)
	if err != nil {
		e.t.Fatalf("Post: %v", err)
	}
	return c
}

// approved posts a comment and approves it.
func (e *env) approved(mods ...func(*Input)) *masthead.Comment {
	e.t.Helper()
	c := e.mustPost(mods...)
	if _, err := e.svc.Moderate(e.ctx, masthead.CommentApproved, c.ID); err != nil {
		e.t.Fatalf("Moderate: %v", err)
	}
	c.Status = masthead.CommentApproved
	return c
}

// stored reads a comment back from the store.
func (e *env) stored(id int64) *masthead.Comment {
	e.t.Helper()
	c, err := e.st.Comment(e.ctx, id)
	if err != nil {
		e.t.Fatalf("Comment(%d): %v", id, err)
	}
	return c
}

// count returns how many comments the store has on the env's article.
func (e *env) count() int {
	e.t.Helper()
	_, n, err := e.st.FindComments(e.ctx, masthead.CommentFilter{ArticleID: e.art.ID})
	if err != nil {
		e.t.Fatalf("FindComments: %v", err)
	}
	return n
}

func replyTo(id int64) func(*Input) { return func(in *Input) { in.ParentID = id } }

func withComment(s string) func(*Input) { return func(in *Input) { in.Comment = s } }

func withIP(ip string) func(*Input) { return func(in *Input) { in.IP = ip } }

func withPerson(name, email string) func(*Input) {
	return func(in *Input) { in.Name, in.Email = name, email }
}

// wantCode fails unless err has the code and, when msg is not empty, the
// message.
func wantCode(t testing.TB, err error, code, msg string) {
	t.Helper()
	if got := masthead.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
	if got := masthead.ErrorMessage(err); msg != "" && got != msg {
		t.Fatalf("message %q, want %q", got, msg)
	}
}

// fieldErrors returns err as FieldErrors, failing when it is not.
func fieldErrors(t testing.TB, err error) FieldErrors {
	t.Helper()
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not FieldErrors", err, err)
	}
	wantCode(t, err, masthead.EINVALID, "")
	return fe
}
