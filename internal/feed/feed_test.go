package feed

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// update rewrites the golden files: go test ./internal/feed/ -update
var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// Fixture values shared by the golden and round-trip tests.
const (
	fixTitle   = "Masthead Daily & Co"
	fixHome    = "https://news.example.com/"
	fixFeedURL = "https://news.example.com/feed"
	fixURL1    = "https://news.example.com/2024/05/02/harbour-reopens"
	fixURL2    = "https://news.example.com/2024/05/01/council-budget"
	fixSource  = "https://coastal-herald.example.org/harbour"
	fixAuthor  = "Ada Reporter"
)

var (
	// fixPub1 is deliberately not UTC to check the conversion.
	fixPub1 = time.Date(2024, 5, 2, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	fixPub2 = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	fixUpd2 = time.Date(2024, 5, 3, 12, 15, 0, 0, time.UTC)
)

// fixture is a two-item feed: a republished story with a source and no
// author, and an own story with categories, an author and an edit date.
func fixture() *Feed {
	return &Feed{
		Title:       fixTitle,
		Description: "News <fit> to print",
		Language:    "en",
		HomeURL:     fixHome,
		FeedURL:     fixFeedURL,
		Items: []Item{
			{
				ID:          fixURL1,
				URL:         fixURL1,
				Title:       "Harbour reopens after storm",
				Summary:     "Ferries are running again.",
				ContentHTML: `<p>The harbour <em>reopened</em> on Thursday &amp; ferries resumed.</p>`,
				Published:   fixPub1,
				SourceName:  "Coastal Herald",
				SourceURL:   fixSource,
			},
			{
				ID:          fixURL2,
				URL:         fixURL2,
				Title:       `Council passes "lean" budget`,
				Summary:     "Spending falls 3% & taxes hold.",
				ContentHTML: "<p>The council voted 7–2.</p>\n<p>Details <a href=\"/x?a=1&amp;b=2\">here</a>.</p>",
				Author:      fixAuthor,
				Categories:  []string{"Politics", "City Hall"},
				Published:   fixPub2,
				Updated:     fixUpd2,
			},
		},
	}
}

// formats lists every encoder with its golden file name.
var formats = []struct {
	name  string
	file  string
	write func(io.Writer, *Feed) error
}{
	{"rss", "rss.golden", WriteRSS},
	{"atom", "atom.golden", WriteAtom},
	{"json", "json.golden", WriteJSON},
}

// render runs write on f and fails the test on error.
func render(t testing.TB, write func(io.Writer, *Feed) error, f *Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, f); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, tc.write, fixture())
			path := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestNilFeed(t *testing.T) {
	for _, tc := range formats {
		if err := tc.write(io.Discard, nil); err == nil {
			t.Errorf("%s: nil feed: want error", tc.name)
		}
	}
}

// failWriter fails every write, to check errors are propagated.
type failWriter struct{}

var errBoom = errors.New("boom")

func (failWriter) Write([]byte) (int, error) { return 0, errBoom }

func TestWriterError(t *testing.T) {
	for _, tc := range formats {
		err := tc.write(failWriter{}, fixture())
		if err == nil || !errors.Is(err, errBoom) {
			t.Errorf("%s: got %v, want wrapped %v", tc.name, err, errBoom)
		}
	}
}

func TestFeedUpdatedFallback(t *testing.T) {
	f := fixture()
	if got := f.updated(); !got.Equal(fixUpd2) {
		t.Errorf("updated() = %v, want newest item time %v", got, fixUpd2)
	}
	f.Updated = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := f.updated(); !got.Equal(f.Updated) {
		t.Errorf("updated() = %v, want explicit %v", got, f.Updated)
	}
	empty := &Feed{}
	if got := empty.updated(); !got.Equal(time.Unix(0, 0)) {
		t.Errorf("empty updated() = %v, want Unix epoch", got)
	}
}
