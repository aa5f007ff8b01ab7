package markup

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
)

// payloadsFile is the shared XSS corpus, kept outside this repository.
const payloadsFile = "shared/security/xss/payloads.txt"

// findUp looks for rel in the working directory and each of its parents.
func findUp(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// TestXSSPayloads feeds every payload of the shared corpus through both ways
// into a body: as Markdown (alone, and as a link and image destination) and as
// HTML straight into Sanitize.
func TestXSSPayloads(t *testing.T) {
	path := findUp(t, payloadsFile)
	if path == "" {
		t.Skipf("no %s in this directory or above; the XSS corpus is not checked out", payloadsFile)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	var n, failures int
	for line := 1; sc.Scan(); line++ {
		// -short samples the corpus: the whole of it takes half a
		// minute under -race.
		if testing.Short() && line%10 != 0 {
			continue
		}
		payload := sc.Text()
		n++
		check := func(how, out string) {
			if err := checkSafe(out); err != nil {
				failures++
				if failures <= 20 {
					t.Errorf("payload line %d %s: %v\npayload: %s\noutput:  %s", line, how, err, payload, out)
				}
			}
		}
		check("through Sanitize", Sanitize(payload))
		for _, md := range []string{payload, "[x](" + payload + ")", "![x](" + payload + ")", "<" + payload + ">"} {
			out, err := Render(md)
			if err != nil {
				t.Fatalf("payload line %d: Render(%q): %v", line, md, err)
			}
			check("as Markdown "+md, out)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if failures > 0 {
		t.Errorf("%d unsafe outputs", failures)
	}
	t.Logf("%d payloads checked", n)
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "<p>hi</p>", `<a href="javascript:alert(1)">x</a>`, `<img src=x onerror=alert(1)>`,
		`<svg onload=alert(1)>`, `<a href="java&#x09;script:alert(1)">x</a>`,
		`<h1>T</h1><input type=checkbox checked>`, `<textarea><h1></textarea><script>x</script>`,
		`<iframe src="data:text/html,<script>alert(1)</script>">`, `<style>*{}</style>`,
		`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`, `<a href="//evil.example/">x</a>`,
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if err := checkSafe(Sanitize(in)); err != nil {
			t.Fatalf("Sanitize(%q): %v", in, err)
		}
		out, err := Render(in)
		if err != nil {
			t.Fatalf("Render(%q): %v", in, err)
		}
		if err := checkSafe(out); err != nil {
			t.Fatalf("Render(%q): %v", in, err)
		}
	})
}
