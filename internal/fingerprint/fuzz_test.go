package fingerprint

import "testing"

// FuzzOf checks that Of accepts any text, is deterministic, returns 0 exactly
// for texts under MinWords words, and that Near and Bands agree on its
// results.
func FuzzOf(f *testing.F) {
	for _, seed := range []string{
		"",
		"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty",
		"東京都は月曜日、新しい路面電車の路線が来月開業すると発表した。",
		"cafe\u0301 \xff\xfe ﬁ Ｆｕｌｌ \u0000 नमस्ते",
	} {
		f.Add(seed, "extra words here")
	}
	f.Fuzz(func(t *testing.T, text, extra string) {
		a := Of(text)
		if again := Of(text); again != a {
			t.Fatalf("Of is not deterministic: %#x then %#x", uint64(a), uint64(again))
		}
		if (a == 0) != (len(words(text)) < MinWords) {
			t.Fatalf("Of = %#x for a text of %d words", uint64(a), len(words(text)))
		}
		b := Of(text + " " + extra)
		if Near(a, b) {
			ba, bb := a.Bands(), b.Bands()
			shared := false
			for i := range ba {
				shared = shared || ba[i] == bb[i]
			}
			if !shared {
				t.Fatalf("%#x and %#x are Near but share no band", uint64(a), uint64(b))
			}
		}
	})
}
