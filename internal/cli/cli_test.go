package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/masthead-news/masthead/internal/config"
)

// run runs a masthead command in-process and returns its exit code and
// output.
func run(t *testing.T, stdin string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(context.Background(), args, Env{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
	})
	return code, out.String(), errOut.String()
}

const goodArticle = `---
title: "Council approves new cycle lanes"
standfirst: "Three routes will be built next year."
section: City
tags: [Transport, Cycling]
author: Ann Lee
source: Focus
source_url: https://focus.example/story
published_at: 2024-02-27T10:00:00Z
---

The council approved the plan on Tuesday.
`

func TestArticleAdd(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	file := filepath.Join(t.TempDir(), "story.md")
	if err := os.WriteFile(file, []byte(goodArticle), 0o600); err != nil {
		t.Fatal(err)
	}
	const url = "https://news.example/2024/02/27/council-approves-new-cycle-lanes/\n"

	code, out, errOut := run(t, "", nil, "article", "add", "--data", data, "--base-url", "https://news.example", file)
	if code != 0 || out != url {
		t.Fatalf("add: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// Again, from standard input and with the base URL from the environment:
	// the same slug updates the article.
	code, out, errOut = run(t, strings.Replace(goodArticle, "Three routes", "Four routes", 1),
		map[string]string{"MASTHEAD_BASE_URL": "https://news.example", "MASTHEAD_DATA": data}, "article", "add", "-")
	if code != 0 || out != url || !strings.Contains(errOut, "updated") {
		t.Fatalf("re-add: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	st, err := openStore(context.Background(), config.Config{DataDir: data}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.ArticleBySlug(context.Background(), "council-approves-new-cycle-lanes")
	if err != nil {
		t.Fatal(err)
	}
	if a.Standfirst != "Four routes will be built next year." || a.BodyHTML != "<p>The council approved the plan on Tuesday.</p>\n" {
		t.Fatalf("stored standfirst %q, body %q", a.Standfirst, a.BodyHTML)
	}
}

func TestArticleAddSeedFixture(t *testing.T) {
	seed := filepath.Join("..", "..", "..", "shared", "fixtures", "seed-article.md")
	if _, err := os.Stat(seed); err != nil {
		t.Skipf("the shared seed article is not here (%v); skipping", err)
	}
	code, out, errOut := run(t, "", nil, "article", "add", "--data", t.TempDir(), seed)
	if code != 0 || out != "http://127.0.0.1:8080/2024/02/27/nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg/\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestArticleAddRefusesBadInput(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"NoTitle", "---\nstandfirst: x\n---\nbody\n", "story.md:1: title is required"},
		{"BadDate", "---\ntitle: T\npublished_at: yesterday\n---\n", "story.md:3: published_at"},
		{"UnknownKey", "---\ntitle: T\ntitel: x\n---\n", `story.md:3: unknown key "titel"`},
		{"BrokenYAML", "---\ntitle: T\ntags: [a, b\n---\n", "story.md:3:"},
		{"NoFrontMatter", "# Just markdown\n", "story.md:1:"},
		{"BadStatus", "---\ntitle: T\nstatus: maybe\n---\n", "story.md:3:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "story.md")
			if err := os.WriteFile(file, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			data := filepath.Join(dir, "data")
			code, out, errOut := run(t, "", nil, "article", "add", "--data", data, file)
			if code != 1 || out != "" {
				t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.want) {
				t.Fatalf("stderr %q: want one line containing %q", errOut, tt.want)
			}
			if !strings.HasPrefix(errOut, file) {
				t.Fatalf("stderr %q does not start with the file name", errOut)
			}
			if _, err := os.Stat(data); !os.IsNotExist(err) {
				t.Fatal("bad input created the data directory")
			}
		})
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"Help", []string{"help"}, 0, "Commands:"},
		{"HelpServe", []string{"help", "serve"}, 0, "MASTHEAD_ADDR"},
		{"ServeDashH", []string{"serve", "-h"}, 0, "-demo"},
		{"ArticleDashH", []string{"article", "add", "-h"}, 0, "published_at"},
		{"NoCommand", nil, 2, "Usage: masthead COMMAND"},
		{"UnknownCommand", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"UnknownFlag", []string{"serve", "--nope"}, 2, "flag provided but not defined"},
		{"BadLogFormat", []string{"serve", "--log-format", "xml"}, 2, "--log-format"},
		{"ArticleNoFile", []string{"article", "add"}, 2, "exactly one FILE.md"},
		{"MissingFile", []string{"article", "add", "/no/such.md"}, 1, "/no/such.md: cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", nil, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.contains) {
				t.Fatalf("exit %d (want %d); output:\n%s%s\nwant it to contain %q", code, tt.code, out, errOut, tt.contains)
			}
		})
	}
}

// TestServe runs the whole site in-process on a free port: demo articles,
// an article added by the CLI while it runs, and a clean shutdown.
func TestServe(t *testing.T) {
	data := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = data, true
	app, err := NewApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ln)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()

	home := get(t, app.URL()+"/")
	for _, want := range []string{"Harbour bridge reopens", "Source: <a href=\"/source/the-harbour-gazette/\">The Harbour Gazette</a>", `href="/section/science/"`} {
		if !strings.Contains(home, want) {
			t.Errorf("demo home page lacks %q", want)
		}
	}

	file := filepath.Join(t.TempDir(), "story.md")
	os.WriteFile(file, []byte(strings.Replace(goodArticle, "2024-02-27T10:00:00Z", time.Now().UTC().Format(time.RFC3339), 1)), 0o600)
	if code, out, errOut := run(t, "", nil, "article", "add", "--data", data, "--base-url", app.URL(), file); code != 0 {
		t.Fatalf("add while serving: exit %d %s %s", code, out, errOut)
	}
	deadline := time.Now().Add(20 * time.Second) // generous: no timed assertion
	for !strings.Contains(get(t, app.URL()+"/"), "Council approves new cycle lanes") {
		if time.Now().After(deadline) {
			t.Fatal("the added article never appeared")
		}
		time.Sleep(50 * time.Millisecond)
	}

	stop()
	if err := <-done; err != nil {
		t.Fatalf("Run after shutdown: %v", err)
	}
	if _, err := http.Get(app.URL() + "/"); err == nil {
		t.Fatal("server still answers after shutdown")
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	return string(b)
}
