// Command extract measures masthead's article extractor (internal/extract)
// against the extraction benchmark in ../shared/extraction-bench and, in the
// same run, against go-readability (which it is built on) and go-trafilatura
// (which it was built on before), used plainly. Run it from the repository
// root:
//
//	go run ./bench/extract [-dir ../shared/extraction-bench] [-out DIR]
//
// Every extractor runs over every page; the predictions are written as
// <id>.txt into one folder per extractor (under -out, or a temporary folder
// that is removed afterwards), and the benchmark's own score.py scores each
// folder. It prints one Markdown table: precision, recall, F1 and pages per
// second on one core, where only the extraction calls are timed (not reading
// or decompressing the pages, not writing the predictions).
//
// The pages stay in the benchmark folder: they are read at run time and
// must never be copied into this repository.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/masthead-news/masthead/internal/extract"
)

// page is one benchmark page, already decompressed.
type page struct {
	id   string
	url  *url.URL
	html []byte
}

// extractor turns a page into its body text.
type extractor struct {
	name string
	run  func(p page) (string, error)
}

// score is what score.py reports for one prediction folder.
type score struct {
	F1        float64 `json:"f1"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	Accuracy  float64 `json:"accuracy"`
}

func main() {
	dir := flag.String("dir", "../shared/extraction-bench", "benchmark folder (html/, expected/, manifest.tsv, score.py)")
	out := flag.String("out", "", "write predictions to DIR/<extractor>/<id>.txt and keep them (default: a temporary folder, removed)")
	only := flag.String("only", "", "run only the extractors whose name contains this")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/extract: cpu profile:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*dir, *out, *only); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "bench/extract:", err)
		os.Exit(1)
	}
}

func run(dir, out, only string) error {
	if st, err := os.Stat(filepath.Join(dir, "manifest.tsv")); err != nil || st.IsDir() {
		return fmt.Errorf("benchmark folder %q not found (want manifest.tsv, html/, expected/ and score.py in it); pass -dir", dir)
	}
	pages, err := loadPages(dir)
	if err != nil {
		return err
	}
	if out == "" {
		tmp, err := os.MkdirTemp("", "extract-bench-")
		if err != nil {
			return fmt.Errorf("temporary folder: %w", err)
		}
		defer os.RemoveAll(tmp)
		out = tmp
	}

	// One core, as the goal is stated: pages per second on one core.
	runtime.GOMAXPROCS(1)

	fmt.Fprintf(os.Stderr, "%d pages from %s\n", len(pages), dir)
	var rows []string
	for _, ex := range extractors() {
		if only != "" && !strings.Contains(ex.name, only) {
			continue
		}
		pred := filepath.Join(out, ex.name)
		t, nerr, err := predict(ex, pages, pred)
		if err != nil {
			return err
		}
		s, err := runScore(dir, pred)
		if err != nil {
			return err
		}
		n := float64(len(pages))
		rows = append(rows, fmt.Sprintf("| %-23s | %9.3f | %6.3f | %5.3f | %8.3f | %14.0f | %13.0f | %6d |",
			ex.name, s.Precision, s.Recall, s.F1, s.Accuracy,
			n/t.wall.Seconds(), n/t.cpu.Seconds(), nerr))
		fmt.Fprintf(os.Stderr, "%s done\n", ex.name)
	}
	fmt.Println("| extractor               | precision | recall |    F1 | accuracy | pages/s (wall) | pages/s (CPU) | errors |")
	fmt.Println("|-------------------------|----------:|-------:|------:|---------:|---------------:|--------------:|-------:|")
	for _, r := range rows {
		fmt.Println(r)
	}
	fmt.Printf("\n%d pages. pages/s: extraction calls only, GOMAXPROCS(1); wall = elapsed time,\n"+
		"CPU = this process's CPU time over the same calls (the steadier figure on a shared machine).\n", len(pages))
	return nil
}

// extractors lists masthead's extractor and the plain baselines. The
// go-trafilatura rows are the only reason go.mod still requires it (and
// go-htmldate): masthead itself no longer links either.
func extractors() []extractor {
	return []extractor{
		{"masthead", func(p page) (string, error) {
			r, err := extract.Extract(bytes.NewReader(p.html), extract.Options{URL: p.url})
			return r.Text, err
		}},
		{"go-readability-v2", func(p page) (string, error) {
			a, err := readability.FromReader(bytes.NewReader(p.html), p.url)
			if err != nil || a.Node == nil {
				return "", err
			}
			var b strings.Builder
			err = a.RenderText(&b)
			return b.String(), err
		}},
		{"go-trafilatura", func(p page) (string, error) {
			r, err := trafilatura.Extract(bytes.NewReader(p.html), trafilatura.Options{OriginalURL: p.url})
			if err != nil {
				return "", err
			}
			return r.ContentText, nil
		}},
		{"go-trafilatura+fallback", func(p page) (string, error) {
			r, err := trafilatura.Extract(bytes.NewReader(p.html), trafilatura.Options{OriginalURL: p.url, EnableFallback: true})
			if err != nil {
				return "", err
			}
			return r.ContentText, nil
		}},
	}
}

// timing is the time spent inside the extraction calls: elapsed (wall
// clock) and CPU time of the process. On a machine shared with other work
// the wall clock counts the time other processes held the core; the CPU
// time does not, so it is the steadier of the two.
type timing struct {
	wall, cpu time.Duration
}

// predict runs ex over every page, writes the predictions into folder pred
// and returns the time spent in the extraction calls and the number of
// pages that failed (a failed page is written as an empty prediction).
func predict(ex extractor, pages []page, pred string) (timing, int, error) {
	if err := os.MkdirAll(pred, 0o755); err != nil {
		return timing{}, 0, fmt.Errorf("prediction folder: %w", err)
	}
	texts := make([]string, len(pages))
	var t timing
	nerr := 0
	runtime.GC()
	for i, p := range pages {
		start, cpu0 := time.Now(), cpuTime()
		text, err := ex.run(p)
		t.wall += time.Since(start)
		t.cpu += cpuTime() - cpu0
		if err != nil {
			nerr++
			fmt.Fprintf(os.Stderr, "%s: %s: %v\n", ex.name, p.id, err)
		}
		texts[i] = text
	}
	for i, p := range pages {
		// The benchmark's Go runners deleted soft hyphens before scoring.
		text := strings.ReplaceAll(texts[i], "\u00ad", "")
		if err := os.WriteFile(filepath.Join(pred, p.id+".txt"), []byte(text), 0o644); err != nil {
			return timing{}, 0, fmt.Errorf("write prediction: %w", err)
		}
	}
	return t, nerr, nil
}

// runScore runs the benchmark's score.py on one prediction folder.
func runScore(dir, pred string) (score, error) {
	js := pred + ".score.json"
	cmd := exec.Command("python3", filepath.Join(dir, "score.py"), pred, filepath.Join(dir, "expected"),
		"--bootstrap", "0", "--json", js)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return score{}, fmt.Errorf("score.py on %s: %w: %s", pred, err, stderr.String())
	}
	b, err := os.ReadFile(js)
	if err != nil {
		return score{}, fmt.Errorf("score.py output: %w", err)
	}
	var s score
	if err := json.Unmarshal(b, &s); err != nil {
		return score{}, fmt.Errorf("score.py output %s: %w", js, err)
	}
	return s, nil
}

// loadPages reads manifest.tsv and decompresses every page it lists.
func loadPages(dir string) ([]page, error) {
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	defer f.Close()
	var pages []page
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 || fields[0] == "id" {
			continue
		}
		u, err := url.Parse(fields[2])
		if err != nil {
			u = nil
		}
		b, err := readGzip(filepath.Join(dir, "html", fields[0]+".html.gz"))
		if err != nil {
			return nil, err
		}
		pages = append(pages, page{id: fields[0], url: u, html: b})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if len(pages) == 0 {
		return nil, errors.New("manifest lists no pages")
	}
	return pages, nil
}

// cpuTime is the CPU time (user and system) this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("page: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", path, err)
	}
	return b, nil
}
