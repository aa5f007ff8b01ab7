package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/masthead-news/masthead/internal/store/postgres"
)

// leaderRetry is how often the test's instances ask to take over polling
// (serve's --leader-retry); the default, 15 s, would only make the test wait.
const leaderRetry = "500ms"

// The outlet's stories: before the leader is killed, and after. Their texts
// share few words, so none is taken for a copy of another.
var (
	storiesBefore = []outletItem{
		{"Harbour bridge reopens after repairs", "Repairs to the old harbour bridge finished two weeks early, the council said on Monday, and the road reopens to traffic on Wednesday morning.", time.Date(2024, 2, 26, 8, 0, 0, 0, time.UTC)},
		{"Orchestra announces winter season", "The city orchestra will play eleven concerts between November and March, including two premieres by local composers and a free open-air evening.", time.Date(2024, 2, 27, 9, 30, 0, 0, time.UTC)},
	}
	storiesAfter = []outletItem{
		{"Flood warning lifted for river valley", "Forecasters withdrew the flood warning late on Thursday as water levels in the valley fell steadily after three dry days upstream.", time.Date(2024, 2, 28, 17, 15, 0, 0, time.UTC)},
		{"School meals get cheaper in autumn", "Parents will pay less for lunches from September after the province agreed to cover part of the cost for every primary pupil.", time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)},
	}
)

// TestThreeProcessesOnPostgres runs three real `masthead serve` processes on
// one PostgreSQL database, set up through the command line as an operator
// would. A reader's comment posted through the first instance's form is
// approved through the second's moderation API and shows on the third's
// page; exactly one instance polls the followed outlet; when it is killed
// with SIGKILL another takes over; and no story is imported twice.
func TestThreeProcessesOnPostgres(t *testing.T) {
	database := freshPostgres(t)
	bin := mustBuild(t)
	out := newOutlet(t, storiesBefore...)

	// Everything an operator sets up before the servers start. (settings
	// set also stores the secret that signs comment forms, so the three
	// instances do not each make one as they start together.)
	data := t.TempDir()
	run := func(action string, args ...string) string {
		t.Helper()
		argv := slices.Concat(strings.Fields(action), []string{"--database", database, "--data", data}, args)
		return strings.TrimSpace(string(mustCommand(t, bin, argv...)))
	}
	run("settings set", "comments.min_seconds", "0") // the form is posted as soon as it is read
	articlePath := addStory(t, run)
	const moderator = "mira@example.org"
	password := "Tidal-Lantern-Orchard-73"
	mustCommandInput(t, bin, password+"\n"+password+"\n", "user", "add", "--database", database, "--data", data,
		"--email", moderator, "--name", "Mira Okafor", "--role", "moderator")
	token := run("token create", "--name", "e2e", "--user", moderator)
	run("source add", "--name", "Outlet", "--feed", out.feedURL(), "--mode", "publish", "--full-text=false")

	// Start the three together, so that all would poll the outlet at once
	// were it not for the lock; the outlet holds the first poll until all
	// three answer.
	var servers []*server
	for range 3 {
		servers = append(servers, launchServer(t, bin, t.TempDir(), "--database", database,
			"--ingest=true", "--allow-private-fetch", "--leader-retry", leaderRetry))
	}
	for _, s := range servers {
		s.waitReady(t)
	}
	out.open()

	t.Run("CommentAcrossInstances", func(t *testing.T) {
		commentAcrossInstances(t, servers, articlePath, token)
	})

	st, err := postgres.Open(t.Context(), database)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	conn, err := pgx.Connect(t.Context(), database)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())

	// The first poll: done when the feed's state says so.
	waitFor(t, time.Minute, "the outlet's first poll to finish", func() bool {
		c, err := st.SourceConfig(t.Context(), "outlet")
		return err == nil && !c.Feeds[0].LastPolled.IsZero()
	})
	if got := importedCounts(t, conn); len(got) != len(storiesBefore) {
		t.Fatalf("after the first poll, imported %v; want the outlet's %d stories", got, len(storiesBefore))
	}
	first := out.pollsSoFar()
	leader := instanceOf(t, servers, first[0].site)
	for _, p := range first {
		if p.site != first[0].site {
			t.Fatalf("the outlet was polled by more than one instance: %v", first)
		}
	}
	t.Logf("instance %d polls the outlet (%d polls so far)", leader+1, len(first))

	// New stories, and the feed due again at once rather than after its
	// interval. The leader is frozen first, so it cannot poll the feed
	// between the change and its death; a frozen process keeps its
	// connections, and with them the lock.
	dead := servers[leader]
	if err := dead.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	out.add(storiesAfter...)
	c, err := st.SourceConfig(t.Context(), "outlet")
	if err != nil {
		t.Fatal(err)
	}
	c.Feeds[0].NextPoll = time.Time{}
	if err := st.SaveFeedState(t.Context(), &c.Feeds[0]); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	if err := dead.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-dead.exited
	var exit *exec.ExitError
	if !errors.As(dead.err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("instance %d ended with %v, not by SIGKILL", leader+1, dead.err)
	}

	// Its connections close with it, PostgreSQL releases the lock, and
	// another instance takes over at its next try.
	var after []outletPoll
	waitFor(t, time.Minute, "another instance to poll the outlet", func() bool {
		after = out.pollsSoFar()[len(first):]
		return len(after) > 0
	})
	next := instanceOf(t, servers, after[0].site)
	if next == leader {
		t.Fatalf("the killed instance %d polled after SIGKILL", leader+1)
	}
	t.Logf("instance %d took over polling %v after SIGKILL", next+1, after[0].at.Sub(killedAt).Round(time.Millisecond))
	all := len(storiesBefore) + len(storiesAfter)
	waitFor(t, time.Minute, "the new stories to be imported", func() bool { return len(importedCounts(t, conn)) >= all })

	// Nothing imported twice, and nobody else polled.
	counts := importedCounts(t, conn)
	for u, n := range counts {
		if n != 1 {
			t.Errorf("%s was imported %d times", u, n)
		}
	}
	for i := range all {
		if counts[out.storyURL(i+1)] == 0 {
			t.Errorf("story %s was not imported; imported: %v", out.storyURL(i+1), counts)
		}
	}
	if len(counts) != all {
		t.Errorf("imported %d distinct stories, want %d: %v", len(counts), all, counts)
	}
	for _, p := range out.pollsSoFar()[len(first):] {
		if p.site != after[0].site {
			t.Errorf("after the takeover the outlet was polled by %s as well as by instance %d", p.site, next+1)
		}
	}
	for i, s := range servers {
		select {
		case <-s.exited:
			if i != leader {
				t.Errorf("instance %d ended: %v\n%s", i+1, s.err, s.stderr.String())
			}
		default:
		}
	}
}

// addStory publishes the article readers comment on, with the command
// `run` runs on the test's database, and returns its URL path.
func addStory(t *testing.T, run func(action string, args ...string) string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "story.md")
	text := "---\ntitle: \"Three servers, one newsroom\"\nsection: City\npublished_at: 2024-03-01T09:00:00Z\n---\n\nA story for readers to comment on.\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(run("article add", file))
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// commentAcrossInstances posts a comment through the first server's form,
// approves it through the second's API, and waits for it on the third's
// page, which has that page cached from before.
func commentAcrossInstances(t *testing.T, servers []*server, articlePath, token string) {
	const text = "Read on one server, approved on another, shown on a third."
	page3 := servers[2].URL + articlePath
	if b := pageText(t, page3); strings.Contains(b, text) {
		t.Fatal("the comment is on the page before it was posted")
	}

	id := postCommentForm(t, servers[0].URL+articlePath, url.Values{
		"comment": {text},
		"name":    {"Petro Ivanova"},
		"email":   {"petro@example.net"},
	})

	// A first-time commenter waits for a moderator.
	var queue struct {
		Comments []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"comments"`
	}
	apiJSON(t, http.MethodGet, servers[1].URL+"/api/v1/comments?status=pending", token, "", &queue)
	pending := false
	for _, c := range queue.Comments {
		pending = pending || c.ID == id && c.Status == "pending"
	}
	if !pending {
		t.Fatalf("comment %d is not pending on the second instance: %+v", id, queue.Comments)
	}
	if strings.Contains(pageText(t, page3), text) {
		t.Fatal("the third instance shows the comment while it is pending")
	}

	var changed struct{ Changed int }
	approvedAt := time.Now()
	apiJSON(t, http.MethodPost, servers[1].URL+"/api/v1/comments/moderate", token,
		fmt.Sprintf(`{"action":"approve","ids":[%d]}`, id), &changed)
	if changed.Changed != 1 {
		t.Fatalf("approving comment %d changed %d comments", id, changed.Changed)
	}
	waitFor(t, 30*time.Second, "the approved comment on the third instance", func() bool {
		return strings.Contains(pageText(t, page3), text)
	})
	// The design says within a second (NOTIFY drops the cached page as
	// the approval commits); on a busy machine it may take longer, so this
	// is reported, not asserted.
	t.Logf("the approved comment showed on the third instance %v after the approval", time.Since(approvedAt).Round(time.Millisecond))
}

// The comment form on the article page, as the template writes it.
var (
	formActionRE = regexp.MustCompile(`<form class="comment-form"[^>]*\saction="([^"]*)"`)
	formTokenRE  = regexp.MustCompile(`<input type="hidden" name="form_token" value="([^"]*)"`)
)

// postCommentForm reads the comment form on the page and posts it with the
// fields a reader fills in, as a browser would, and returns the new
// comment's ID from the redirect.
func postCommentForm(t *testing.T, pageURL string, fields url.Values) int64 {
	t.Helper()
	page := pageText(t, pageURL)
	action, token := formActionRE.FindStringSubmatch(page), formTokenRE.FindStringSubmatch(page)
	if action == nil || token == nil {
		t.Fatalf("no comment form on %s", pageURL)
	}
	target, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	target, err = target.Parse(html.UnescapeString(action[1]))
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"website": {""}, "parent": {""}, "url2": {""}, "form_token": {html.UnescapeString(token[1])}}
	for k, v := range fields {
		form[k] = v
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, target.String(), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")
	req.Header.Set("Origin", target.Scheme+"://"+target.Host)
	client := &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	loc := res.Header.Get("Location")
	_, frag, _ := strings.Cut(loc, "#comment-")
	id, err := strconv.ParseInt(frag, 10, 64)
	if res.StatusCode != http.StatusSeeOther || err != nil {
		t.Fatalf("posting the comment form answered %s, Location %q\n%s", res.Status, loc, body)
	}
	return id
}

// pageText GETs a page as a reader without cookies and returns its HTML.
func pageText(t *testing.T, u string) string {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, res.Status)
	}
	return string(b)
}

// apiJSON calls the API with a bearer token and decodes its 200 answer.
func apiJSON(t *testing.T, method, u, token, body string, out any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s\n%s", method, u, res.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s %s: %v\n%s", method, u, err, b)
	}
}

// importedCounts counts the database's articles by the URL of the story
// they were imported from.
func importedCounts(t *testing.T, conn *pgx.Conn) map[string]int {
	t.Helper()
	rows, err := conn.Query(t.Context(), `SELECT source_url, count(*) FROM articles WHERE source_url <> '' GROUP BY source_url`)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for rows.Next() {
		var u string
		var n int
		if err := rows.Scan(&u, &n); err != nil {
			t.Fatal(err)
		}
		counts[u] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return counts
}

// instanceOf is the index of the server whose base URL site is.
func instanceOf(t *testing.T, servers []*server, site string) int {
	t.Helper()
	i := slices.IndexFunc(servers, func(s *server) bool { return s.URL == site })
	if i < 0 {
		t.Fatalf("the outlet was polled by %q, none of the instances", site)
	}
	return i
}

// waitFor polls ok until it holds, failing the test after d. The deadline is
// generous: the test must not fail because a shared machine is slow.
func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond) // polling, not an assertion
	}
}
