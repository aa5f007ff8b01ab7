package storetest

import (
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

func testSuggestQuery(t *testing.T, open func(t *testing.T) store.Store) {
	s := open(t)
	pub := newArticle("harbour", base.Add(-time.Hour))
	pub.Title = "Harbour reopens after the storms"
	pub.Body = "The harbour reopened to fishing boats on Monday."
	save(t, s, pub)
	draft := newArticle("secret", base.Add(-time.Hour))
	draft.Title = "Embargoed: Operation Nightjar begins"
	draft.Status = masthead.StatusDraft
	save(t, s, draft)

	for _, tc := range []struct {
		text, want string
		ok         bool
	}{
		{"harbor", "harbour", true},
		{"storms harbuor", "storms harbour", true}, // a swap of neighbours
		{"reopend harbor", "reopened harbour", true},
		{"harbour", "", false},         // spelt right: nothing to suggest
		{"nightjr", "", false},         // only a draft has the word: never revealed
		{"xqzzy", "", false},           // nothing near
		{`"harbor"`, "", false},        // quoted words are left as typed
		{"harbour -stroms", "", false}, // so are excluded ones
	} {
		got, ok, err := s.SuggestQuery(t.Context(), masthead.SearchQuery{Text: tc.text, VisibleAt: base})
		if err != nil {
			t.Fatalf("SuggestQuery(%q): %v", tc.text, err)
		}
		if got != tc.want || ok != tc.ok {
			t.Errorf("SuggestQuery(%q) = %q, %v; want %q, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}
