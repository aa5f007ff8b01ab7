package feedread

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusDir finds the shared corpus of hostile and broken feeds
// (shared/security/feeds, next to the repository) by walking up from the
// working directory, or returns "".
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		candidate := filepath.Join(dir, "shared", "security", "feeds")
		if fi, err := os.Stat(candidate); err == nil && fi.IsDir() {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// localSecrets returns text that must never appear in a parse result: the
// start of /etc/passwd and this host's name, which the XXE files try to read.
func localSecrets() []string {
	secrets := []string{"root:x:0:0"}
	if b, err := os.ReadFile("/etc/hostname"); err == nil {
		// A very short host name could turn up in a feed by chance.
		if h := strings.TrimSpace(string(b)); len(h) >= 6 {
			secrets = append(secrets, h)
		}
	}
	return secrets
}

// TestCorpus parses every file of the shared corpus, and every line of its
// line-per-payload attack lists as a document of its own. None may panic or
// hang, every result must keep Parse's promises, and the synthetic files
// have specific expectations.
func TestCorpus(t *testing.T) {
	root := corpusDir(t)
	if root == "" {
		t.Skip("shared/security/feeds not found above the working directory; skipping the corpus test")
	}
	secrets := localSecrets()
	lim := Limits{}
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		docs := map[string][]byte{rel: data}
		if strings.HasPrefix(rel, "patt-xxe"+string(filepath.Separator)+"intruders") {
			sc := bufio.NewScanner(bytes.NewReader(data))
			for n := 1; sc.Scan(); n++ {
				docs[rel+":"+strconv.Itoa(n)] = bytes.Clone(sc.Bytes())
			}
		}
		for name, doc := range docs {
			f, err := parseWithin(t, name, doc, lim)
			for _, p := range checkFeed(f, lim) {
				t.Errorf("%s: %s", name, p)
			}
			for _, s := range allText(f) {
				for _, secret := range secrets {
					// Some real feeds quote /etc/passwd in a post; only
					// text the document did not carry is a leak.
					if strings.Contains(s, secret) && !bytes.Contains(doc, []byte(secret)) {
						t.Errorf("%s: result holds local secret %q", name, secret)
					}
				}
			}
			checkSynthetic(t, filepath.ToSlash(rel), f, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no files under %s", root)
	}
	t.Logf("parsed %d corpus files", files)
}

// checkSynthetic holds the expectations for the corpus's generated files.
func checkSynthetic(t *testing.T, rel string, f *Feed, err error) {
	t.Helper()
	switch {
	case strings.HasPrefix(rel, "synthetic/huge-items-"):
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return
		}
		if len(f.Items) != DefaultMaxItems {
			t.Errorf("%s: %d items, want the newest %d", rel, len(f.Items), DefaultMaxItems)
		}
	case strings.Contains(rel, "billion-laughs"), strings.Contains(rel, "quadratic"):
		// Refused (by the entity guard, or because the huge DOCTYPE hides
		// the root from detection) or, should it ever be read, unexpanded.
		if err == nil {
			for _, it := range f.Items {
				if len(it.Title) > 100 || len(it.Summary) > 100_000 {
					t.Errorf("%s: expanded entity in the result (title %d bytes)", rel, len(it.Title))
				}
			}
		}
	case strings.HasPrefix(rel, "synthetic-hostile/") && strings.Contains(rel, "xxe"):
		if !errors.Is(err, ErrEntities) {
			t.Errorf("%s: error = %v, want ErrEntities", rel, err)
		}
	}
}
