package feedread

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello", 3, "hel"},
		{"hello", 0, ""},
		{"héllo", 2, "h"},               // é is two bytes: not split
		{"héllo", 3, "hé"},              //
		{"a€b", 3, "a"},                 // € is three bytes
		{"a€b", 4, "a€"},                //
		{"😀x", 3, ""},                   // four-byte rune
		{"😀x", 4, "😀"},                  //
		{"\xff\xfe\xfd", 2, "\xff\xfe"}, // invalid input is cut, cleaned later
	}
	for _, tt := range tests {
		if got := cut(tt.in, tt.max); got != tt.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"Collapse", "  Council\n\t approves   budget ", 100, "Council approves budget"},
		{"Controls", "a\x00b\x07c\u009fd", 100, "abcd"},
		{"InvalidUTF8", "caf\xe9", 100, "caf\uFFFD"},
		{"CutAfterCollapse", "a  b  c", 3, "a b"},
		// Only the first 2*max bytes are looked at, so a field padded with
		// whitespace beyond that loses what follows.
		{"PaddedBeyondTwiceMax", "a          b", 3, "a"},
		{"CutOnRune", "ééé", 5, "éé"},
		{"HugeWhitespace", strings.Repeat(" ", 10_000) + "x", 8, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plainText(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("plainText(%.20q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if !utf8.ValidString(got) || len(got) > tt.max {
				t.Errorf("plainText result %q invalid or over %d bytes", got, tt.max)
			}
		})
	}
}

func TestRawHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"KeepsMarkupAndNewlines", " <p>a</p>\n<p>b</p> ", 100, "<p>a</p>\n<p>b</p>"},
		{"Controls", "<p>a\x00b\x1b</p>", 100, "<p>ab</p>"},
		{"ReplacementGrowsThenCut", "ab\xff", 3, "ab"},
		{"CutMidTag", "<p>héllo</p>", 5, "<p>h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rawHTML(tt.in, tt.max); got != tt.want {
				t.Errorf("rawHTML(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

func TestDropXMLControls(t *testing.T) {
	in := []byte("<a>\x00x\x01\ty\n\x1f</a>")
	if got, want := string(dropXMLControls(in)), "<a>x\ty\n</a>"; got != want {
		t.Errorf("dropXMLControls = %q, want %q", got, want)
	}
	clean := []byte("<a>x</a>")
	if got := dropXMLControls(clean); &got[0] != &clean[0] {
		t.Error("dropXMLControls copied a clean document")
	}
}
