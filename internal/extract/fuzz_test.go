package extract

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtract feeds Extract arbitrary pages and selectors. It must never
// panic, and whatever it returns must be valid UTF-8 with a body only when
// it reports no error.
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"wordpress.html", "jsonld.html", "selector.html"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
	}
	f.Add([]byte(page(`<meta charset="shift_jis">`, story)), "article p")
	f.Add([]byte(strings.Repeat("<div><p>", 600)+story), "")
	f.Add([]byte("<table><tr><td><p>a<b>b<i>c</b>d</i>e</table><script>x</script>"), "td")
	f.Add([]byte("\xef\xbb\xbf<meta charset=utf-16><p>\xff\xfe</p>"), ":not(")
	f.Fuzz(func(t *testing.T, page []byte, selector string) {
		r, err := Extract(strings.NewReader(string(page)), Options{Selector: selector})
		for _, s := range []string{r.Title, r.Author, r.Image, r.Text, r.HTML} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in result: %q", s)
			}
		}
		if err != nil && (r.Text != "" || r.HTML != "") {
			t.Fatalf("error %v with a body", err)
		}
		if err == nil && r.Text == "" {
			t.Fatal("no error and no body")
		}
	})
}
