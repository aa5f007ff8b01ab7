package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func search(t *testing.T, s store.Store, q masthead.SearchQuery) ([]masthead.SearchResult, int) {
	t.Helper()
	if q.VisibleAt.IsZero() {
		q.VisibleAt = base
	}
	got, total, err := s.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return got, total
}

func resultSlugs(results []masthead.SearchResult) []string {
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = r.Article.Slug
	}
	return out
}

func testSearch(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	world := &masthead.Section{Slug: "world", Name: "World"}
	business := &masthead.Section{Slug: "business", Name: "Business"}

	harbour := newArticle("harbour", base.Add(-48*time.Hour))
	harbour.Title = "Harbour bridge reopens after repairs"
	harbour.Standfirst = "Traffic returns to the old crossing."
	harbour.Body = "Engineers finished the work on the deck on Tuesday."
	harbour.Section = world
	harbour.Tags = []masthead.Tag{{Slug: "transport", Name: "Transport"}}

	mentions := newArticle("mentions", base.Add(-time.Hour))
	mentions.Title = "City council meets"
	mentions.Body = "Among other things the council discussed the harbour and its bridge tolls."
	mentions.Section = business
	mentions.Source = &masthead.Source{Slug: "gazette", Name: "Gazette"}

	grain := newArticle("grain", base.Add(-3*time.Hour))
	grain.Title = "Grain prices fall"
	grain.Body = "Wheat and barley prices fell sharply. Prices of grain rose in Zürich."
	grain.Section = business
	grain.Tags = []masthead.Tag{{Slug: "farming", Name: "Farming"}}

	rising := newArticle("rising", base.Add(-4*time.Hour))
	rising.Title = "Markets"
	rising.Body = "Prices fell for wheat, grain prices rose."
	rising.Section = business

	draft := newArticle("draft", base.Add(-time.Hour))
	draft.Title = "Secret harbour plan"
	draft.Status = masthead.StatusDraft
	scheduled := newArticle("scheduled", base.Add(time.Hour))
	scheduled.Title = "Harbour festival announced"

	for _, a := range []*masthead.Article{harbour, mentions, grain, rising, draft, scheduled} {
		save(t, s, a)
	}
	// Unrelated stories, so that the words above are rare, as in a real
	// archive, and rank by how well they match.
	for i, title := range []string{"Library hours", "Youth football", "Heat pumps", "River survey", "Weather", "Elections", "Theatre review", "School meals"} {
		a := newArticle("filler-"+string(rune('a'+i)), base.Add(-time.Duration(10+i)*time.Hour))
		a.Title = title
		save(t, s, a)
	}

	tests := []struct {
		name  string
		query masthead.SearchQuery
		want  []string
	}{
		{"a title match beats a body-only match", masthead.SearchQuery{Text: "harbour bridge"}, []string{"harbour", "mentions"}},
		{"words are all required", masthead.SearchQuery{Text: "harbour tolls"}, []string{"mentions"}},
		{"a phrase must appear as written", masthead.SearchQuery{Text: `"grain prices rose"`}, []string{"rising"}},
		{"a phrase keeps its order", masthead.SearchQuery{Text: `"sharply fell"`}, nil},
		{"an excluded word removes matches", masthead.SearchQuery{Text: "wheat -barley"}, []string{"rising"}},
		{"an excluded phrase removes matches", masthead.SearchQuery{Text: `prices -"grain prices rose"`}, []string{"grain"}},
		{"the last word matches as a prefix", masthead.SearchQuery{Text: "harb"}, []string{"harbour", "mentions"}},
		{"case and diacritics are ignored", masthead.SearchQuery{Text: "ZURICH"}, []string{"grain"}},
		{"tags are searched", masthead.SearchQuery{Text: "transport"}, []string{"harbour"}},
		{"source names are searched", masthead.SearchQuery{Text: "gazette"}, []string{"mentions"}},
		{"section filter", masthead.SearchQuery{Text: "harbour", SectionSlug: "business"}, []string{"mentions"}},
		{"tag filter", masthead.SearchQuery{Text: "prices", TagSlug: "farming"}, []string{"grain"}},
		{"source filter", masthead.SearchQuery{Text: "harbour", SourceSlug: "gazette"}, []string{"mentions"}},
		{"unknown filter matches nothing", masthead.SearchQuery{Text: "harbour", SectionSlug: "nope"}, nil},
		{"from and to bound the publication time", masthead.SearchQuery{Text: "prices", From: base.Add(-4 * time.Hour), To: base.Add(-3 * time.Hour)}, []string{"rising"}},
		{"drafts and scheduled articles are never found", masthead.SearchQuery{Text: "secret festival plan"}, nil},
		{"scheduled articles are found when due", masthead.SearchQuery{Text: "festival", VisibleAt: base.Add(time.Hour)}, []string{"scheduled"}},
		{"a draft stays hidden whenever", masthead.SearchQuery{Text: "secret", VisibleAt: base.Add(1000 * time.Hour)}, nil},
		{"operators are words", masthead.SearchQuery{Text: "harbour AND bridge OR NOT"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total := search(t, s, tc.query)
			if d := diff(tc.want, resultSlugs(got)); d != "" {
				t.Errorf("slugs (-want +got):\n%s", d)
			}
			if total != len(tc.want) {
				t.Errorf("total = %d, want %d", total, len(tc.want))
			}
		})
	}

	t.Run("results carry the article as a list does", func(t *testing.T) {
		got, _ := search(t, s, masthead.SearchQuery{Text: "transport"})
		if len(got) != 1 {
			t.Fatalf("got %d results, want 1", len(got))
		}
		want := *harbour
		want.Body, want.BodyHTML = "", ""
		if d := diff(&want, got[0].Article); d != "" {
			t.Errorf("article (-saved +found):\n%s", d)
		}
		// The match is in a tag, so the snippet is the body's start.
		if got[0].Snippet != harbour.Body {
			t.Errorf("snippet = %q, want the body", got[0].Snippet)
		}
	})

	t.Run("newest first on a tie", func(t *testing.T) {
		s := open(t)
		for _, slug := range []string{"old", "new"} {
			a := newArticle(slug, base.Add(-time.Hour))
			if slug == "new" {
				a.PublishedAt = base.Add(-time.Minute)
			}
			a.Title = "Same words"
			save(t, s, a)
		}
		got, _ := search(t, s, masthead.SearchQuery{Text: "same words"})
		if d := diff([]string{"new", "old"}, resultSlugs(got)); d != "" {
			t.Errorf("slugs (-want +got):\n%s", d)
		}
	})

	t.Run("pages", func(t *testing.T) {
		s := open(t)
		for i := range 5 {
			a := newArticle("page-"+string(rune('a'+i)), base.Add(-time.Duration(i)*time.Hour))
			a.Title = "Paged story"
			save(t, s, a)
		}
		all, total := search(t, s, masthead.SearchQuery{Text: "paged"})
		if total != 5 || len(all) != 5 {
			t.Fatalf("got %d of %d, want 5 of 5", len(all), total)
		}
		var walked []string
		for off := 0; off < 5; off += 2 {
			got, total := search(t, s, masthead.SearchQuery{Text: "paged", Limit: 2, Offset: off})
			if total != 5 {
				t.Errorf("total = %d, want 5", total)
			}
			walked = append(walked, resultSlugs(got)...)
		}
		if d := diff(resultSlugs(all), walked); d != "" {
			t.Errorf("pages walked (-all +pages):\n%s", d)
		}
	})

	t.Run("snippets are escaped HTML with marks", func(t *testing.T) {
		s := open(t)
		a := newArticle("hostile", base.Add(-time.Hour))
		a.Body = `Before <script>alert("x")</script> & the volcano erupted at dawn, "quoted" 'text'.` + "\x01 stray \x02\x02 marker."
		save(t, s, a)
		got, _ := search(t, s, masthead.SearchQuery{Text: "volcano"})
		if len(got) != 1 {
			t.Fatalf("got %d results, want 1", len(got))
		}
		snip := got[0].Snippet
		for _, want := range []string{"&lt;script&gt;", "&amp;", "<mark>volcano</mark>"} {
			if !strings.Contains(snip, want) {
				t.Errorf("snippet %q lacks %q", snip, want)
			}
		}
		if strings.Contains(snip, "<script") || strings.Contains(snip, "\x01") || strings.Contains(snip, "\x02") {
			t.Errorf("snippet %q is not escaped", snip)
		}
		if strings.Count(snip, "<mark>") != strings.Count(snip, "</mark>") {
			t.Errorf("snippet %q has unpaired marks", snip)
		}
	})

	t.Run("no words is EINVALID", func(t *testing.T) {
		for _, text := range []string{"", "   ", "!?.,;", `""`, "-", "-excluded", `-"only this"`, "*", "()"} {
			_, _, err := s.Search(t.Context(), masthead.SearchQuery{Text: text, VisibleAt: base})
			wantCode(t, err, masthead.EINVALID)
		}
	})

	t.Run("query syntax in the text is never an error", func(t *testing.T) {
		for _, text := range []string{
			"AND", "OR", "NOT", "harbour AND", "NEAR(harbour bridge)", "NEAR(", "harbour*", "*harbour", "^harbour",
			`"unbalanced`, `harbour "unbalanced`, "title:harbour", "{title body}:harbour", "col:", "a + b",
			`"" harbour`, "harbour -", "--harbour", `"-"`, "harbour)", "(((", "'; DROP TABLE articles; --",
		} {
			if _, _, err := s.Search(t.Context(), masthead.SearchQuery{Text: text, VisibleAt: base}); err != nil &&
				masthead.ErrorCode(err) != masthead.EINVALID {
				t.Errorf("Search(%q): %v", text, err)
			}
		}
		got, _ := search(t, s, masthead.SearchQuery{Text: "harbour) (bridge* ^reopens"})
		if d := diff([]string{"harbour"}, resultSlugs(got)); d != "" {
			t.Errorf("harbour) (bridge* ^reopens (-want +got):\n%s", d)
		}
	})

	t.Run("saving again reindexes", func(t *testing.T) {
		s := open(t)
		a := newArticle("changing", base.Add(-time.Hour))
		a.Title = "Original headline"
		a.Body = "About the zebra."
		a.Tags = []masthead.Tag{{Slug: "animals", Name: "Animals"}}
		a.Source = &masthead.Source{Slug: "wire", Name: "Wire"}
		save(t, s, a)
		b := newArticle("changing", base.Add(-time.Hour))
		b.Title = "Rewritten headline"
		b.Body = "About the giraffe."
		b.Tags = []masthead.Tag{{Slug: "wildlife", Name: "Wildlife"}}
		save(t, s, b)
		for text, want := range map[string][]string{
			"original": nil, "zebra": nil, "animals": nil, "wire": nil,
			"rewritten": {"changing"}, "giraffe": {"changing"}, "wildlife": {"changing"},
		} {
			got, _ := search(t, s, masthead.SearchQuery{Text: text})
			if d := diff(want, resultSlugs(got)); d != "" {
				t.Errorf("%q (-want +got):\n%s", text, d)
			}
		}
		// Renaming a tag or a source renames it in every article's index.
		c := newArticle("other", base.Add(-time.Hour))
		c.Tags = []masthead.Tag{{Slug: "wildlife", Name: "Fauna"}}
		c.Source = &masthead.Source{Slug: "wire", Name: "Newswire"}
		save(t, s, c)
		got, _ := search(t, s, masthead.SearchQuery{Text: "fauna"})
		if d := diff([]string{"changing", "other"}, sortedSlugs(got)); d != "" {
			t.Errorf("fauna (-want +got):\n%s", d)
		}
		got, _ = search(t, s, masthead.SearchQuery{Text: "wildlife"})
		if len(got) != 0 {
			t.Errorf("wildlife still finds %v", resultSlugs(got))
		}
		got, _ = search(t, s, masthead.SearchQuery{Text: "newswire"})
		if d := diff([]string{"other"}, resultSlugs(got)); d != "" {
			t.Errorf("newswire (-want +got):\n%s", d)
		}
	})
}

func sortedSlugs(results []masthead.SearchResult) []string {
	out := resultSlugs(results)
	slices.Sort(out)
	return out
}
