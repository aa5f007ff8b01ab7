package sqlite

import "testing"

func TestWordPairs(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", ""},
		{"alone", ""},
		{"The regional council", "the_regional regional_council"},
		{"regional-council, voted!", "regional_council council_voted"},
		{"Résumé DÉJÀ vu", "resume_deja deja_vu"},
		{"Cafe\u0301 noir", "cafe_noir"},        // a combining accent stays in its word
		{"a \u0301b", "a_b"},                    // and is a separator where no word runs
		{"covid-19 cases", "covid_19 19_cases"}, // numbers are words
		{"Київ  і Львів", "киів_і і_львів"},     // folded at least as hard as FTS5 (ї)
		{"under_score", "under_score"},          // the joiner is not a word character
		{"tab\tnew\nline", "tab_new new_line"},  // any separator
		{"\xff bad \xfe utf8", "bad_utf8"},      // invalid bytes separate
		{"one 😀 two", "one_two"},                // symbols separate
	}
	for _, tt := range tests {
		if got := wordPairs(tt.text); got != tt.want {
			t.Errorf("wordPairs(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzWordPairs(f *testing.F) {
	for _, s := range []string{"The regional council", "Résumé", "a\u0301b", "\xff", "x_y z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := wordPairs(s)
		if len(out) > 3*len(s)+8 {
			t.Fatalf("pairs of %d bytes grew to %d", len(s), len(out))
		}
	})
}
