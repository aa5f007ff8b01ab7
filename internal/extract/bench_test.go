package extract

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchDir finds ../shared/extraction-bench by walking up from the working
// directory, or returns "".
func benchDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "..", "shared", "extraction-bench")
		if st, err := os.Stat(filepath.Join(cand, "html")); err == nil && st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// TestExtractionBenchPages runs the extractor over every page of the
// extraction benchmark, when it is present. It checks what must hold on
// every page, not the score: the score is bench/extract's job.
func TestExtractionBenchPages(t *testing.T) {
	dir := benchDir(t)
	if dir == "" {
		t.Skip("../shared/extraction-bench not found above the working directory; skipping the benchmark pages")
	}
	files, err := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no pages in %s/html (%v)", dir, err)
	}
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".html.gz")
		b := readGzipFile(t, f)
		r, err := Extract(bytes.NewReader(b), Options{})
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		if strings.TrimSpace(r.Text) == "" || r.HTML == "" {
			t.Errorf("%s: empty body", id)
		}
		if strings.Contains(r.Text, "Please enter your comment") || strings.Contains(r.HTML, "Please enter your comment") {
			t.Errorf("%s: comment form in the body", id)
		}
	}
}

func readGzipFile(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

// BenchmarkExtract runs the extractor over every page of the extraction
// benchmark, when it is present; one op is one pass over all of them. It
// is there to profile the extractor (bench/extract measures and scores it):
//
//	go test -run NONE -bench Extract -cpu 1 -cpuprofile cpu.out ./internal/extract
func BenchmarkExtract(b *testing.B) {
	dir := benchDir(b)
	if dir == "" {
		b.Skip("../shared/extraction-bench not found above the working directory")
	}
	files, err := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no pages in %s/html (%v)", dir, err)
	}
	pages := make([][]byte, len(files))
	for i, f := range files {
		pages[i] = readGzipFile(b, f)
	}
	for b.Loop() {
		for _, p := range pages {
			_, _ = Extract(bytes.NewReader(p), Options{})
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
}
