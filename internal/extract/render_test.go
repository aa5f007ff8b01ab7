package extract

import "testing"

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One  two\n three.</p><p>Four.</p>", "One two three.\n\nFour."},
		{"inline markup", "<p>A <b>bold</b> <a href=x>link</a>.</p>", "A bold link."},
		{"line break", "<p>Line one<br>line two</p>", "Line one\nline two"},
		{"list and heading", "<h2>Head</h2><ul><li>a</li><li>b</li></ul>", "Head\n\na\n\nb"},
		{"pre keeps lines", "<pre>x := 1\n    y := 2</pre>", "x := 1\n    y := 2"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
		{"scripts skipped", "<p>text<script>var x</script></p>", "text"},
		{"empty", "<div> </div>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainText(parseBody(t, tt.in)); got != tt.want {
				t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
