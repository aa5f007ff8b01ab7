package feed

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// xmllint returns the path of xmllint, skipping the test when it is missing
// on a developer machine but failing under CI, where a silent skip would
// hide that schema validation never ran.
func xmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("xmllint not found on PATH (required when CI is set; apt-get install libxml2-utils): %v", err)
		}
		t.Skip("xmllint not found on PATH; install libxml2-utils to validate Atom output against RFC 4287's schema")
	}
	return path
}

// validateAtom runs doc through xmllint against testdata/atom.rng (RFC 4287
// Appendix B) and returns xmllint's output with a non-nil error on failure.
func validateAtom(t *testing.T, lint string, doc []byte) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "feed.atom")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lint, "--noout", "--relaxng", filepath.Join("testdata", "atom.rng"), file).CombinedOutput()
	return string(out), err
}

// atomDocs are the feeds whose Atom rendering must be schema-valid,
// including the degenerate and hostile ones.
func atomDocs() map[string]*Feed {
	return map[string]*Feed{
		"fixture":          fixture(),
		"empty":            {},
		"no urls or dates": {Title: "t", Items: []Item{{Title: "bare"}, {}}},
		"bad language":     {Title: "t", Language: "en_GB!", FeedURL: "x"},
		"hostile":          hostileFeed(hostileStrings[len(hostileStrings)-1], false),
	}
}

func TestAtomSchemaValid(t *testing.T) {
	lint := xmllint(t)
	for name, f := range atomDocs() {
		t.Run(name, func(t *testing.T) {
			doc := render(t, WriteAtom, f)
			if out, err := validateAtom(t, lint, doc); err != nil {
				t.Errorf("schema validation failed: %v\n%s\n%s", err, out, doc)
			}
			checkAtomRules(t, doc)
		})
	}
}

// TestAtomSchemaRejects proves the validation above can fail: documents
// broken in ways RFC 4287 forbids must be rejected by the same schema.
func TestAtomSchemaRejects(t *testing.T) {
	lint := xmllint(t)
	good := render(t, WriteAtom, fixture())
	breakages := []struct {
		name string
		re   string // first match is replaced
		with string
	}{
		{"missing feed id", `\n  <id>[^<]*</id>`, ""},
		{"bad feed date", `<updated>[^<]*</updated>`, "<updated>2024-05-03 12:15</updated>"},
		{"bad entry date", `<published>[^<]*</published>`, "<published>yesterday</published>"},
		{"missing entry title", `\n    <title>[^<]*</title>`, ""},
		{"unknown atom element", `<summary>`, "<teaser/><summary>"},
	}
	for _, b := range breakages {
		t.Run(b.name, func(t *testing.T) {
			re := regexp.MustCompile(b.re)
			loc := re.FindIndex(good)
			if loc == nil {
				t.Fatalf("pattern %q not found; the test no longer breaks anything", b.re)
			}
			bad := append(append(append([]byte{}, good[:loc[0]]...), b.with...), good[loc[1]:]...)
			if out, err := validateAtom(t, lint, bad); err == nil {
				t.Errorf("schema accepted a broken document:\n%s\n%s", out, bad)
			}
		})
	}
}

// checkAtomRules checks the two Schematron rules embedded in RFC 4287's
// schema, which xmllint's RELAX NG validation ignores: every entry needs an
// author (its own or the feed's), and an alternate link or content.
func checkAtomRules(t *testing.T, doc []byte) {
	t.Helper()
	type link struct {
		Rel *string `xml:"rel,attr"`
	}
	var f struct {
		Authors []struct{} `xml:"author"`
		Entries []struct {
			Authors []struct{} `xml:"author"`
			Links   []link     `xml:"link"`
			Content *struct{}  `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.NewDecoder(bytes.NewReader(doc)).Decode(&f); err != nil {
		t.Fatalf("decode: %v", err)
	}
	for i, e := range f.Entries {
		if len(e.Authors) == 0 && len(f.Authors) == 0 {
			t.Errorf("entry %d has no author and neither has the feed", i)
		}
		ok := e.Content != nil
		for _, l := range e.Links {
			if l.Rel == nil || *l.Rel == "alternate" {
				ok = true
			}
		}
		if !ok {
			t.Errorf("entry %d has neither an alternate link nor content", i)
		}
	}
}
