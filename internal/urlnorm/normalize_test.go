package urlnorm

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"AlreadyCanonical", "https://news.example/2026/01/story", "https://news.example/2026/01/story"},
		{"LowerSchemeAndHost", "HTTPS://News.EXAMPLE/Story", "https://news.example/Story"},
		{"KeepsPathCase", "https://a.example/Politics/Budget-2026", "https://a.example/Politics/Budget-2026"},
		{"TrimsSpace", "  https://a.example/x \n", "https://a.example/x"},
		{"EmptyPath", "https://a.example", "https://a.example/"},
		{"EmptyPathWithQuery", "https://a.example?id=3", "https://a.example/?id=3"},
		{"DefaultHTTPPort", "http://a.example:80/x", "http://a.example/x"},
		{"DefaultHTTPSPort", "https://a.example:443/x", "https://a.example/x"},
		{"OtherPortKept", "https://a.example:8443/x", "https://a.example:8443/x"},
		{"HTTPPortOnHTTPSKept", "https://a.example:80/x", "https://a.example:80/x"},
		{"PortLeadingZeros", "http://a.example:0080/x", "http://a.example/x"},
		{"EmptyPort", "http://a.example:/x", "http://a.example/x"},
		{"TrailingDotHost", "https://a.example./x", "https://a.example/x"},
		{"UserInfoDropped", "https://user:pw@a.example/x", "https://a.example/x"},
		{"PhishingUserInfo", "https://trusted.example@evil.example/x", "https://evil.example/x"},
		{"FragmentDropped", "https://a.example/x#comments", "https://a.example/x"},
		{"HashBangDropped", "https://a.example/#!/story/1", "https://a.example/"},
		{"EmptyQueryDropped", "https://a.example/x?", "https://a.example/x"},
		{"EmptyQueryAndFragment", "https://a.example/x?#top", "https://a.example/x"},
		{"DotSegments", "https://a.example/a/./b/../c", "https://a.example/a/c"},
		{"DotDotAboveRoot", "https://a.example/../../x", "https://a.example/x"},
		{"TrailingDotDot", "https://a.example/a/b/..", "https://a.example/a/"},
		{"EncodedDots", "https://a.example/a/%2E%2e/b", "https://a.example/b"},
		{"DoubleSlashKept", "https://a.example/a//b", "https://a.example/a//b"},
		{"TrailingSlashKept", "https://a.example/a/", "https://a.example/a/"},
		{"UnreservedEscapesDecoded", "https://a.example/%7Euser/%41bc", "https://a.example/~user/Abc"},
		{"ReservedEscapesUppercased", "https://a.example/a%2fb?q=%3d%26", "https://a.example/a%2Fb?q=%3D%26"},
		{"SpaceEscaped", "https://a.example/a b", "https://a.example/a%20b"},
		{"UnicodePathEscaped", "https://a.example/café", "https://a.example/caf%C3%A9"},
		{"UnicodePathEscapeKept", "https://a.example/caf%c3%a9", "https://a.example/caf%C3%A9"},
		{"StrayPercent", "https://a.example/100%25-true?p=100%", "https://a.example/100%25-true?p=100%25"},
		{"IDNHost", "https://Bücher.Example/x", "https://xn--bcher-kva.example/x"},
		{"IDNHostPunycodeKept", "https://xn--bcher-kva.example/x", "https://xn--bcher-kva.example/x"},
		{"IDNFullWidth", "https://ｅｘａｍｐｌｅ。com/x", "https://example.com/x"},
		{"IDNEszettNonTransitional", "https://faß.example/", "https://xn--fa-hia.example/"},
		{"UnderscoreHost", "https://my_blog.example/x", "https://my_blog.example/x"},
		{"IPv4", "http://192.0.2.1:8080/x", "http://192.0.2.1:8080/x"},
		{"IPv6", "http://[2001:DB8:0::1]:443/x", "http://[2001:db8::1]:443/x"},
		{"IPv6DefaultPort", "https://[2001:db8::1]:443/x", "https://[2001:db8::1]/x"},
		{"UTMDropped", "https://a.example/x?utm_source=rss&utm_medium=feed&utm_campaign=c", "https://a.example/x"},
		{"UTMCaseInsensitive", "https://a.example/x?UTM_Source=rss&id=4", "https://a.example/x?id=4"},
		{"UTMEscapedName", "https://a.example/x?utm%5Fsource=rss&id=4", "https://a.example/x?id=4"},
		{"ClickIDsDropped", "https://a.example/x?fbclid=1&gclid=2&dclid=3&msclkid=4&yclid=5&igshid=6", "https://a.example/x"},
		{"MailchimpDropped", "https://a.example/x?mc_cid=1&mc_eid=2&p=1", "https://a.example/x?p=1"},
		{"MiscDropped", "https://a.example/x?_ga=1&ref_src=twsrc%5Etfw&cmpid=x&smid=tw-share&WT.mc_id=z", "https://a.example/x"},
		{"ContentParamsKept", "https://a.example/article.php?id=42&page=2", "https://a.example/article.php?id=42&page=2"},
		{"ParamsSorted", "https://a.example/x?b=2&a=1&c=3", "https://a.example/x?a=1&b=2&c=3"},
		{"RepeatedParamsSorted", "https://a.example/x?a=2&a=1", "https://a.example/x?a=1&a=2"},
		{"EmptyParamsDropped", "https://a.example/x?&&a=1&&", "https://a.example/x?a=1"},
		{"BareAndEmptyValueKept", "https://a.example/x?amp&a=", "https://a.example/x?a=&amp"},
		{"PlusKept", "https://a.example/search?q=a+b", "https://a.example/search?q=a+b"},
		{"GenericRefKept", "https://a.example/x?ref=homepage", "https://a.example/x?ref=homepage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in, nil)
			if err != nil {
				t.Fatalf("Normalize(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again, err := Normalize(got, nil); err != nil || again != got {
				t.Errorf("Normalize(%q) = %q, %v; not idempotent", got, again, err)
			}
		})
	}
}

func TestNormalizeRelative(t *testing.T) {
	base, err := url.Parse("https://news.example/section/feed.xml?x=1#f")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"Relative", "story.html", "https://news.example/section/story.html"},
		{"RootRelative", "/2026/story", "https://news.example/2026/story"},
		{"ParentRelative", "../other/story", "https://news.example/other/story"},
		{"SchemeRelative", "//cdn.example/x", "https://cdn.example/x"},
		{"QueryOnly", "?id=5&utm_source=x", "https://news.example/section/feed.xml?id=5"},
		{"FragmentOnly", "#top", "https://news.example/section/feed.xml?x=1"},
		{"AbsoluteIgnoresBase", "http://other.example/a/../b", "http://other.example/b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in, base)
			if err != nil {
				t.Fatalf("Normalize(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	ftpBase, _ := url.Parse("ftp://files.example/")
	tests := []struct {
		name string
		in   string
		base *url.URL
		want error
	}{
		{"Empty", "", nil, ErrScheme},
		{"RelativeWithoutBase", "/story", nil, ErrScheme},
		{"SchemeRelativeWithoutBase", "//a.example/x", nil, ErrScheme},
		{"Mailto", "mailto:desk@a.example", nil, ErrScheme},
		{"Javascript", "javascript:alert(1)", nil, ErrScheme},
		{"FTP", "ftp://a.example/x", nil, ErrScheme},
		{"RelativeToFTP", "x", ftpBase, ErrScheme},
		{"Opaque", "http:a.example/x", nil, ErrNoHost},
		{"NoHost", "http:///x", nil, ErrNoHost},
		{"OnlyPort", "http://:80/x", nil, ErrInvalid},
		{"Garbage", "http://[::1", nil, ErrInvalid},
		{"ControlChar", "http://a.example/\x00", nil, ErrInvalid},
		{"SpaceInHost", "http://a b.example/", nil, ErrInvalid},
		{"BadPort", "http://a.example:99999/", nil, ErrInvalid},
		{"PortZero", "http://a.example:0/", nil, ErrInvalid},
		{"NonNumericPort", "http://a.example:http/", nil, ErrInvalid},
		{"EmptyLabel", "http://a..example/", nil, ErrInvalid},
		{"OnlyDot", "http://./", nil, ErrInvalid},
		{"BadPunycode", "http://xn--a.example/", nil, ErrInvalid},
		{"BadHostChar", "http://a!b.example/", nil, ErrInvalid},
		{"IPv6Zone", "http://[fe80::1%25en0]/", nil, ErrInvalid},
		{"EscapedASCIIInHost", "https://ex%61mple.com/", nil, ErrInvalid}, // net/url refuses it
		{"BidiMix", "http://a\u05d0.example/", nil, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in, tt.base)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Normalize(%q) = %q, %v; want error %v", tt.in, got, err, tt.want)
			}
			if got != "" {
				t.Errorf("Normalize(%q) returned %q with an error", tt.in, got)
			}
		})
	}
}

func TestNormalizeErrorClipsInput(t *testing.T) {
	_, err := Normalize("ftp://"+strings.Repeat("a", 10_000), nil)
	if err == nil || len(err.Error()) > 300 {
		t.Errorf("error for a huge input is %d bytes", len(err.Error()))
	}
}

// TestSameStory lists spellings of one story's link that must share a key.
func TestSameStory(t *testing.T) {
	links := []string{
		"https://news.example/2026/01/budget?id=7",
		"HTTPS://NEWS.EXAMPLE:443/2026/01/budget?id=7",
		"https://news.example/2026/01/./budget?utm_source=twitter&id=7#comments",
		"https://news.example/2026/02/../01/budget?fbclid=IwAR0&id=7",
		"https://news.example./2026/01/budget?id=%37&mc_cid=abc&mc_eid=def",
		"  https://news.example/2026/01/bud%67et?id=7&utm_medium=social&utm_campaign=x ",
	}
	want, err := Normalize(links[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links[1:] {
		if got, err := Normalize(l, nil); err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", l, got, err, want)
		}
	}
}
