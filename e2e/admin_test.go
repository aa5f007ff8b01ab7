package e2e

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
)

const staffPassword = "a long walk on the harbour wall"

// addUser creates a newsroom account with staffPassword.
func (s *testSite) addUser(email string, role masthead.Role) {
	s.t.Helper()
	hash, err := auth.TestHasher().HashPassword(staffPassword)
	if err != nil {
		s.t.Fatal(err)
	}
	u := &masthead.User{Email: email, Name: "Staff " + string(role), Role: role, PasswordHash: hash}
	if err := s.Store.CreateUser(context.Background(), u); err != nil {
		s.t.Fatal(err)
	}
}

// logIn goes to an admin page, is sent to the login form, and logs in
// through it, ending on the page it asked for.
func logIn(t *testing.T, ctx context.Context, site *testSite, path, email string) {
	t.Helper()
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(site.URL+path),
		chromedp.WaitVisible("#password"),
		chromedp.SendKeys("#email", email),
		chromedp.SendKeys("#password", staffPassword),
		chromedp.Click(`form[action="/admin/login"] button[type=submit]`),
		chromedp.WaitVisible(".admin-nav"),
	))
	if loc := mustRun(t, ctx, chromedp.Location()); loc != site.URL+path {
		t.Fatalf("after login the browser is at %s, want %s", loc, site.URL+path)
	}
}

// An editor logs in, writes an article with a live preview, schedules it,
// and it appears on the site when its time comes.
func TestEditorWritesAndSchedules(t *testing.T) {
	site := startTestSite(t)
	site.addUser("ed@example.com", masthead.RoleEditor)
	ctx := mustBrowser(t)
	logIn(t, ctx, site, "/admin/", "ed@example.com")
	if h := mustRun(t, ctx, chromedp.Text("h1")); h != "Dashboard" {
		t.Fatalf("after login: %q", h)
	}

	when := siteStart.Add(time.Hour).Format("2006-01-02T15:04")
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(site.URL+"/admin/articles/new"),
		chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "Night ferry returns for the summer"),
		chromedp.SendKeys("#standfirst", "The crossing runs three times a week."),
		chromedp.SendKeys("#body", "The ferry **returns** on Friday."),
		chromedp.SendKeys("#section", "City"),
		chromedp.WaitVisible("[data-preview] strong"),
	))
	if got := mustRun(t, ctx, chromedp.Text("[data-preview] strong")); got != "returns" {
		t.Errorf("the preview shows %q in bold, want \"returns\"", got)
	}
	// datetime-local inputs take keys field by field; set the value as a
	// person picking it would, and choose "published".
	must(t, chromedp.Do(ctx,
		chromedp.SetValue("#published_at", when),
		chromedp.SetValue("#status", "published"),
	))
	res, err := chromedp.RunResponse(ctx, chromedp.Click(".editor-actions button[type=submit]"))
	if err != nil || res.Status != http.StatusOK {
		t.Fatalf("save: %v, status %v", err, res)
	}
	if flash := mustRun(t, ctx, chromedp.Text(".flash")); flash != "Saved." {
		t.Fatalf("after save: %q", flash)
	}

	a, err := site.Store.ArticleBySlug(context.Background(), "night-ferry-returns-for-the-summer")
	if err != nil {
		t.Fatal(err)
	}
	reader := isolatedTab(t, ctx)
	res, err = chromedp.RunResponse(reader, chromedp.Navigate(site.articleURL(a)))
	if err != nil || res.Status != http.StatusNotFound {
		t.Fatalf("before its time the article answers %v, want 404", res.Status)
	}
	site.advance(61 * time.Minute)
	open(t, reader, site.articleURL(a))
	if h := mustRun(t, reader, chromedp.Text("h1")); h != "Night ferry returns for the summer" {
		t.Errorf("at its time the article shows %q", h)
	}
}

// A moderator approves several pending comments at once, and one more with
// the keyboard.
func TestModeratorBulkApproves(t *testing.T) {
	site := startTestSite(t)
	a := site.addArticle("Market square to be pedestrianised")
	var ids []int64
	for _, name := range []string{"Ann", "Bob", "Cy"} {
		c := &masthead.Comment{ArticleID: a.ID, Name: name, Body: "Comment by " + name, Status: masthead.CommentPending, CreatedAt: siteStart}
		if err := site.Store.CreateComment(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	site.addUser("mod@example.com", masthead.RoleModerator)
	ctx := mustBrowser(t)
	logIn(t, ctx, site, "/admin/comments", "mod@example.com")
	if n := mustRun(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".queue-item").length`)); n != 3 {
		t.Fatalf("the queue shows %d comments, want 3", n)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click("#sel"+itoa(ids[0])),
		chromedp.Click("#sel"+itoa(ids[1])),
	))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(`button[name=action][value=approve]`)); err != nil {
		t.Fatal(err)
	}
	if flash := mustRun(t, ctx, chromedp.Text(".flash")); flash != "2 comments approved." {
		t.Fatalf("after the bulk approval: %q", flash)
	}
	// The last one with the keyboard: j to it, a to approve.
	if _, err := chromedp.RunResponse(ctx, chromedp.KeyEvent("j"), chromedp.KeyEvent("a")); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		c, err := site.Store.Comment(context.Background(), id)
		if err != nil || c.Status != masthead.CommentApproved {
			t.Errorf("comment %d: %v, %v; want approved", id, c.Status, err)
		}
	}
}

// An author cannot reach the users page, and is not offered it.
func TestAuthorCannotManageUsers(t *testing.T) {
	site := startTestSite(t)
	site.addUser("au@example.com", masthead.RoleAuthor)
	ctx := mustBrowser(t)
	logIn(t, ctx, site, "/admin/", "au@example.com")
	if nav := mustRun(t, ctx, chromedp.Text(".admin-nav")); strings.Contains(nav, "Users") || strings.Contains(nav, "Comments") {
		t.Errorf("an author's menu offers %q", nav)
	}
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(site.URL+"/admin/users"))
	if err != nil || res.Status != http.StatusForbidden {
		t.Fatalf("an author on /admin/users: %v, status %d; want 403", err, res.Status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// An editor uploads a lead image with its alt text; the article shows it.
func TestEditorUploadsLeadImage(t *testing.T) {
	site := startTestSite(t)
	site.addUser("ed@example.com", masthead.RoleEditor)
	a := site.addArticle("Lighthouse repainted")
	file := filepath.Join(t.TempDir(), "lighthouse.png")
	img := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for y := range 600 {
		for x := range 800 {
			img.Set(x, y, color.RGBA{200, uint8(y), uint8(x), 255})
		}
	}
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()

	ctx := mustBrowser(t)
	editor := "/admin/articles/" + itoa(a.ID)
	logIn(t, ctx, site, editor, "ed@example.com")
	must(t, chromedp.Do(ctx,
		chromedp.SetUploadFiles("#image", []string{file}),
		chromedp.SendKeys("#image_alt", "The lighthouse in fresh red and white paint"),
		chromedp.SendKeys("#image_credit", "Photo: Staff"),
	))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(".editor-actions button[type=submit]")); err != nil {
		t.Fatal(err)
	}
	if flash := mustRun(t, ctx, chromedp.Text(".flash")); flash != "Saved." {
		notice := mustRun(t, ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".form-notice, .field-error")).map(e => e.textContent).join(" | ")`))
		t.Fatalf("after the upload: %q; %s", flash, notice)
	}
	site.Web.InvalidateCache()
	reader := isolatedTab(t, ctx)
	open(t, reader, site.articleURL(a))
	alt := mustRun(t, reader, chromedp.AttributeValue("figure.lead-image img", "alt"))
	loaded := mustRun(t, reader, chromedp.Evaluate[int](`(() => { const i = document.querySelector("figure.lead-image img"); return i.complete ? i.naturalWidth : 0; })()`))
	if alt.Value != "The lighthouse in fresh red and white paint" || loaded == 0 {
		t.Errorf("the article's image: alt %q, loaded width %d", alt.Value, loaded)
	}
}
