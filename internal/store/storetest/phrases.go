package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// testPhrases follows phrase searches through every change to what is
// indexed: a store may keep a separate index for phrases (SQLite does),
// and it must stay in step with the words.
func testPhrases(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	found := func(t *testing.T, text string, want ...string) {
		t.Helper()
		got, total := search(t, s, masthead.SearchQuery{Text: text})
		if d := diff(want, sortedSlugs(got)); d != "" || total != len(want) {
			t.Errorf("%s: total %d (-want +got):\n%s", text, total, d)
		}
	}

	a := newArticle("council", base.Add(-time.Hour))
	a.Title = "The regional council decides"
	a.Standfirst = "Budget approved."
	a.Body = "Members of the harbour-board met; the Résumé Committee wrote to them."
	a.Tags = []masthead.Tag{{Slug: "coastal-towns", Name: "Coastal towns"}}
	a.Source = &masthead.Source{Slug: "east-wire", Name: "East Wire"}
	save(t, s, a)
	b := newArticle("other", base.Add(-2*time.Hour))
	b.Title = "Council of the region"
	b.Body = "The council and the regional board. A harbour and its board, a wire."
	save(t, s, b)

	found(t, `"regional council"`, "council")
	found(t, `"REGIONAL Council"`, "council")
	found(t, `"harbour board"`, "council")    // punctuation between words
	found(t, `"resume committee"`, "council") // diacritics
	found(t, `"coastal towns"`, "council")    // in a tag
	found(t, `"east wire"`, "council")        // in the source's name
	found(t, `"council regional"`)            // order kept
	found(t, `"the regional council decides"`, "council")
	found(t, `"regional board"`, "other")
	found(t, `council "regional board"`, "other")
	found(t, `council -"regional council"`, "other")

	// An edit reindexes the phrases.
	a.Title = "The county council decides"
	save(t, s, a)
	found(t, `"regional council"`)
	found(t, `"county council"`, "council")

	// Renaming a tag or a source renames its phrases in every article.
	if err := s.RenameTerm(t.Context(), masthead.KindTag, "coastal-towns", &masthead.Term{Slug: "seaside-towns", Name: "Seaside towns"}); err != nil {
		t.Fatal(err)
	}
	found(t, `"coastal towns"`)
	found(t, `"seaside towns"`, "council")
	if err := s.RenameTerm(t.Context(), masthead.KindSource, "east-wire", &masthead.Term{Slug: "west-wire", Name: "West Wire"}); err != nil {
		t.Fatal(err)
	}
	found(t, `"east wire"`)
	found(t, `"west wire"`, "council")

	// Tags taken off an article leave its phrases.
	a.Tags = nil
	save(t, s, a)
	found(t, `"seaside towns"`)

	// A deleted article is found no more.
	if err := s.DeleteArticle(t.Context(), a.ID); err != nil {
		t.Fatal(err)
	}
	found(t, `"county council"`)
}
