package slug

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMake(t *testing.T) {
	long := strings.Repeat("word ", 30) // 150 bytes
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii", "Hello World", "hello-world"},
		{"diacritics", "Café Zürich", "cafe-zurich"},
		{"more latin diacritics", "Ærøskøbing Łódź Señor Ångström", "ærøskøbing-łodz-senor-angstrom"},
		{"cyrillic", "Україна 2024", "україна-2024"},
		{"cyrillic keeps й and ї", "Київ і Львів: найкращий їжак", "київ-і-львів-найкращий-їжак"},
		{"ukrainian apostrophe", "М’ясо та м'ята і пʼять", "м-ясо-та-м-ята-і-п-ять"},
		{"greek", "Αθήνα", "αθήνα"},
		{"cjk", "東京 2024", "東京-2024"},
		{"devanagari marks kept", "हिन्दी समाचार", "हिन्दी-समाचार"},
		{"en dash", "NATO does not plan to send troops to Ukraine – Stoltenberg", "nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg"},
		{"em dash and quotes", "“Unprecedented support”—Stoltenberg's words", "unprecedented-support-stoltenberg-s-words"},
		{"punctuation runs", "  --Hello,   World!!!--  ", "hello-world"},
		{"only punctuation", "!!! — ???", ""},
		{"digits", "Top 10 of 2024", "top-10-of-2024"},
		{"compatibility forms", "ﬁnal Ｆｕｌｌ x²", "final-full-x2"},
		{"orphan mark", "\u0301abc", "abc"},
		{"underscore", "snake_case", "snake-case"},
		{"already a slug", "hello-world-2", "hello-world-2"},
		{"cut at dash", long, strings.TrimSuffix(strings.Repeat("word-", 16), "-")},
		{"one long word", strings.Repeat("a", 100), strings.Repeat("a", 80)},
		{"long cyrillic word", strings.Repeat("я", 50), strings.Repeat("я", 40)},
		{"long word of 3-byte runes", strings.Repeat("東", 30), strings.Repeat("東", 26)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{
		"", "Café Zürich", "Україна 2024", "a\u0301\u0302b", "---", "ǅ ℌ Ⅸ",
		"NATO does not plan to send troops to Ukraine – Stoltenberg",
		strings.Repeat("ї", 60), strings.Repeat("ab ", 40), "\xff\xfe", "İstanbul",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Make(in)
		switch {
		case !utf8.ValidString(got):
			t.Fatalf("Make(%q) = %q: not valid UTF-8", in, got)
		case len(got) > MaxLen:
			t.Fatalf("Make(%q) = %q: %d bytes", in, got, len(got))
		case strings.HasPrefix(got, "-"), strings.HasSuffix(got, "-"), strings.Contains(got, "--"):
			t.Fatalf("Make(%q) = %q: stray dashes", in, got)
		}
		if again := Make(got); again != got {
			t.Fatalf("Make(%q) = %q, but Make(%q) = %q", in, got, got, again)
		}
	})
}
