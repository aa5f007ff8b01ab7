package fingerprint

import (
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func mustRead(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

const (
	changedFrom = "A temporary ferry service for residents of the northern villages was discussed but rejected as too expensive."
	changedTo   = "Councillors also looked at running a small passenger boat across the river, but officials said the cost would be far too high."
	header      = "Advertisement. Sign up for our daily newsletter to get the latest local news delivered to your inbox every morning.\n\n"
	footer      = "\n\nThis article originally appeared in the Eastbrook Gazette. Copyright 2026. All rights reserved. Share this story on Facebook, Twitter or by email."
)

func TestNear(t *testing.T) {
	a := mustRead(t, "bridge-a.txt")
	b := mustRead(t, "bridge-b.txt")
	paragraphs := strings.Split(strings.TrimSpace(a), "\n\n")
	reordered := slices.Clone(paragraphs)
	slices.Reverse(reordered)
	restyled := strings.NewReplacer(
		", ", " \u2014 ", ". ", "!\n", "'", "\u2019", "the ", "The  ", "council", "COUNCIL",
	).Replace(a)

	tests := []struct {
		name string
		text string
		near bool
	}{
		{"Identical", a, true},
		{"CaseAndPunctuation", restyled, true},
		{"Boilerplate", header + a + footer, true},
		{"OneSentenceChanged", strings.Replace(a, changedFrom, changedTo, 1), true},
		{"ParagraphsReordered", strings.Join(reordered, "\n\n"), true},
		{"SameTopicOtherArticle", b, false},
		{"SameTopicOtherArticleWithBoilerplate", header + b + footer, false},
		{"TooShort", "Old Mill Bridge to close to traffic from March.", false},
	}
	fa := Of(a)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Of(tt.text)
			if got := Near(fa, f); got != tt.near {
				t.Errorf("Near = %v (distance %d), want %v", got, fa.Distance(f), tt.near)
			}
			if Near(f, fa) != Near(fa, f) {
				t.Error("Near is not symmetric")
			}
		})
	}
	if d := fa.Distance(Of(restyled)); d != 0 {
		t.Errorf("case and punctuation changed the fingerprint by %d bits; they must not count at all", d)
	}
}

func TestShortTexts(t *testing.T) {
	nineteen := strings.Repeat("word ", MinWords-1)
	twenty := "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
	tests := []struct {
		name string
		text string
		zero bool
	}{
		{"Empty", "", true},
		{"Punctuation", "!!! ... --- ??? ***", true},
		{"NineteenWords", nineteen, true},
		{"NineteenWordsOfPunctuation", strings.Repeat("word, ", MinWords-1) + "—", true},
		{"TwentyWords", twenty, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Of(tt.text)
			if (f == 0) != tt.zero {
				t.Errorf("Of = %#x, want zero %v", uint64(f), tt.zero)
			}
			if Near(f, f) == tt.zero {
				t.Errorf("Near(f, f) = %v for f = %#x", Near(f, f), uint64(f))
			}
		})
	}
	if Near(0, 0) || Near(0, 1) || Near(1, 0) {
		t.Error("Near with a zero fingerprint must be false")
	}
}

// TestStable pins Of's output. Fingerprints are stored in the database, so
// if this fails the algorithm changed and every stored fingerprint must be
// recomputed: do not just update the numbers.
func TestStable(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Fingerprint
	}{
		{"BridgeA", mustRead(t, "bridge-a.txt"), 0x07f78a3b14120f77},
		{"BridgeB", mustRead(t, "bridge-b.txt"), 0x89ee5499fc5ea31d},
		{"Pangrams", "The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs. How vexingly quick daft zebras jump!", 0x5e2a0541de3c2829},
		{"Japanese", "東京都は月曜日、新しい路面電車の路線が来月開業すると発表した。", 0x363518893bfc67b5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Of(tt.text); got != tt.want {
				t.Errorf("Of = %#016x, want %#016x", uint64(got), uint64(tt.want))
			}
		})
	}
}

func TestFNV1a(t *testing.T) {
	for _, s := range []string{"", "a", "old mill bridge", "東京 都"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := fnv1a(fnvOffset, s), h.Sum64(); got != want {
			t.Errorf("fnv1a(%q) = %#x, want %#x", s, got, want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b Fingerprint
		want int
	}{
		{0, 0, 0},
		{1, 0, 1},
		{0xff, 0, 8},
		{^Fingerprint(0), 0, 64},
		{0xf0f0, 0x0ff0, 8},
	}
	for _, tt := range tests {
		if got := tt.a.Distance(tt.b); got != tt.want {
			t.Errorf("Distance(%#x, %#x) = %d, want %d", uint64(tt.a), uint64(tt.b), got, tt.want)
		}
		if got := tt.b.Distance(tt.a); got != tt.want {
			t.Errorf("Distance is not symmetric for %#x, %#x", uint64(tt.a), uint64(tt.b))
		}
	}
}

func TestBands(t *testing.T) {
	f := Fingerprint(0x0807060504030201)
	if got, want := f.Bands(), [8]uint8{1, 2, 3, 4, 5, 6, 7, 8}; got != want {
		t.Errorf("Bands = %v, want %v", got, want)
	}
}

// TestBandsFindEveryNear checks the pigeonhole promise: fingerprints within
// Threshold always share a band at the same index.
func TestBandsFindEveryNear(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		a := Fingerprint(rng.Uint64() | 1)
		b := a
		for range rng.IntN(Threshold + 1) {
			b ^= 1 << rng.IntN(64)
		}
		if !Near(a, b) {
			t.Fatalf("%#x and %#x should be Near", uint64(a), uint64(b))
		}
		ba, bb := a.Bands(), b.Bands()
		shared := false
		for i := range ba {
			shared = shared || ba[i] == bb[i]
		}
		if !shared {
			t.Fatalf("%#x and %#x are Near but share no band", uint64(a), uint64(b))
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"Punctuation", "Hello, World! It's 2026...", []string{"hello", "world", "it", "s", "2026"}},
		{"CaseFolded", "ÉCOLE École école", []string{"école", "école", "école"}},
		{"ComposedEqualsDecomposed", "cafe\u0301 café", []string{"café", "café"}},
		{"FullWidthAndLigature", "Ｆｕｌｌ ﬁne", []string{"full", "fine"}},
		{"Cyrillic", "Київ — столиця", []string{"київ", "столиця"}},
		{"Devanagari", "नमस्ते दुनिया", []string{"नमस्ते", "दुनिया"}},
		{"Ideographs", "東京都は2026年", []string{"東", "京", "都", "は", "2026", "年"}},
		{"Symbols", "a+b=c € 5 %", []string{"a", "b", "c", "5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := words(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
