package feed

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// TestReadBack parses every format with gofeed, a real-world feed reader
// library, and checks that what readers see matches the input.
func TestReadBack(t *testing.T) {
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			out := render(t, tc.write, fixture())
			got, err := gofeed.NewParser().ParseString(string(out))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			checkFeed(t, tc.name, got)
		})
	}
}

func checkFeed(t *testing.T, format string, got *gofeed.Feed) {
	t.Helper()
	if got.Title != fixTitle {
		t.Errorf("title = %q, want %q", got.Title, fixTitle)
	}
	if got.Link != fixHome {
		t.Errorf("link = %q, want %q", got.Link, fixHome)
	}
	if got.FeedLink != fixFeedURL {
		t.Errorf("feed link = %q, want %q", got.FeedLink, fixFeedURL)
	}
	if got.Language != "en" {
		t.Errorf("language = %q, want en", got.Language)
	}
	if len(got.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(got.Items))
	}
	want := fixture().Items
	for i, it := range got.Items {
		if it.Title != want[i].Title {
			t.Errorf("item %d title = %q, want %q", i, it.Title, want[i].Title)
		}
		if it.Link != want[i].URL {
			t.Errorf("item %d link = %q, want %q", i, it.Link, want[i].URL)
		}
		if it.GUID != want[i].ID {
			t.Errorf("item %d guid = %q, want %q", i, it.GUID, want[i].ID)
		}
		if it.Content != want[i].ContentHTML {
			t.Errorf("item %d content = %q, want %q", i, it.Content, want[i].ContentHTML)
		}
		checkTime(t, "item published", it.PublishedParsed, want[i].Published)
	}
	// RSS carries a single date per item; the other formats also carry
	// the edit time.
	if format != "rss" {
		checkTime(t, "item 1 updated", got.Items[1].UpdatedParsed, fixUpd2)
	}

	own := got.Items[1]
	if len(own.Authors) != 1 || own.Authors[0].Name != fixAuthor {
		t.Errorf("item 1 authors = %+v, want [%s]", own.Authors, fixAuthor)
	}
	if want := []string{"Politics", "City Hall"}; !slices.Equal(own.Categories, want) {
		t.Errorf("item 1 categories = %q, want %q", own.Categories, want)
	}
	if len(got.Items[0].Categories) != 0 {
		t.Errorf("item 0 categories = %q, want none", got.Items[0].Categories)
	}
	if format == "atom" {
		// The republished entry has no author, so the feed must have one.
		if len(got.Authors) != 1 || got.Authors[0].Name != fixTitle {
			t.Errorf("feed authors = %+v, want [%s]", got.Authors, fixTitle)
		}
	}
}

func checkTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: missing, want %v", what, want)
		return
	}
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
	if _, off := got.Zone(); off != 0 {
		t.Errorf("%s = %v, want UTC", what, got)
	}
}

// TestReadBackSource checks each format's attribution of a republished
// story, using gofeed's format-specific parsers because its unified model
// drops <source>, rel="via" links and external_url.
func TestReadBackSource(t *testing.T) {
	t.Run("rss", func(t *testing.T) {
		f, err := new(rss.Parser).Parse(bytes.NewReader(render(t, WriteRSS, fixture())))
		if err != nil {
			t.Fatal(err)
		}
		it := f.Items[0]
		if it.Source == nil || it.Source.URL != fixSource || it.Source.Title != "Coastal Herald" {
			t.Errorf("source = %+v, want Coastal Herald at %s", it.Source, fixSource)
		}
		if it.GUID == nil || it.GUID.IsPermalink != "true" {
			t.Errorf("guid = %+v, want isPermaLink=true", it.GUID)
		}
		if f.Items[1].Source != nil {
			t.Errorf("own story has source %+v", f.Items[1].Source)
		}
	})
	t.Run("atom", func(t *testing.T) {
		f, err := new(atom.Parser).Parse(bytes.NewReader(render(t, WriteAtom, fixture())))
		if err != nil {
			t.Fatal(err)
		}
		var via []string
		for _, l := range f.Entries[0].Links {
			if l.Rel == "via" {
				via = append(via, l.Href+" "+l.Title)
			}
		}
		if want := []string{fixSource + " Coastal Herald"}; !slices.Equal(via, want) {
			t.Errorf("via links = %q, want %q", via, want)
		}
	})
	t.Run("json", func(t *testing.T) {
		f, err := new(jsonfeed.Parser).Parse(bytes.NewReader(render(t, WriteJSON, fixture())))
		if err != nil {
			t.Fatal(err)
		}
		if f.Version != jsonFeedVersion {
			t.Errorf("version = %q", f.Version)
		}
		if got := f.Items[0].ExternalURL; got != fixSource {
			t.Errorf("external_url = %q, want %q", got, fixSource)
		}
		if got := f.Items[1].ExternalURL; got != "" {
			t.Errorf("own story external_url = %q, want none", got)
		}
	})
}
