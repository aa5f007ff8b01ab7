package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/config"
)

// mustSite makes a data directory with one article and the given comments,
// stored directly (the store takes any status).
func mustSite(t *testing.T, comments ...*masthead.Comment) string {
	t.Helper()
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "story.md")
	os.WriteFile(file, []byte(goodArticle), 0o600)
	if code, _, errOut := run(t, "", nil, "article", "add", "--data", data, file); code != 0 {
		t.Fatal(errOut)
	}
	st, err := openStore(context.Background(), config.Config{DataDir: data}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range comments {
		c.ArticleID = 1
		if err := st.CreateComment(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func TestCommentsCommands(t *testing.T) {
	data := mustSite(t,
		&masthead.Comment{Name: "Ann", Email: "ann@example.com", IP: "192.0.2.1", Body: "First\x1b[31m red", Status: masthead.CommentPending},
		&masthead.Comment{Name: "Bob", Body: "Second", Status: masthead.CommentPending},
		&masthead.Comment{Name: "Cy", Body: "Third", Status: masthead.CommentApproved},
	)

	code, out, errOut := run(t, "", nil, "comments", "list", "--data", data, "--status", "pending", "--json")
	if code != 0 {
		t.Fatalf("list: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("list --status pending --json printed %d lines:\n%s", len(lines), out)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &first); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "article_id", "parent_id", "status", "name", "email", "website", "ip", "comment", "created_at", "spam_score"} {
		if _, ok := first[k]; !ok {
			t.Errorf("JSON line lacks %q: %s", k, lines[1])
		}
	}
	if first["name"] != "Ann" || first["ip"] != "192.0.2.1" || first["status"] != "pending" {
		t.Fatalf("oldest pending comment: %v", first)
	}

	_, table, _ := run(t, "", nil, "comments", "list", "--data", data)
	if !strings.Contains(table, "3 of 3 comments") || strings.Contains(table, "\x1b") {
		t.Fatalf("table:\n%q", table)
	}

	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"Approve", []string{"approve", "1", "2"}, 0, "approve: 2 of 2 comments"},
		{"Spam", []string{"spam", "2"}, 0, "spam: 1 of 1 comments"},
		{"Trash", []string{"trash", "3"}, 0, "trash: 1 of 1 comments"},
		{"Delete", []string{"delete", "3"}, 0, "delete: 1 of 1 comments"},
		{"UnknownID", []string{"approve", "99"}, 1, "approve: 0 of 1 comments"},
		{"NotAnID", []string{"approve", "x"}, 2, ""},
		{"NoID", []string{"spam"}, 2, ""},
		{"UnknownAction", []string{"bless", "1"}, 1, ""},
		{"Close", []string{"close", "1"}, 0, "comments closed on 1 articles"},
		{"Open", []string{"open", "1"}, 0, "comments opened on 1 articles"},
		{"CloseUnknownArticle", []string{"close", "42"}, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", nil, append(append([]string{"comments"}, tt.args[0], "--data", data), tt.args[1:]...)...)
			if code != tt.code || !strings.Contains(out, tt.out) {
				t.Fatalf("exit %d (want %d), stdout %q, stderr %q", code, tt.code, out, errOut)
			}
		})
	}
	_, out, _ = run(t, "", nil, "comments", "list", "--data", data, "--json")
	if strings.Count(out, "\n") != 2 || !strings.Contains(out, `"status":"approved"`) || !strings.Contains(out, `"status":"spam"`) {
		t.Fatalf("after moderation:\n%s", out)
	}
}

func TestSettingsCommands(t *testing.T) {
	data := mustSite(t)
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"GetDefault", []string{"get", "comments.moderation"}, 0, "first-time\n"},
		{"Set", []string{"set", "comments.moderation", "all"}, 0, ""},
		{"GetAfterSet", []string{"get", "comments.moderation"}, 0, "all\n"},
		{"SetBadValue", []string{"set", "comments.moderation", "sometimes"}, 1, ""},
		{"SetUnknownKey", []string{"set", "comments.colour", "red"}, 1, ""},
		{"GetUnknownKey", []string{"get", "comments.colour"}, 1, ""},
		{"SetMissingValue", []string{"set", "comments.max_depth"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "", nil, append([]string{"settings", tt.args[0], "--data", data}, tt.args[1:]...)...)
			if code != tt.code || (tt.out != "" && out != tt.out) {
				t.Fatalf("exit %d (want %d), stdout %q (want %q), stderr %q", code, tt.code, out, tt.out, errOut)
			}
		})
	}
	_, all, _ := run(t, "", nil, "settings", "get", "--data", data)
	if !strings.Contains(all, "comments.moderation = all") || strings.Contains(all, "secret") {
		t.Fatalf("settings get:\n%s", all)
	}
}

func TestTokenCreate(t *testing.T) {
	data := mustSite(t)
	code, out, errOut := run(t, "", nil, "token", "create", "--data", data, "--name", "moderator laptop")
	if code != 0 || !strings.HasPrefix(out, "mh_") || len(strings.TrimSpace(out)) < 40 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, again, _ := run(t, "", nil, "token", "create", "--data", data)
	if again == out {
		t.Fatal("two tokens are the same")
	}
}
