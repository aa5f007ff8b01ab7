package feed

import (
	"testing"
	"time"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tlf\ncr\r", "tab\tlf\ncr\r"},
		{"nul\x00bell\x07esc\x1b", "nulbellesc"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"surrogate\xed\xa0\x80", "surrogate\ufffd\ufffd\ufffd"},
		{"non\ufffechar\uffff", "nonchar"},
		{"ok\ufffd", "ok\ufffd"},
		{"emoji 🗞", "emoji 🗞"},
		{"]]><script>", "]]><script>"}, // escaping is the encoder's job
	}
	for _, tc := range tests {
		if got := cleanText(tc.in); got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanLang(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "en-GB": "en-GB", " de ": "de", "": "",
		"en_GB": "", `en"><x`: "", "toolonglanguage": "",
	} {
		if got := cleanLang(in); got != want {
			t.Errorf("cleanLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDateClamp(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 5, 2, 9, 30, 0, 999, time.FixedZone("", 2*3600)), "2024-05-02T07:30:00Z"},
		{time.Date(-50, 1, 1, 0, 0, 0, 0, time.UTC), "0001-01-01T00:00:00Z"},
		{time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC), "9999-12-31T23:59:59Z"},
	}
	for _, tc := range tests {
		if got := rfc3339(tc.in); got != tc.want {
			t.Errorf("rfc3339(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got, want := rfc1123(time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)), "Wed, 01 May 2024 08:00:00 +0000"; got != want {
		t.Errorf("rfc1123 = %q, want %q", got, want)
	}
}
