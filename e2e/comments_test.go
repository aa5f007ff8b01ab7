package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/masthead-news/masthead"
)

// The comment flows a reader goes through, in a real browser with its
// script on, against a testSite whose clock the test moves.

const awaiting = "Your comment is awaiting moderation."

// commentInput is what a reader types into the comment form.
type commentInput struct {
	Comment, Name, Email, Website string
	Remember                      bool
}

// isolatedTab opens a tab in a browser context of its own in the browser of
// ctx: a second reader, with no cookies in common with the first.
func isolatedTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	must(t, chromedp.Do(ctx)) // the browser must run before a context can be made in it
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return tab
}

// open loads a page and waits until it has loaded.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if res.Status != http.StatusOK {
		t.Fatalf("open %s: status %d", url, res.Status)
	}
}

// postComment fills the form on the article page the tab shows (wherever
// the script has moved it) and sends it with the Post Comment button. It
// returns the new comment's ID, read from the address the site redirects to.
func postComment(t *testing.T, ctx context.Context, in commentInput) int64 {
	t.Helper()
	fields := []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS("#comment"), in.Comment)}
	for sel, v := range map[string]string{"#name": in.Name, "#email": in.Email, "#website": in.Website} {
		if v != "" {
			fields = append(fields, chromedp.SendKeys(chromedp.CSS(sel), v))
		}
	}
	must(t, chromedp.Do(ctx, fields...))
	if checked := mustRun(t, ctx, chromedp.Evaluate[bool](`document.getElementById("remember").checked`)); checked != in.Remember {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#remember"))))
	}
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("form.comment-form button[type=submit]")))
	if err != nil {
		t.Fatalf("post comment: %v", err)
	}
	loc := mustRun(t, ctx, chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(u.Fragment, "comment-"), 10, 64)
	if res.Status != http.StatusOK || !strings.HasPrefix(u.Fragment, "comment-") || err != nil {
		notice := mustRun(t, ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".form-notice, .field-error")).map(e => e.textContent).join(" | ")`))
		t.Fatalf("post comment: status %d at %s; messages: %s", res.Status, loc, notice)
	}
	return id
}

// commentState is what the page in a tab shows of one comment.
type commentState struct {
	Present  bool   `json:"present"`
	Pending  string `json:"pending"` // the text of its pending mark, if any
	Body     string `json:"body"`
	Editable bool   `json:"editable"` // it has its Edit link
	Reply    bool   `json:"reply"`    // it has a Reply link
}

func readComment(t *testing.T, ctx context.Context, id int64) commentState {
	t.Helper()
	return mustRun(t, ctx, chromedp.Evaluate[commentState](fmt.Sprintf(`(() => {
		const li = document.getElementById("comment-%[1]d");
		if (!li) { return {present: false, pending: "", body: "", editable: false, reply: false}; }
		const own = li.querySelector(":scope > article");
		const pending = own.querySelector(".pending");
		return {
			present: true,
			pending: pending ? pending.textContent.trim() : "",
			body: own.querySelector(".comment-body").textContent.trim(),
			editable: own.querySelector('a[href="/comments/%[1]d/edit"]') !== null,
			reply: own.querySelector("a.reply") !== null,
		};
	})()`, id)))
}

// TestCommentAwaitsModeration posts a comment through the form: its writer
// sees it marked as awaiting moderation; another reader does not see it.
func TestCommentAwaitsModeration(t *testing.T) {
	site := startTestSite(t)
	a := site.addArticle("Bridge repairs start on Monday")
	ctx := mustBrowser(t)
	other := isolatedTab(t, ctx)

	open(t, ctx, site.articleURL(a))
	id := postComment(t, ctx, commentInput{Comment: "Finally. The potholes on it are legendary.", Name: "Alice Writer", Email: "alice@example.org"})

	if c := site.mustComment(id); c.Status != masthead.CommentPending || c.ArticleID != a.ID {
		t.Fatalf("stored comment %d: status %q on article %d, want pending on %d", id, c.Status, c.ArticleID, a.ID)
	}
	mine := readComment(t, ctx, id)
	if !mine.Present || mine.Pending != awaiting || mine.Body != "Finally. The potholes on it are legendary." {
		t.Fatalf("the writer sees %+v", mine)
	}
	if mine.Reply {
		t.Error("a pending comment offers a Reply link, though no reply to it would be accepted")
	}

	site.Web.InvalidateCache() // the other reader gets a page rendered now, not one from before the post
	open(t, other, site.articleURL(a))
	if seen := readComment(t, other, id); seen.Present {
		t.Fatalf("another reader sees the pending comment: %+v", seen)
	}
	if text := mustRun(t, other, chromedp.Evaluate[string](`document.body.textContent`)); strings.Contains(text, "potholes") || strings.Contains(text, awaiting) {
		t.Fatal("another reader's page has the pending comment's text or mark")
	}
}

// TestApprovedCommentShowsToEveryone approves a pending comment: then every
// reader sees it, and no one sees the pending mark.
func TestApprovedCommentShowsToEveryone(t *testing.T) {
	site := startTestSite(t)
	a := site.addArticle("Library opens on Sundays")
	ctx := mustBrowser(t)
	other := isolatedTab(t, ctx)

	open(t, ctx, site.articleURL(a))
	id := postComment(t, ctx, commentInput{Comment: "Great news for students.", Name: "Bob Reader", Email: "bob@example.org"})
	open(t, other, site.articleURL(a)) // caches the page without the comment
	if seen := readComment(t, other, id); seen.Present {
		t.Fatalf("another reader sees the comment before approval: %+v", seen)
	}

	site.approve(id)
	for name, tab := range map[string]context.Context{"the writer": ctx, "another reader": other} {
		open(t, tab, site.articleURL(a))
		got := readComment(t, tab, id)
		if !got.Present || got.Pending != "" || got.Body != "Great news for students." || !got.Reply {
			t.Errorf("after approval %s sees %+v, want the comment with a Reply link and no pending mark", name, got)
		}
		if text := mustRun(t, tab, chromedp.Evaluate[string](`document.body.textContent`)); strings.Contains(text, awaiting) {
			t.Errorf("after approval %s still reads %q", name, awaiting)
		}
		if heading := mustRun(t, tab, chromedp.Text(chromedp.CSS("#comments-heading"))); heading != "1 comment" {
			t.Errorf("%s sees the heading %q, want \"1 comment\"", name, heading)
		}
	}
}

// TestReplyNestsUnderParent replies through a comment's Reply link: the
// script moves the form under that comment, and once approved the reply
// shows nested under it.
func TestReplyNestsUnderParent(t *testing.T) {
	site := startTestSite(t)
	a := site.addArticle("Tram line to reach the airport")
	ctx := mustBrowser(t)
	other := isolatedTab(t, ctx)

	open(t, ctx, site.articleURL(a))
	parent := postComment(t, ctx, commentInput{Comment: "How long will the works take?", Name: "Carol Asker"})
	site.approve(parent)

	page := site.articleURL(a)
	open(t, other, page)
	must(t, chromedp.Do(other, chromedp.Click(chromedp.CSS(fmt.Sprintf("#comment-%d a.reply", parent)))))
	moved := mustRun(t, other, chromedp.Evaluate[struct {
		Under  bool   `json:"under"`
		Parent string `json:"parent"`
		URL    string `json:"url"`
		Focus  string `json:"focus"`
	}](fmt.Sprintf(`({
		under: document.querySelector("#comment-%d > article #respond form.comment-form") !== null,
		parent: document.querySelector("form.comment-form input[name=parent]").value,
		url: location.href,
		focus: document.activeElement.id,
	})`, parent)))
	if !moved.Under || moved.Parent != strconv.FormatInt(parent, 10) || moved.URL != page || moved.Focus != "comment" {
		t.Fatalf("after Reply: %+v; want the form under comment %d with parent set, the page not reloaded and the comment field focused", moved, parent)
	}

	reply := postComment(t, other, commentInput{Comment: "Two years, says the council.", Name: "Dan Answerer", Email: "dan@example.org"})
	if c := site.mustComment(reply); c.ParentID != parent {
		t.Fatalf("the reply was stored under %d, want %d", c.ParentID, parent)
	}
	// Its writer sees it pending, already in its place.
	if got := readComment(t, other, reply); !got.Present || got.Pending != awaiting {
		t.Fatalf("the reply's writer sees %+v", got)
	}

	site.approve(reply)
	for name, tab := range map[string]context.Context{"the parent's writer": ctx, "the reply's writer": other} {
		open(t, tab, page)
		nested := mustRun(t, tab, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector("#comment-%d .replies #comment-%d") !== null`, parent, reply)))
		if !nested {
			t.Errorf("%s does not see the reply %d nested under %d", name, reply, parent)
		}
		if got := readComment(t, tab, reply); got.Pending != "" || got.Body != "Two years, says the council." {
			t.Errorf("%s sees the reply as %+v", name, got)
		}
	}
}

// formValues reads the comment form's name, email and website fields.
func formValues(t *testing.T, ctx context.Context) [3]string {
	t.Helper()
	return mustRun(t, ctx, chromedp.Evaluate[[3]string](`["name", "email", "website"].map(id => document.getElementById(id).value)`))
}

// TestRememberCommenter ticks "Save my name, email, and website": the next
// article page has them filled in. Unticked, nothing is filled in, and
// unticking forgets what was saved.
func TestRememberCommenter(t *testing.T) {
	site := startTestSite(t)
	first := site.addArticle("Market square gets new trees")
	second := site.addArticle("Night buses return")
	ctx := mustBrowser(t)
	other := isolatedTab(t, ctx)

	saved := [3]string{"Erin Saver", "erin@example.org", "https://erin.example.org/"}
	open(t, ctx, site.articleURL(first))
	postComment(t, ctx, commentInput{Comment: "Lovely idea.", Name: saved[0], Email: saved[1], Website: saved[2], Remember: true})
	open(t, ctx, site.articleURL(second))
	if got := formValues(t, ctx); got != saved {
		t.Fatalf("after ticking Save, the next article's form has %q, want %q", got, saved)
	}
	if !mustRun(t, ctx, chromedp.Evaluate[bool](`document.getElementById("remember").checked`)) {
		t.Error("the Save box is not ticked on a form filled from what was saved")
	}

	open(t, other, site.articleURL(first))
	postComment(t, other, commentInput{Comment: "Lovely idea, indeed.", Name: "Frank Private", Email: "frank@example.org", Website: "https://frank.example.org/"})
	open(t, other, site.articleURL(second))
	if got := formValues(t, other); got != [3]string{} {
		t.Fatalf("without ticking Save, the next article's form has %q", got)
	}

	// The first reader posts again with the box unticked: what was saved
	// is forgotten.
	must(t, chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS("#name")),
		chromedp.Clear(chromedp.CSS("#email")),
		chromedp.Clear(chromedp.CSS("#website")),
	))
	postComment(t, ctx, commentInput{Comment: "Good to have them back.", Name: "Erin Saver", Remember: false})
	open(t, ctx, site.articleURL(first))
	if got := formValues(t, ctx); got != [3]string{} {
		t.Fatalf("after posting with Save unticked, the form still has %q", got)
	}
}

// TestEditOwnCommentWithinWindow edits one's own comment through its Edit
// link; 16 minutes after posting, the link is gone and the edit form is
// refused.
func TestEditOwnCommentWithinWindow(t *testing.T) {
	site := startTestSite(t)
	a := site.addArticle("Swimming pool reopens after repairs")
	ctx := mustBrowser(t)

	page := site.articleURL(a)
	open(t, ctx, page)
	id := postComment(t, ctx, commentInput{Comment: "The water was cold.", Name: "Gina Editor", Email: "gina@example.org"})
	if got := readComment(t, ctx, id); !got.Editable {
		t.Fatalf("the writer's own comment has no Edit link: %+v", got)
	}

	edit := fmt.Sprintf("%s/comments/%d/edit", site.URL, id)
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#comment-%d a[href="/comments/%d/edit"]`, id, id))))
	if err != nil {
		t.Fatal(err)
	}
	if loc := mustRun(t, ctx, chromedp.Location()); res.Status != http.StatusOK || loc != edit {
		t.Fatalf("Edit link: status %d at %s, want 200 at %s", res.Status, loc, edit)
	}
	if v := mustRun(t, ctx, chromedp.Value(chromedp.CSS("#comment"))); v != "The water was cold." {
		t.Fatalf("the edit form has %q", v)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS("#comment")),
		chromedp.SendKeys(chromedp.CSS("#comment"), "The water was warm, in fact."),
	))
	res, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("form.comment-form button[type=submit]")))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != http.StatusOK {
		t.Fatalf("saving the edit: status %d", res.Status)
	}
	if got := readComment(t, ctx, id); got.Body != "The water was warm, in fact." || got.Pending != awaiting {
		t.Fatalf("after the edit the writer sees %+v", got)
	}
	if c := site.mustComment(id); c.Body != "The water was warm, in fact." {
		t.Fatalf("stored body %q after the edit", c.Body)
	}

	// Open the edit form again, then let the window pass before sending it.
	open(t, ctx, edit)
	must(t, chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS("#comment")),
		chromedp.SendKeys(chromedp.CSS("#comment"), "Too late to say this."),
	))
	site.advance(16 * time.Minute)
	res, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("form.comment-form button[type=submit]")))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != http.StatusForbidden {
		t.Fatalf("sending the edit form 16 minutes after posting: status %d, want 403", res.Status)
	}
	if c := site.mustComment(id); c.Body != "The water was warm, in fact." {
		t.Fatalf("a late edit changed the comment to %q", c.Body)
	}
	open(t, ctx, page)
	if got := readComment(t, ctx, id); !got.Present || got.Editable || got.Body != "The water was warm, in fact." {
		t.Fatalf("16 minutes after posting the writer sees %+v, want the comment without an Edit link", got)
	}
	if n := mustRun(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/delete"]').length`)); n != 0 {
		t.Errorf("16 minutes after posting the page still has %d Delete forms", n)
	}
}
