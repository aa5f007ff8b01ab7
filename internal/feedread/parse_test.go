package feedread

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testNow is the "now" every test parses at.
var testNow = time.Date(2026, time.January, 15, 12, 0, 0, 0, time.UTC)

const testFeedURL = "https://source.example/feeds/main.xml"

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file string
		want *Feed
	}{
		{
			// RSS 0.91 in ISO-8859-1, with the Netscape DOCTYPE (which
			// declares no entities and is never fetched), no dates, and a
			// relative link resolved against the feed URL.
			file: "rss091.xml",
			want: &Feed{
				Title:   "The Harbour Gazette",
				HomeURL: "http://gazette.example/",
				Items: []Item{
					{URL: "http://gazette.example/ferry.html", Title: "Ferry timetable changes", Summary: "The winter timetable starts on Monday."},
					{URL: "https://source.example/cafe.html", Title: "Café opens on the quay", Summary: "A new café for early fishermen."},
				},
			},
		},
		{
			// RSS 1.0: Dublin Core author, date and subjects; sorted newest
			// first although the feed lists the older item first.
			file: "rss10.rdf",
			want: &Feed{
				Title:   "Valley Courier",
				HomeURL: "https://valley.example/",
				Items: []Item{
					{
						URL: "https://valley.example/2025/12/bridge", Title: "Bridge reopens", Author: "Piet de Vries",
						Categories: []string{"Transport", "Roads"}, Published: date("2025-12-05T16:30:00Z"),
						Summary: "Traffic flows again & the detour ends.",
					},
					{
						URL: "https://valley.example/2025/12/school", Title: "School roof repaired", Author: "Ana Kovač",
						Categories: []string{"Education"}, Published: date("2025-12-02T08:00:00Z"),
						Summary: "Work finished a week early.",
					},
				},
			},
		},
		{
			// RSS 2.0: author with e-mail, dc:creator, categories (deduplicated,
			// whitespace collapsed), content:encoded, image enclosure,
			// media:content, media:thumbnail, guid as the only link, a future
			// and a pre-web date, a javascript: link and an audio enclosure.
			file: "rss20.xml",
			want: &Feed{
				Title:   "The Northern Ledger",
				HomeURL: "https://ledger.example/news/",
				Items: []Item{
					{
						GUID: "https://ledger.example/news/2026/01/storm", URL: "https://ledger.example/news/2026/01/storm",
						Title: "Storm closes coast road", Author: "Jonas Berg", Published: date("2026-01-14T18:00:00Z"),
						Summary: "Gales of 120 km/h.", Image: "https://cdn.ledger.example/storm.jpg",
					},
					{
						GUID: "ledger-4411", URL: "https://ledger.example/news/2026/01/budget?utm_source=rss",
						Title: "Council approves budget", Author: "Mira Holt",
						Categories: []string{"Politics", "Local government"}, Published: date("2026-01-13T09:15:00Z"),
						Summary: "<p>The council voted <b>7–2</b>.</p>",
						Content: "<p>Full story: the council voted <b>7–2</b> on Monday.</p>",
						Image:   "https://source.example/img/budget.jpg",
					},
					{
						URL: "https://source.example/feeds/story/future", Title: "Item from the future",
						Image: "https://cdn.ledger.example/thumb.jpg",
					},
					{Title: "Item from before the web"},
				},
			},
		},
		{
			// Atom with xml:base on the feed and on an entry, relative
			// links, two authors, category labels, xhtml content, an image
			// enclosure link, and the feed author standing in for a missing
			// entry author.
			file: "atom.xml",
			want: &Feed{
				Title:   "Island Tribune",
				HomeURL: "https://tribune.example/blog/",
				Items: []Item{
					{
						GUID: "tag:tribune.example,2026:lighthouse", URL: "https://tribune.example/archive/lighthouse.html",
						Title: "Lighthouse for sale", Author: "Tribune Desk", Published: date("2026-01-13T08:00:00Z"),
						Content: "The state is selling the old lighthouse.",
					},
					{
						GUID: "tag:tribune.example,2026:dredging", URL: "https://tribune.example/blog/2026/01/dredging",
						Title: "Harbour dredging begins", Author: "Lena Ström, Ola Nord",
						Categories: []string{"Harbour"}, Published: date("2026-01-12T07:00:00Z"),
						Summary: "<p>Work starts <em>today</em>.</p>",
						Content: "<p>Dredgers arrived at dawn.</p>",
						Image:   "https://tribune.example/media/dredger.png",
					},
				},
			},
		},
		{
			// JSON Feed 1.1: numeric id, relative url, a NUL in a title,
			// an unparseable date, feed-level authors.
			file: "jsonfeed11.json",
			want: &Feed{
				Title:   "Metro Wire",
				HomeURL: "https://wire.example/",
				Items: []Item{
					{
						GUID: "2001", URL: "https://wire.example/2026/01/tram", Title: "New tram line opens",
						Author: "Sam Okafor", Categories: []string{"Transport", "City"}, Published: date("2026-01-10T06:00:00Z"),
						Summary: "Line 9 is open.", Content: "<p>Line 9 runs every ten minutes.</p>",
						Image: "https://wire.example/img/tram.jpg",
					},
					{
						GUID: "2002", URL: "https://source.example/2026/01/market", Title: "Market hall renovated",
						Author: "Metro Wire staff", Content: "The hall reopens in spring.",
					},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Parse(mustRead(t, tt.file), testFeedURL, Limits{}, testNow)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		lim  Limits
		want error
	}{
		{"Empty", "", Limits{}, ErrNotFeed},
		{"HTMLPage", "<!doctype html><html><body>hi</body></html>", Limits{}, ErrNotFeed},
		{"PlainText", "just some words", Limits{}, ErrNotFeed},
		{"RootAfterDetectionWindow", "<!--" + strings.Repeat(" ", detectWindow) + "--><rss/>", Limits{}, ErrNotFeed},
		{"UnclosedRoot", "<rss><channel><item><title>x</title></item></channel>", Limits{}, ErrMalformed},
		{"BadSyntax", "<rss><channel><title>x</title><</channel></rss>", Limits{}, ErrMalformed},
		{"TruncatedXML", "<rss><channel><item><title>half", Limits{}, ErrMalformed},
		{"AttributeGarbage", `<rss><channel><item a="1" a=2 <>`, Limits{}, ErrMalformed},
		{"InvalidUTF8", "<rss><channel><title>\xff\xfe</title></channel></rss>", Limits{}, ErrMalformed},
		{"UnknownCharset", `<?xml version="1.0" encoding="x-no-such-charset"?><rss><channel/></rss>`, Limits{}, ErrMalformed},
		{"TruncatedJSON", `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1"`, Limits{}, ErrMalformed},
		{"JSONItemsNotObjects", `{"items":[1,2,3]}`, Limits{}, ErrMalformed},
		{"TooLarge", "<rss><channel></channel></rss>", Limits{MaxBytes: 10}, ErrTooLarge},
		{"EntityDeclared", `<!DOCTYPE rss [<!ENTITY x "y">]><rss><channel><title>&x;</title></channel></rss>`, Limits{}, ErrEntities},
		{"TooDeep", `<rss xmlns:x="urn:x"><channel><item>` + strings.Repeat("<x:a>", maxDepth) + strings.Repeat("</x:a>", maxDepth) + `</item></channel></rss>`, Limits{}, ErrTooComplex},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.doc), testFeedURL, tt.lim, testNow)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse error = %v, want %v", err, tt.want)
			}
			if got != nil {
				t.Errorf("Parse returned a feed with an error: %+v", got)
			}
		})
	}
}

func TestParseBadFeedURL(t *testing.T) {
	if _, err := Parse(mustRead(t, "rss20.xml"), "http://bad host/%zz", Limits{}, testNow); err == nil {
		t.Fatal("Parse accepted an unparseable feed URL")
	}
}

func TestParseWithoutFeedURL(t *testing.T) {
	// With no feed URL a relative link cannot be resolved, so it is dropped
	// rather than returned relative.
	f, err := Parse(mustRead(t, "rss091.xml"), "", Limits{}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Items[1].URL; got != "" {
		t.Errorf("relative link without a base = %q, want \"\"", got)
	}
}

func TestCharsets(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // the first item's title
	}{
		{"Windows1252", "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><item><title>\x93Quoted\x94 \x80 5</title></item></channel></rss>", "“Quoted” € 5"},
		{"Latin1Label", "<?xml version=\"1.0\" encoding=\"latin1\"?><rss><channel><item><title>Caf\xe9</title></item></channel></rss>", "Café"},
		{"KOI8R", "<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss><channel><item><title>\xeb\xc9\xc5\xd7</title></item></channel></rss>", "Киев"},
		{"UTF8BOM", "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><item><title>BOM</title></item></channel></rss>", "BOM"},
		{"JSONWithBOM", "\ufeff{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"title\":\"BOM\"}]}", "BOM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.doc), testFeedURL, Limits{}, testNow)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := f.Items[0].Title; got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
		})
	}
}
