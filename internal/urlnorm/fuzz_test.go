package urlnorm

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzNormalize checks that Normalize is idempotent and that what it returns
// is an http(s) URL without the parts it promises to remove.
func FuzzNormalize(f *testing.F) {
	for _, seed := range []string{
		"https://news.example/2026/01/story?utm_source=x&id=1#f",
		"HTTP://User:Pw@Bücher.EXAMPLE.:0080/a/./b/../%7e%2f?b=%3d&a&&a=#x",
		"http://[2001:DB8::1]:443/%zz%2E%2E/..",
		"https://ｅｘａｍｐｌｅ。com/café?q=a+b&fbclid=1",
		"/relative/../path?x=1",
		"//cdn.example/x",
		"javascript:alert(1)",
		"http:opaque",
		"http://xn--bcher-kva.example/",
	} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	base, err := url.Parse("https://base.example/dir/feed.xml?q=1")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string, withBase bool) {
		b := base
		if !withBase {
			b = nil
		}
		got, err := Normalize(raw, b)
		if err != nil {
			if got != "" {
				t.Fatalf("Normalize(%q) = %q with error %v", raw, got, err)
			}
			return
		}
		again, err := Normalize(got, nil)
		if err != nil {
			t.Fatalf("Normalize(%q) = %q, which does not normalise: %v", raw, got, err)
		}
		if again != got {
			t.Fatalf("not idempotent: Normalize(%q) = %q, then %q", raw, got, again)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("Normalize(%q) = %q, which does not parse: %v", raw, got, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.User != nil ||
			strings.ContainsAny(got, "# \t\r\n") || u.ForceQuery {
			t.Fatalf("Normalize(%q) = %q, not a canonical http(s) URL", raw, got)
		}
		for _, part := range strings.Split(u.RawQuery, "&") {
			name, _, _ := strings.Cut(part, "=")
			if isTracking(name) {
				t.Fatalf("Normalize(%q) = %q kept tracking parameter %q", raw, got, name)
			}
		}
	})
}
