// Package e2e drives the real site in a real browser: Debian's chromium,
// headless, through chromedp, against the whole app started in-process on a
// free loopback port with a temporary data directory.
package e2e

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/masthead-news/masthead/internal/cli"
	"github.com/masthead-news/masthead/internal/config"
)

// mustStartSite runs the demo site and returns its base URL.
func mustStartSite(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = t.TempDir(), true
	app, err := cli.NewApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ln)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("site shutdown: %v", err)
		}
	})
	return app.URL()
}

// mustBrowser starts headless chromium, or skips when there is none (unless
// MASTHEAD_REQUIRE_BROWSER=1, as CI sets).
func mustBrowser(t *testing.T) context.Context {
	t.Helper()
	return mustBrowserFor(t, 2*time.Minute)
}

// mustBrowserFor is mustBrowser with a browser that lives at most d.
func mustBrowserFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("MASTHEAD_REQUIRE_BROWSER") == "1" {
			t.Fatal("no chromium found and MASTHEAD_REQUIRE_BROWSER=1: install Debian's chromium")
		}
		t.Skip("no chromium found: install Debian's chromium to run browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

const firstArticle = "/section/city/"

// TestCommentFormValidation submits the empty comment form and checks the
// messages of the page the product began from appear next to their fields,
// without the form being sent.
func TestCommentFormValidation(t *testing.T) {
	site := mustStartSite(t)
	ctx := mustBrowser(t)

	must(t, chromedp.Do(ctx,
		chromedp.Navigate(site+firstArticle),
		chromedp.Click(".teaser-title a", chromedp.NodeVisible),
		chromedp.WaitVisible("form.comment-form button[type=submit]"),
	))
	url := mustRun(t, ctx, chromedp.Location())
	must(t, chromedp.Do(ctx, chromedp.Click("form.comment-form button[type=submit]")))
	commentErr := mustRun(t, ctx, chromedp.Text("#comment-error", chromedp.NodeVisible))
	nameErr := mustRun(t, ctx, chromedp.Text("#name-error", chromedp.NodeVisible))
	if commentErr != "Please enter your comment!" || nameErr != "Please enter your name here" {
		t.Fatalf("messages %q and %q", commentErr, nameErr)
	}
	if focused := mustRun(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "comment" {
		t.Fatalf("focus on %q, want the comment field", focused)
	}
	if inv := mustRun(t, ctx, chromedp.AttributeValue("#name", "aria-invalid")); inv.Value != "true" {
		t.Fatalf("name aria-invalid %q", inv.Value)
	}

	// Typing a comment clears its message; the name's stays, and the form
	// is still not sent.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys("#comment", "A thoughtful reply."),
		chromedp.Click("form.comment-form button[type=submit]"),
	))
	after := mustRun(t, ctx, chromedp.Evaluate[string](`document.getElementById("comment-error").textContent`))
	stillName := mustRun(t, ctx, chromedp.Text("#name-error", chromedp.NodeVisible))
	nowURL := mustRun(t, ctx, chromedp.Location())
	if after != "" || stillName != "Please enter your name here" || nowURL != url {
		t.Fatalf("after typing: comment message %q, name message %q, URL %q (was %q)", after, stillName, nowURL, url)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustRun[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
