package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outletFeed serves one RSS item with its text, and an article page.
func outletFeed(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/page" {
			io.WriteString(w, `<html><head><title>Bridge</title></head><body><nav>Home News</nav><article><h1>Bridge opens</h1>
<p>The new bridge over the river opened to traffic on Saturday morning, a year after the old one was closed for safety reasons and demolished.</p>
<p>Drivers queued for an hour to be among the first across, and the mayor cut a ribbon at the western end before the barriers were lifted.</p>
</article><div class="comments">Please enter your comment! Please enter your name here</div></body></html>`)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>
<item><title>Bridge opens to traffic</title><link>http://`+r.Host+`/page?utm_source=rss</link>
<pubDate>Sat, 24 Feb 2024 09:00:00 GMT</pubDate><category>Transport</category>
<description>The new bridge over the river opened to traffic on Saturday morning.</description></item>
</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSourceCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	outlet := outletFeed(t)
	private := map[string]string{"MASTHEAD_ALLOW_PRIVATE_FETCH": "1"}

	code, out, errOut := run(t, "", nil, "source", "add", "--data", data, "--name", "Valley News",
		"--feed", outlet.URL+"/feed", "--mode", "publish", "--section", "Regions", "--tags", "Valley,Rivers")
	if code != 0 || !strings.Contains(out, "following Valley News (1 feeds, publish mode, every 30m0s)") {
		t.Fatalf("add: exit %d, %q, %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "", nil, "source", "add", "--data", data, "--name", "Valley News", "--feed", outlet.URL+"/feed"); code != 1 || !strings.Contains(errOut, "already followed") {
		t.Errorf("adding twice: exit %d, %q", code, errOut)
	}
	for _, bad := range [][]string{
		{"--name", "No feed"},
		{"--feed", outlet.URL + "/feed"},
		{"--name", "Bad", "--feed", "file:///etc/passwd"},
		{"--name", "Bad", "--feed", outlet.URL, "--interval", "1m"},
		{"--name", "Bad", "--feed", outlet.URL, "--mode", "auto"},
	} {
		code, _, errOut := run(t, "", nil, append([]string{"source", "add", "--data", data}, bad...)...)
		if code == 0 || errOut == "" {
			t.Errorf("source add %q: exit %d, stderr %q; want an error", bad, code, errOut)
		}
	}

	// Without --allow-private-fetch the loopback outlet is refused.
	code, out, errOut = run(t, "", nil, "source", "fetch", "--data", data, "valley-news")
	if code != 0 || !strings.Contains(out, "0 imported") || !strings.Contains(errOut, "refusing") {
		t.Errorf("fetch from loopback without permission: exit %d, %q, %q", code, out, errOut)
	}
	code, out, errOut = run(t, "", private, "source", "fetch", "--data", data, "--base-url", "https://news.example", "valley-news")
	if code != 0 || !strings.Contains(out, "published\thttps://news.example/2024/02/24/bridge-opens-to-traffic/\tBridge opens to traffic") ||
		!strings.Contains(out, "1 imported") {
		t.Fatalf("fetch: exit %d, %q, %q", code, out, errOut)
	}
	if code, out, _ := run(t, "", private, "ingest", "--once", "--data", data); code != 0 || !strings.Contains(out, "no feed is due") {
		t.Errorf("ingest --once right after a poll: exit %d, %q", code, out)
	}
	if code, _, errOut := run(t, "", nil, "ingest", "--data", data); code != 2 || !strings.Contains(errOut, "--once") {
		t.Errorf("ingest without --once: exit %d, %q", code, errOut)
	}

	code, out, _ = run(t, "", nil, "source", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "Valley News") || !strings.Contains(out, outlet.URL+"/feed") ||
		!strings.Contains(out, "  ok  ") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "", nil, "source", "edit", "--data", data, "--interval", "2h", "--tags", "Bridges", "valley-news"); code != 0 || !strings.Contains(out, "updated") {
		t.Errorf("edit: exit %d, %q", code, out)
	}
	code, out, _ = run(t, "", nil, "source", "list", "--data", data, "--json")
	var listed struct {
		Interval string   `json:"interval"`
		Tags     []string `json:"tags"`
		Mode     string   `json:"mode"`
		Feeds    []struct {
			Imported int `json:"imported"`
		} `json:"feeds"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil || listed.Interval != "2h0m0s" || len(listed.Tags) != 1 ||
		listed.Mode != "publish" || listed.Feeds[0].Imported != 1 {
		t.Errorf("list --json after edit: exit %d, %s", code, out)
	}
	if code, out, _ := run(t, "", nil, "source", "remove", "--data", data, "valley-news"); code != 0 || !strings.Contains(out, "no longer following") {
		t.Errorf("remove: exit %d, %q", code, out)
	}
	if code, _, errOut := run(t, "", nil, "source", "remove", "--data", data, "valley-news"); code != 1 || !strings.Contains(errOut, "not followed") {
		t.Errorf("remove twice: exit %d, %q", code, errOut)
	}
}

func TestExtractCommand(t *testing.T) {
	outlet := outletFeed(t)
	page := filepath.Join(t.TempDir(), "page.html")
	res, err := http.Get(outlet.URL + "/page")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if err := os.WriteFile(page, body, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", nil, "extract", page)
	if code != 0 || !strings.Contains(out, "The new bridge over the river") || !strings.Contains(out, "\n\nDrivers queued") ||
		strings.Contains(out, "Please enter your comment") || strings.Contains(out, "Home News") {
		t.Errorf("extract FILE: exit %d, %q, %q", code, out, errOut)
	}
	code, out, _ = run(t, "", map[string]string{"MASTHEAD_ALLOW_PRIVATE_FETCH": "1"}, "extract", "--json", outlet.URL+"/page")
	var got struct{ Title, Text, HTML string }
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || !strings.Contains(got.HTML, "<p>The new bridge") {
		t.Errorf("extract --json URL: exit %d, %s", code, out)
	}
	if code, _, errOut := run(t, "", nil, "extract", filepath.Join(t.TempDir(), "missing.html")); code != 1 || !strings.Contains(errOut, "missing.html") {
		t.Errorf("extract of a missing file: exit %d, %q", code, errOut)
	}
}

func TestUserCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	pw := map[string]string{"MASTHEAD_PASSWORD": "a long and quiet harbour"}
	code, out, errOut := run(t, "", pw, "user", "add", "--data", data, "--email", "Ann@Example.com", "--name", "Ann Lee", "--role", "admin")
	if code != 0 || !strings.Contains(out, "added Ann Lee <ann@example.com> as admin") {
		t.Fatalf("add: exit %d, %q, %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "", pw, "user", "add", "--data", data, "--email", "ann@example.com", "--name", "Again", "--role", "editor"); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("a second account with the email: exit %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, "", map[string]string{"MASTHEAD_PASSWORD": "short"}, "user", "add", "--data", data, "--email", "b@example.com", "--name", "B", "--role", "author"); code != 1 || !strings.Contains(errOut, "12") {
		t.Errorf("a short password: exit %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, "", pw, "user", "add", "--data", data, "--email", "c@example.com", "--name", "C", "--role", "owner"); code != 1 || errOut == "" {
		t.Errorf("an unknown role: exit %d, %q", code, errOut)
	}
	// From a pipe, the password twice on standard input.
	code, _, errOut = run(t, "another fine password\nanother fine password\n", nil, "user", "add", "--data", data, "--email", "ed@example.com", "--name", "Ed", "--role", "editor")
	if code != 0 {
		t.Fatalf("add with the password on standard input: exit %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, "one password here\nanother one here\n", nil, "user", "add", "--data", data, "--email", "f@example.com", "--name", "F", "--role", "editor"); code != 1 || !strings.Contains(errOut, "differ") {
		t.Errorf("two different passwords: exit %d, %q", code, errOut)
	}
	if code, _, _ := run(t, "", nil, "user", "disable", "--data", data, "ed@example.com"); code != 0 {
		t.Errorf("disable: exit %d", code)
	}
	code, out, _ = run(t, "", nil, "user", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "ann@example.com") || !strings.Contains(out, "disabled") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	if code, _, _ := run(t, "", pw, "user", "passwd", "--data", data, "ann@example.com"); code != 0 {
		t.Errorf("passwd: exit %d", code)
	}
}
