package store

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
)

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"harbor", "harbour", 2, 1},
		{"harbuor", "harbour", 2, 1}, // a swap of neighbours is one edit
		{"kyiv", "kiev", 2, 2},
		{"zürich", "zurich", 1, 1}, // runes, not bytes
		{"abc", "xyzabc", 2, 3},    // beyond the limit: limit+1
		{"same", "same", 1, 0},
	} {
		if got := EditDistance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

func TestSnippetHTML(t *testing.T) {
	for in, want := range map[string]string{
		"a " + MarkOpen + "flood" + MarkClose + " <b>&":        "a <mark>flood</mark> &lt;b&gt;&amp;",
		MarkOpen + "open to the end":                           "<mark>open to the end</mark>",
		"stray " + MarkClose + " close " + MarkOpen + MarkOpen: "stray  close <mark></mark>",
	} {
		if got := SnippetHTML(in); got != want {
			t.Errorf("SnippetHTML(%q) = %q, want %q", in, got, want)
		}
	}
	if got := PickSnippet("no match", "a "+MarkOpen+"hit"+MarkClose); got != "a <mark>hit</mark>" {
		t.Errorf("PickSnippet prefers the standfirst's match: %q", got)
	}
}

func TestRevisionRoundTrip(t *testing.T) {
	a := &masthead.Article{Title: "T", Slug: "t", Body: "B", Status: masthead.StatusDraft,
		PublishedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Section: &masthead.Section{Name: "World"},
		Tags: []masthead.Tag{{Name: "NATO"}}, Source: &masthead.Source{Name: "Focus"}, SourceURL: "https://f.example/1"}
	data, err := EncodeRevision(a)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRevision(data)
	if err != nil || got.Title != "T" || got.Section.Name != "World" || got.Tags[0].Name != "NATO" ||
		got.Source.Name != "Focus" || !got.PublishedAt.Equal(a.PublishedAt) || got.Status != masthead.StatusDraft {
		t.Errorf("round trip = %+v, %v", got, err)
	}
	if _, err := DecodeRevision("{"); err == nil {
		t.Errorf("DecodeRevision of broken JSON did not fail")
	}
}

func TestPageBounds(t *testing.T) {
	for _, tc := range [][4]int{{0, -1, DefaultLimit, 0}, {-5, 3, DefaultLimit, 3}, {MaxLimit + 1, 0, MaxLimit, 0}, {7, 2, 7, 2}} {
		if l, o := PageBounds(tc[0], tc[1]); l != tc[2] || o != tc[3] {
			t.Errorf("PageBounds(%d, %d) = %d, %d", tc[0], tc[1], l, o)
		}
	}
}
