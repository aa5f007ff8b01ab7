package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// repoRoot is the directory of the module's go.mod, found by walking up from
// the package directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package directory")
		}
		dir = parent
	}
}

// mustBuild builds the masthead command into a temporary directory.
func mustBuild(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "masthead")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/masthead")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// commandEnv is the environment for the masthead command: this process's,
// without MASTHEAD_* variables, so only the flags configure it.
func commandEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MASTHEAD_") {
			env = append(env, kv)
		}
	}
	return env
}

// mustCommand runs a masthead command to its end and returns its output.
func mustCommand(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	return mustCommandInput(t, bin, "", args...)
}

// mustCommandInput is mustCommand with stdin as the command's standard
// input, for commands that read answers from it (such as a password).
func mustCommandInput(t *testing.T, bin, stdin string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = commandEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("masthead %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// server is a `masthead serve` process.
type server struct {
	cmd    *exec.Cmd
	URL    string
	exited chan struct{} // closed when the process has ended
	err    error         // how it ended, once exited is closed
	stderr lockedBuffer
}

// lockedBuffer is a bytes.Buffer that the process's output goroutine and the
// test may use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServer starts `masthead serve` on the data directory, with any
// further flags, and waits until /healthz answers. Cleanup kills it if the
// test has not stopped it.
func startServer(t *testing.T, bin, data string, flags ...string) *server {
	t.Helper()
	s := launchServer(t, bin, data, flags...)
	s.waitReady(t)
	return s
}

// launchServer starts `masthead serve` without waiting for it to answer, so
// that several can start at once. Cleanup kills it if the test has not.
func launchServer(t *testing.T, bin, data string, flags ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	s := &server{URL: "http://" + addr, exited: make(chan struct{})}
	s.cmd = exec.Command(bin, append([]string{"serve", "--data", data, "--addr", addr}, flags...)...)
	s.cmd.Env = commandEnv()
	s.cmd.Stdout = &s.stderr
	s.cmd.Stderr = &s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.exited
	})
	return s
}

// waitReady waits until the server's /healthz answers 200.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-s.exited:
			t.Fatalf("masthead serve ended before it answered: %v\n%s", s.err, s.stderr.String())
		default:
		}
		if res, err := client.Get(s.URL + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("masthead serve did not answer /healthz within a minute\n%s", s.stderr.String())
		}
		time.Sleep(50 * time.Millisecond) // polling, not an assertion
	}
}

// TestCommentsSurviveKill posts comments to the real binary from many
// clients at once, kills it with SIGKILL in the middle, and checks that every
// comment it answered 201 for is in the database after a restart.
func TestCommentsSurviveKill(t *testing.T) {
	bin := mustBuild(t)
	data := t.TempDir()

	// Every article takes a limited number of comments a minute from
	// everyone together, so the load is spread over many articles.
	const articles = 20
	src := t.TempDir()
	for i := range articles {
		file := filepath.Join(src, fmt.Sprintf("article-%02d.md", i))
		text := fmt.Sprintf("---\ntitle: \"Crash test story %02d\"\nsection: City\npublished_at: 2024-01-02T10:00:00Z\n---\n\nA story to comment on.\n", i)
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		mustCommand(t, bin, "article", "add", "--data", data, file)
	}
	mustCommand(t, bin, "settings", "set", "--data", data, "comments.rate_per_minute", "0")
	mustCommand(t, bin, "settings", "set", "--data", data, "comments.moderation", "none")

	// Each round loads a fresh server and kills it in the middle; the
	// next round starts on what the last one left.
	const rounds = 3
	var (
		acked    []int64
		sent     int64
		statuses = map[int]int{}
		ids      []int64
	)
	for round := range rounds {
		srv := startServer(t, bin, data)
		if ids == nil {
			if ids = articleIDs(t, srv.URL); len(ids) != articles {
				t.Fatalf("the API lists %d articles, want %d", len(ids), articles)
			}
		}
		r := loadAndKill(t, srv, ids, round)
		acked = append(acked, r.acked...)
		sent += r.sent
		for code, n := range r.statuses {
			statuses[code] += n
		}
		if t.Failed() {
			t.FailNow()
		}
	}

	// Restart on the same data: the site must come up, and every
	// acknowledged comment must be there.
	again := startServer(t, bin, data)
	stored := map[int64]bool{}
	for _, article := range ids {
		out := mustCommand(t, bin, "comments", "list", "--data", data, "--json", "--article", strconv.FormatInt(article, 10), "--limit", "200")
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		lines := 0
		for sc.Scan() {
			var c struct {
				ID        int64 `json:"id"`
				ArticleID int64 `json:"article_id"`
			}
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				t.Fatalf("comments list --json printed %q: %v", sc.Text(), err)
			}
			if c.ArticleID != article {
				t.Errorf("comments list --article %d printed comment %d of article %d", article, c.ID, c.ArticleID)
			}
			stored[c.ID] = true
			lines++
		}
		if lines >= 200 {
			t.Fatalf("article %d has %d or more comments, more than comments list shows; the check would be incomplete", article, lines)
		}
	}
	var lost []int64
	for _, id := range acked {
		if !stored[id] {
			lost = append(lost, id)
		}
	}
	t.Logf("%d rounds of %d clients, each ended by SIGKILL: %d comments sent, answers %v, %d acknowledged with 201; after the restart %d are stored (%d more than acknowledged, from requests cut short)",
		rounds, loadWorkers, sent, statuses, len(acked), len(stored), len(stored)-len(acked))
	if len(lost) > 0 {
		t.Fatalf("%d acknowledged comments are lost after SIGKILL: %v", len(lost), lost)
	}

	// The restarted server also stops cleanly.
	if err := again.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-again.exited:
		if again.err != nil {
			t.Errorf("the restarted server ended with %v after SIGTERM\n%s", again.err, again.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("the restarted server did not stop within 30 seconds of SIGTERM")
	}
}

// articleIDs lists the IDs of the site's articles through the public API.
func articleIDs(t *testing.T, base string) []int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/articles?limit=100", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Articles []struct {
			ID int64 `json:"id"`
		} `json:"articles"`
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/articles: %s", res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 0, len(out.Articles))
	for _, a := range out.Articles {
		ids = append(ids, a.ID)
	}
	return ids
}

const (
	loadWorkers = 16
	// killAfter is how many comments a round has acknowledged when it
	// kills the server. The per-article limit (60 a minute by default) is
	// counted in the database, across the rounds' processes: 1,200 a
	// minute over the test's 20 articles, of which the three rounds use
	// some 900.
	killAfter = 300
)

type loadResult struct {
	acked    []int64 // IDs answered 201
	sent     int64
	statuses map[int]int // answers by status code
}

// loadAndKill posts comments to srv from loadWorkers clients at once,
// spread over the articles, and sends SIGKILL once killAfter are
// acknowledged, while the clients keep posting. It returns when the
// process has ended.
func loadAndKill(t *testing.T, srv *server, ids []int64, round int) loadResult {
	t.Helper()
	var (
		mu     sync.Mutex
		r      = loadResult{statuses: map[int]int{}}
		sent   atomic.Int64
		killed atomic.Bool
		wg     sync.WaitGroup
	)
	kill := func() {
		if killed.CompareAndSwap(false, true) {
			if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Errorf("kill: %v", err)
			}
		}
	}
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers},
	}
	defer client.CloseIdleConnections()
	giveUp := time.Now().Add(2 * time.Minute)
	for w := range loadWorkers {
		wg.Go(func() {
			for !killed.Load() {
				if time.Now().After(giveUp) {
					mu.Lock()
					n := len(r.acked)
					mu.Unlock()
					t.Errorf("round %d: %d comments acknowledged after two minutes, still short of %d", round, n, killAfter)
					kill()
					return
				}
				n := sent.Add(1)
				body, _ := json.Marshal(map[string]string{
					"comment": fmt.Sprintf("Comment %d of round %d from client %d, which must survive a crash of the server.", n, round, w),
					"name":    fmt.Sprintf("Reader %c", 'A'+w),
					"email":   fmt.Sprintf("reader-%c@example.org", 'a'+w),
				})
				id := strconv.FormatInt(ids[int(n)%len(ids)], 10)
				res, err := client.Post(srv.URL+"/api/v1/articles/"+id+"/comments", "application/json", bytes.NewReader(body))
				if err != nil {
					if !killed.Load() {
						t.Errorf("round %d, client %d: %v", round, w, err)
						kill()
					}
					return
				}
				var out struct {
					ID int64 `json:"id"`
				}
				decodeErr := json.NewDecoder(res.Body).Decode(&out)
				res.Body.Close()
				mu.Lock()
				r.statuses[res.StatusCode]++
				if res.StatusCode == http.StatusCreated && decodeErr == nil && out.ID > 0 {
					r.acked = append(r.acked, out.ID)
				}
				enough := len(r.acked) >= killAfter
				mu.Unlock()
				switch {
				case res.StatusCode == http.StatusCreated && (decodeErr != nil || out.ID <= 0):
					t.Errorf("round %d, client %d: 201 without an ID: %v", round, w, decodeErr)
				case res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusTooManyRequests:
					t.Errorf("round %d, client %d: POST answered %d", round, w, res.StatusCode)
				}
				if enough {
					kill()
				}
			}
		})
	}
	wg.Wait()
	<-srv.exited
	var exit *exec.ExitError
	if !errors.As(srv.err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Errorf("round %d: the server ended with %v, not by SIGKILL\n%s", round, srv.err, srv.stderr.String())
	}
	r.sent = sent.Load()
	return r
}
