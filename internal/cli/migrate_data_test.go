package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/store/postgres/pgtest"
)

// Bad arguments are refused with exit code 2 and a message naming the
// problem, before either database is touched.
func TestMigrateDataArguments(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "masthead.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	const pg = "postgres://nobody@127.0.0.1:1/nothing"
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"Nothing", nil, []string{"--from is required", "--to is required"}},
		{"NoTo", []string{"--from", "sqlite:" + db}, []string{"--to is required"}},
		{"NoFrom", []string{"--to", pg}, []string{"--from is required"}},
		{"FromPostgres", []string{"--from", "postgres://u:hunter2@db.example/site", "--to", pg},
			[]string{"--from postgres://u:xxxxx@db.example/site", "copies from an SQLite file"}},
		{"FromOtherScheme", []string{"--from", "mysql://db.example/site", "--to", pg}, []string{"want sqlite:PATH"}},
		{"FromEmptyPath", []string{"--from", "sqlite:", "--to", pg}, []string{"names no file"}},
		{"FromMissing", []string{"--from", "sqlite:" + filepath.Join(dir, "gone.db"), "--to", pg}, []string{"gone.db does not exist"}},
		{"FromDirectory", []string{"--from", dir, "--to", pg}, []string{"is not a file"}},
		{"ToSQLite", []string{"--from", "sqlite:" + db, "--to", "sqlite:" + db}, []string{"copies into PostgreSQL", "postgres:// URL"}},
		{"ToOther", []string{"--from", db, "--to", "mysql://u:hunter2@db.example/site"}, []string{"mysql://u:xxxxx@db.example/site"}},
		{"ToBadURL", []string{"--from", db, "--to", "postgres://%zz"}, []string{"--to is not a valid URL"}},
		{"ExtraArgument", []string{"--from", db, "--to", pg, "now"}, []string{`unexpected argument "now"`}},
		{"UnknownFlag", []string{"--from", db, "--to", pg, "--force"}, []string{"-force"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, "", nil, append([]string{"migrate-data"}, tc.args...)...)
			if code != 2 || out != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q does not say %q", errOut, w)
				}
			}
			if strings.Contains(errOut, "hunter2") {
				t.Errorf("stderr shows the password: %q", errOut)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "gone.db")); !os.IsNotExist(err) {
		t.Errorf("the missing source was created: %v", err)
	}

	code, _, errOut := run(t, "", nil, "migrate-data", "-h")
	if code != 0 || !strings.Contains(errOut, "-from") || !strings.Contains(errOut, "-to") || !strings.Contains(errOut, "one transaction") {
		t.Errorf("migrate-data -h: exit %d, %q", code, errOut)
	}
	if code, out, _ := run(t, "", nil, "help"); code != 0 || !strings.Contains(out, "migrate-data") {
		t.Errorf("help does not list migrate-data: %q", out)
	}
}

// A site made with the command line moves to PostgreSQL with
// migrate-data, which prints what it copied, and the command line then
// works on the PostgreSQL database as it did on the file. A second run
// finds the target full and writes nothing.
func TestMigrateData(t *testing.T) {
	target := pgtest.FreshDatabase(t)
	data := filepath.Join(t.TempDir(), "data")
	file := filepath.Join(t.TempDir(), "story.md")
	if err := os.WriteFile(file, []byte(goodArticle), 0o600); err != nil {
		t.Fatal(err)
	}
	pw := map[string]string{"MASTHEAD_PASSWORD": "a long and quiet harbour"}
	for _, args := range [][]string{
		{"article", "add", "--data", data, file},
		{"user", "add", "--data", data, "--email", "Ed@News.example", "--name", "Ed Itor", "--role", "editor"},
		{"token", "create", "--data", data, "--name", "script", "--user", "ed@news.example"},
		{"settings", "set", "--data", data, "comments.moderation", "none"},
		{"source", "add", "--data", data, "--name", "Valley News", "--feed", "https://valley.example/feed", "--interval", "2h"},
	} {
		if code, _, errOut := run(t, "", pw, args...); code != 0 {
			t.Fatalf("%s: exit %d, %s", strings.Join(args, " "), code, errOut)
		}
	}
	// Readers' comments come in through the site; here, through the store.
	st, err := openStore(context.Background(), config.Config{DataDir: data}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ArticleBySlug(t.Context(), "council-approves-new-cycle-lanes")
	if err != nil {
		t.Fatal(err)
	}
	top := &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Kim", Body: "At last."}
	if err := st.CreateComment(t.Context(), top); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateComment(t.Context(), &masthead.Comment{ArticleID: a.ID, ParentID: top.ID, Status: masthead.CommentPending, Name: "Lee", Body: "Agreed."}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	from := "sqlite:" + filepath.Join(data, "masthead.db")
	code, out, errOut := run(t, "", nil, "migrate-data", "--from", from, "--to", target)
	if code != 0 {
		t.Fatalf("migrate-data: exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{"TABLE", "articles  1", "comments  2", "users  1", "tokens  1", "source_feeds  1", "every count verified", "indexed 1 articles"} {
		if !strings.Contains(squeeze(out), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "copied articles: 1 rows") {
		t.Errorf("stderr shows no progress: %q", errOut)
	}

	// The command line on PostgreSQL sees the same site.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "list", "--database", target}, "ed@news.example"},
		{[]string{"source", "list", "--database", target}, "Valley News"},
		{[]string{"settings", "get", "--database", target, "comments.moderation"}, "none"},
		{[]string{"comments", "list", "--database", target}, "Agreed."},
	} {
		code, out, errOut := run(t, "", nil, tc.args...)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("%s on PostgreSQL: exit %d, stdout %q, stderr %q; want %q", strings.Join(tc.args, " "), code, out, errOut, tc.want)
		}
	}
	pgStore, err := openStore(context.Background(), config.Config{Database: target}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pgStore.Close()
	u, err := pgStore.UserByEmail(t.Context(), "ed@news.example")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := auth.DefaultHasher().CheckPassword(pw["MASTHEAD_PASSWORD"], u.PasswordHash); err != nil || !ok {
		t.Errorf("the password does not verify on PostgreSQL: %v, %v", ok, err)
	}
	if thread, err := pgStore.ApprovedComments(t.Context(), a.ID); err != nil || len(thread) != 1 || thread[0].ID != top.ID {
		t.Errorf("ApprovedComments = %+v, %v", thread, err)
	}

	// Again: the target is no longer empty.
	code, out, errOut = run(t, "", nil, "migrate-data", "--from", from, "--to", target)
	if code != 1 || out != "" || !strings.Contains(errOut, "already holds site data") {
		t.Errorf("second migrate-data: exit %d, stdout %q, stderr %q; want exit 1 and a refusal", code, out, errOut)
	}
}

// squeeze collapses runs of spaces, so that a table's columns can be
// looked for whatever their width.
func squeeze(s string) string {
	for strings.Contains(s, "   ") {
		s = strings.ReplaceAll(s, "   ", "  ")
	}
	return s
}
