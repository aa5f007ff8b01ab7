package markup

import (
	"fmt"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"paragraph", "Hello *world* and **bold**.", "<p>Hello <em>world</em> and <strong>bold</strong>.</p>\n"},
		{"h1 becomes h2", "# Title\n\n## Sub\n\n###### Small", "<h2>Title</h2>\n<h2>Sub</h2>\n<h6>Small</h6>\n"},
		{"strikethrough", "~~gone~~", "<p><del>gone</del></p>\n"},
		{"typographer off", `"quotes" -- and...`, "<p>&#34;quotes&#34; -- and...</p>\n"},
		{
			"external link",
			"[NATO](https://www.nato.int/)",
			`<p><a href="https://www.nato.int/" rel="nofollow noopener" target="_blank">NATO</a></p>` + "\n",
		},
		{"relative link", "[more](/world/)", `<p><a href="/world/">more</a></p>` + "\n"},
		{"mailto link", "[desk](mailto:desk@example.com)", `<p><a href="mailto:desk@example.com">desk</a></p>` + "\n"},
		{"javascript link", "[x](javascript:alert(1))", "<p> x </p>\n"},
		{
			"autolinks",
			"See https://example.com and www.example.org or desk@example.com",
			`<p>See <a href="https://example.com" rel="nofollow noopener" target="_blank">https://example.com</a>` +
				` and <a href="http://www.example.org" rel="nofollow noopener" target="_blank">www.example.org</a>` +
				` or <a href="mailto:desk@example.com">desk@example.com</a></p>` + "\n",
		},
		{"no ftp autolink", "ftp://example.com/x", "<p>ftp://example.com/x</p>\n"},
		{
			"image",
			`![Jens Stoltenberg](https://example.com/js.jpg "At the summit")`,
			`<p><img src="https://example.com/js.jpg" alt="Jens Stoltenberg" title="At the summit"></p>` + "\n",
		},
		{"data image", "![x](data:image/png;base64,AAAA)", `<p><img alt="x"></p>` + "\n"},
		{"relative image", "![x](/a.png)", `<p><img alt="x"></p>` + "\n"},
		{"raw HTML omitted", "<script>alert(1)</script>\n\nText <b>bold</b>.", "\n<p>Text bold.</p>\n"},
		{"ordered list with start", "3. three\n4. four", "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n"},
		{
			"task list",
			"- [x] done\n- [ ] todo",
			"<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\"> done</li>\n" +
				"<li><input type=\"checkbox\" disabled=\"\"> todo</li>\n</ul>\n",
		},
		{
			"table",
			"| a | b |\n|:--|--:|\n| 1 | 2 |",
			"<table>\n<thead>\n<tr>\n<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n" +
				"<tbody>\n<tr>\n<td align=\"left\">1</td>\n<td align=\"right\">2</td>\n</tr>\n</tbody>\n</table>\n",
		},
		{"quote and code", "> quoted\n\n```go\nx := <y>\n```", "<blockquote>\n<p>quoted</p>\n</blockquote>\n<pre><code>x := &lt;y&gt;\n</code></pre>\n"},
		{"cyrillic", "Привіт, *світе*", "<p>Привіт, <em>світе</em></p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Render(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"h1 becomes h2", `<h1 class="big">T</h1><h3>S</h3>`, "<h2>T</h2><h3>S</h3>"},
		{"upper-case h1", `<H1>T</H1 >`, "<h2>T</h2>"},
		{"h1 inside textarea is text", `<textarea><h1>x</h1></textarea>`, " &lt;h1&gt;x&lt;/h1&gt; "},
		{"stripped tag keeps words apart", "<p>a<div>b</div>c</p>", "<p>a b c</p>"},
		{"script and content dropped", "a<script>alert(1)</script>b", "ab"},
		{"style dropped", "<style>p{}</style><p style=\"color:red\">x</p>", "<p>x</p>"},
		{"iframe dropped", `<iframe src="https://example.com"></iframe>x`, "  x"},
		{"event handler dropped", `<p onclick="alert(1)">x</p>`, "<p>x</p>"},
		{"javascript href dropped", `<a href="javascript:alert(1)">x</a>`, " x "},
		{"obfuscated javascript href dropped", `<a href="java&#x09;script:alert(1)">x</a>`, " x "},
		{"data href dropped", `<a href="data:text/html,hi">x</a>`, " x "},
		{
			"external link gets rel and target",
			`<a href="https://x.example/" target="_self" rel="opener">x</a>`,
			`<a href="https://x.example/" rel="nofollow noopener" target="_blank">x</a>`,
		},
		{
			"protocol-relative link is external",
			`<a href="//x.example/">x</a>`,
			`<a href="//x.example/" rel="nofollow noopener" target="_blank">x</a>`,
		},
		{"relative link untouched", `<a href="/a?b=1#c">x</a>`, `<a href="/a?b=1#c">x</a>`},
		{
			"image attributes",
			`<img src="https://x.example/y.png" alt="Photo: “A”" width="10" height="20%" loading="lazy" onerror="x" class="c">`,
			`<img src="https://x.example/y.png" alt="Photo: “A”" width="10" loading="lazy">`,
		},
		{"data image dropped", `<img src="data:image/png;base64,AAAA" alt="x">`, `<img alt="x">`},
		{
			"figure",
			`<figure><img src="https://x.example/y.png" alt=""><figcaption>Cap</figcaption></figure>`,
			`<figure><img src="https://x.example/y.png" alt=""><figcaption>Cap</figcaption></figure>`,
		},
		{"text input dropped", `<input type="text" value="x"><input checked>`, ""},
		{"checkbox canonical", `<input type=CHECKBOX checked onclick=x name=n>`, `<input type="checkbox" checked="" disabled="">`},
		{"comment dropped", "a<!-- secret -->b", "ab"},
		{"form dropped", `<form action="https://x.example"><button formaction="javascript:x">b</button></form>`, "  b  "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCheckSafeCatches makes sure the checker the XSS and fuzz tests rely on
// does flag unsafe HTML; a checker that passes everything proves nothing.
func TestCheckSafeCatches(t *testing.T) {
	for _, bad := range []string{
		"<script>alert(1)</script>",
		"<iframe></iframe>",
		"<object></object>",
		"<embed>",
		"<style></style>",
		"<svg></svg>",
		`<p onclick="x">`,
		`<a href="javascript:alert(1)">`,
		`<a href=" JaVa&#x09;ScRiPt:alert(1)">`,
		`<img src="data:image/png;base64,AA">`,
		`<form action="vbscript:x">`,
		`<p style="x">`,
	} {
		if checkSafe(bad) == nil {
			t.Errorf("checkSafe(%q) = nil, want an error", bad)
		}
	}
	for _, good := range []string{
		`<p><a href="https://x.example/" rel="nofollow noopener" target="_blank">x</a></p>`,
		`<a href="/rel">`, `<a href="mailto:a@b.example">`, `<a href="#top">`, `<a href="./a:b">`,
	} {
		if err := checkSafe(good); err != nil {
			t.Errorf("checkSafe(%q) = %v, want nil", good, err)
		}
	}
}

// TestConcurrent runs Render from many goroutines so -race can see the shared
// goldmark instance and policy being used concurrently.
func TestConcurrent(t *testing.T) {
	done := make(chan string)
	for i := range 8 {
		go func() {
			out, _ := Render(fmt.Sprintf("# T%d\n\n[x](https://example.com/%d)", i, i))
			done <- out
		}()
	}
	for range 8 {
		if out := <-done; !strings.Contains(out, "<h2>T") {
			t.Errorf("unexpected output %q", out)
		}
	}
}

// article returns a body of about n words in the shape writers use: short
// paragraphs with links and emphasis, a subheading, a quote and a list.
func article(n int) string {
	para := "NATO Secretary General Jens Stoltenberg said that the alliance has *no plans* to send troops " +
		"to Ukraine, following [reports](https://example.com/report) that some Western countries may be " +
		"considering this possibility. He said this in a comment to the **Associated Press**.\n\n"
	words := len(strings.Fields(para))
	var b strings.Builder
	for i := 0; i*words < n; i++ {
		switch i % 5 {
		case 1:
			b.WriteString("## What was said\n\n")
		case 3:
			b.WriteString("> “NATO allies are providing unprecedented support to Ukraine.”\n\n- one\n- two\n\n")
		}
		b.WriteString(para)
	}
	return b.String()
}

func BenchmarkRender(b *testing.B) {
	body := article(1000)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(body); err != nil {
			b.Fatal(err)
		}
	}
}
