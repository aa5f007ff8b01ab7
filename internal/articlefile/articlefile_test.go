package articlefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/masthead-news/masthead"
)

var now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func TestParseSmall(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "small.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Parse("small.md", f, now)
	if err != nil {
		t.Fatal(err)
	}
	want := &masthead.Article{
		Slug:        "kyiv-s-metro-65-years-underground",
		Title:       "Kyiv’s metro – 65 years underground",
		Standfirst:  "The city's first line opened in 1960; today three lines carry half a million people a day.",
		Body:        "The first five stations opened on **6 November 1960**.\n\n    A code block keeps its indentation.",
		Section:     &masthead.Section{Slug: "city", Name: "City"},
		Tags:        []masthead.Tag{{Slug: "kyiv", Name: "Kyiv"}, {Slug: "transport", Name: "Transport"}},
		Author:      &masthead.Author{Slug: "олена-петренко", Name: "Олена Петренко"},
		Source:      &masthead.Source{Slug: "example-news", Name: "Example News", Homepage: "https://news.example.com/"},
		SourceURL:   "https://news.example.com/2025/11/metro?ref=rss",
		Status:      masthead.StatusDraft,
		PublishedAt: time.Date(2025, 11, 6, 6, 30, 0, 0, time.UTC),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

func TestParseSeed(t *testing.T) {
	const seed = "/work/shared/fixtures/seed-article.md"
	f, err := os.Open(seed)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is absent; the shared fixtures are not checked out", seed)
	} else if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := Parse("seed-article.md", f, now)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ what, got, want string }{
		{"title", a.Title, "NATO does not plan to send troops to Ukraine – Stoltenberg"},
		{"slug", a.Slug, "nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg"},
		{"section", a.Section.Name + "/" + a.Section.Slug, "World/world"},
		{"author", a.Author.Name + "/" + a.Author.Slug, "News desk/news-desk"},
		{"source", a.Source.Name + "/" + a.Source.Slug + "/" + a.Source.Homepage, "Focus/focus/https://focus.ua/"},
		{"source_url", a.SourceURL, "https://focus.ua/"},
		{"status", string(a.Status), "published"},
		{"published_at", a.PublishedAt.Format(time.RFC3339), "2024-02-27T10:00:00Z"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if diff := cmp.Diff([]masthead.Tag{
		{Slug: "nato", Name: "NATO"}, {Slug: "ukraine", Name: "Ukraine"}, {Slug: "jens-stoltenberg", Name: "Jens Stoltenberg"},
	}, a.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(a.Standfirst, "According to the Secretary General") {
		t.Errorf("standfirst = %q", a.Standfirst)
	}
	if !strings.HasPrefix(a.Body, "NATO Secretary General Jens Stoltenberg said") ||
		!strings.HasSuffix(a.Body, "Russian President Vladimir Putin.") {
		t.Errorf("body not trimmed to the Markdown: %q...", a.Body[:40])
	}
}

// doc builds a file from lines, each ending in "\n".
func doc(lines ...string) string {
	return strings.Join(lines, "\n") + "\n"
}

func TestParseGood(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, a *masthead.Article)
	}{
		{
			"defaults",
			doc("---", "title: Hello World", "---"),
			func(t *testing.T, a *masthead.Article) {
				want := &masthead.Article{Slug: "hello-world", Title: "Hello World", Status: masthead.StatusPublished, PublishedAt: now}
				if diff := cmp.Diff(want, a); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			},
		},
		{
			"crlf, bom, blank-padded delimiters, trimmed values",
			"\uFEFF--- \r\ntitle: '  Spaced  '\r\nsection: '  '\r\n---\t\r\n\r\n\r\nBody\r\n",
			func(t *testing.T, a *masthead.Article) {
				if a.Title != "Spaced" || a.Body != "Body" || a.Section != nil {
					t.Errorf("got title %q body %q section %v", a.Title, a.Body, a.Section)
				}
			},
		},
		{
			"single string tag, null keys, given slug, explicit published",
			doc("---", "title: T", "tags: Україна", "author:", "source: ~", "slug: my-own-slug-2", "status: Published", "published_at: 2024-02-27T12:00:00+02:00", "---", "x"),
			func(t *testing.T, a *masthead.Article) {
				if diff := cmp.Diff([]masthead.Tag{{Name: "Україна", Slug: "україна"}}, a.Tags); diff != "" {
					t.Errorf("tags (-want +got):\n%s", diff)
				}
				if a.Slug != "my-own-slug-2" || a.Author != nil || a.Source != nil || a.Status != masthead.StatusPublished {
					t.Errorf("got %+v", a)
				}
				if want := time.Date(2024, 2, 27, 10, 0, 0, 0, time.UTC); !a.PublishedAt.Equal(want) || a.PublishedAt.Location() != time.UTC {
					t.Errorf("published_at = %v, want %v", a.PublishedAt, want)
				}
			},
		},
		{
			"empty body, comments, source without url",
			doc("---", "# comment", "title: T # trailing", "source: Reuters", "---"),
			func(t *testing.T, a *masthead.Article) {
				if a.Body != "" || a.Source == nil || a.Source.Homepage != "" || a.SourceURL != "" {
					t.Errorf("got body %q source %+v url %q", a.Body, a.Source, a.SourceURL)
				}
			},
		},
		{
			"literal standfirst",
			doc("---", "title: T", "standfirst: |", "  line one", "  line two", "---"),
			func(t *testing.T, a *masthead.Article) {
				if a.Standfirst != "line one\nline two" {
					t.Errorf("standfirst = %q", a.Standfirst)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("story.md", strings.NewReader(tt.in), now)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, a)
		})
	}
}

func TestParseDedupTags(t *testing.T) {
	in := doc("---", "title: T", "tags: [Café, cafe, CAFÉ, Zürich]", "---")
	a, err := Parse("story.md", strings.NewReader(in), now)
	if err != nil {
		t.Fatal(err)
	}
	want := []masthead.Tag{{Name: "Café", Slug: "cafe"}, {Name: "Zürich", Slug: "zurich"}}
	if diff := cmp.Diff(want, a.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
}

func TestParseBad(t *testing.T) {
	long := strings.Repeat("x", masthead.MaxTitleLen+1)
	var names []string
	for i := range masthead.MaxTags + 1 {
		names = append(names, "t"+strings.Repeat("x", i))
	}
	many := "tags: [" + strings.Join(names, ", ") + "]"
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", `story.md:1: no front matter: the file must start with a line "---"`},
		{"no front matter", "# Title\n\nBody\n", `story.md:1: no front matter: the file must start with a line "---"`},
		{"not closed", doc("---", "title: T", "", "Body"), `story.md:1: the front matter is not closed: no line "---" after the first`},
		{"empty front matter", doc("---", "---", "Body"), "story.md:1: title is required"},
		{"no title", doc("---", "section: World", "---"), "story.md:1: title is required"},
		{"empty title", doc("---", "section: World", "title: '  '", "---"), "story.md:3: title is required"},
		{
			"unknown key",
			doc("---", "title: T", "titel: T", "---"),
			`story.md:3: unknown key "titel" (known keys: title, standfirst, slug, section, tags, author, source, source_url, published_at, status)`,
		},
		{
			"numeric key",
			doc("---", "title: T", "5: x", "---"),
			`story.md:3: unknown key "5" (known keys: title, standfirst, slug, section, tags, author, source, source_url, published_at, status)`,
		},
		{"duplicate key", doc("---", "title: T", "section: A", "section: B", "---"), "story.md:4: section is given twice (first on line 3)"},
		{
			"bad time",
			doc("---", "title: T", "", "", "", "", "", "", "published_at: yesterday", "---"),
			`story.md:9: published_at: "yesterday" is not an RFC 3339 time (for example 2024-02-27T10:00:00Z)`,
		},
		{
			"date only",
			doc("---", "title: T", "published_at: 2024-02-27", "---"),
			`story.md:3: published_at: "2024-02-27" is not an RFC 3339 time (for example 2024-02-27T10:00:00Z)`,
		},
		{"broken YAML: flow", doc("---", "title: T", "", "tags: [a, b", "---"), "story.md:4: broken YAML: sequence end token ']' not found"},
		{"broken YAML: tab", doc("---", "title: T", "\tsection: x", "---"), `story.md:3: broken YAML: found character '\t' that cannot start any token`},
		{"broken YAML: colon", doc("---", "title: a: b", "---"), "story.md:2: broken YAML: mapping value is not allowed in this context"},
		{"broken YAML: quote", doc("---", "title: T", "standfirst: 'open", "---"), "story.md:3: broken YAML: could not find end character of single-quoted text"},
		{"front matter is a list", doc("---", "- title", "---"), `story.md:2: the front matter must be "key: value" lines, not a list`},
		{"front matter is a scalar", doc("---", "hello", "---"), `story.md:2: the front matter must be "key: value" lines, not a string`},
		{
			"tags: 5",
			doc("---", "title: T", "tags: 5", "---"),
			`story.md:3: tags must be a list of strings or a single string, not the number 5 (put it in quotes, "5", to use it as text)`,
		},
		{"tags: mapping", doc("---", "title: T", "tags:", "  a: b", "---"), "story.md:3: tags must be a list of strings or a single string, not a mapping"},
		{"tag item wrong type", doc("---", "title: T", "tags:", "  - ok", "  - [nested]", "---"), "story.md:5: each of tags must be a string, not a list"},
		{"tag item null", doc("---", "title: T", "tags:", "  - ok", "  -", "---"), "story.md:5: each of tags must be a string, not nothing"},
		{"empty tag", doc("---", "title: T", "tags:", "  - a", "  - ''", "---"), "story.md:5: tags: a tag is empty"},
		{"tag without letters", doc("---", "title: T", "tags:", "  - a", "  - '!!!'", "---"), `story.md:5: tag name "!!!" has no letters or digits to make a URL from`},
		{"too many tags", doc("---", "title: T", many, "---"), "story.md:3: an article may have at most 30 tags"},
		{
			"title number",
			doc("---", "title: 1984", "---"),
			`story.md:2: title must be a string, not the number 1984 (put it in quotes, "1984", to use it as text)`,
		},
		{"title bool", doc("---", "title: true", "---"), `story.md:2: title must be a string, not the boolean true (put it in quotes, "true", to use it as text)`},
		{"title list", doc("---", "title: [a]", "---"), "story.md:2: title must be a string, not a list"},
		{"alias", doc("---", "section: &s World", "title: *s", "---"), "story.md:3: title must be a string, not a YAML anchor or alias"},
		{"title too long", doc("---", "", "title: "+long, "---"), "story.md:3: title is longer than 300 characters"},
		{"title without letters", doc("---", "title: '!!!'", "---"), `story.md:2: title "!!!" has no letters or digits to make a URL from; add a slug`},
		{"standfirst too long", doc("---", "title: T", "standfirst: "+strings.Repeat("s", 1001), "---"), "story.md:3: standfirst is longer than 1000 characters"},
		{"bad slug", doc("---", "title: T", "slug: Foo Bar", "---"), `story.md:3: slug: "Foo Bar" is not a slug: use lower-case letters, digits and single dashes, for example "foo-bar"`},
		{"bad slug, no hint", doc("---", "title: T", "slug: '---'", "---"), `story.md:3: slug: "---" is not a slug: use lower-case letters, digits and single dashes`},
		{"long slug", doc("---", "title: T", "slug: "+strings.Repeat("a", 81), "---"), `story.md:3: slug: "` + strings.Repeat("a", 81) + `" is longer than 80 bytes`},
		{"bad status", doc("---", "title: T", "status: live", "---"), `story.md:3: status must be "published" or "draft", not "live"`},
		{"section without letters", doc("---", "title: T", "section: '?'", "---"), `story.md:3: section name "?" has no letters or digits to make a URL from`},
		{"author too long", doc("---", "title: T", "author: "+strings.Repeat("a", 101), "---"), `story.md:3: author name "` + strings.Repeat("a", 101) + `" is longer than 100 characters`},
		{"source_url without source", doc("---", "title: T", "source_url: https://focus.ua/", "---"), "story.md:3: source_url needs a source: add the outlet's name as source"},
		{"source_url relative", doc("---", "title: T", "source: S", "source_url: focus.ua/x", "---"), `story.md:4: source_url: "focus.ua/x" is not an absolute http(s) URL (for example https://example.com/story)`},
		{"source_url javascript", doc("---", "title: T", "source: S", "source_url: 'javascript:alert(1)'", "---"), `story.md:4: source_url: "javascript:alert(1)" is not an absolute http(s) URL (for example https://example.com/story)`},
		{"source without letters", doc("---", "title: T", "source: '…'", "---"), `story.md:3: source name "…" has no letters or digits to make a URL from`},
		{"invalid UTF-8", "---\ntitle: T\n---\n\nok\nbad \xff here\n", "story.md:6: the file is not valid UTF-8 text (save it as UTF-8)"},
		{"too big", "---\ntitle: T\n---\n" + strings.Repeat("x", MaxSize), "story.md:1: the file is larger than 1 MiB (1048576 bytes); an article must be smaller"},
		{"front matter too big", "---\n" + strings.Repeat("# x\n", 20000) + "---\n", "story.md:2: the front matter is larger than 64 KiB"},
		{
			"deeply nested",
			"---\ntitle: T\nstandfirst: " + strings.Repeat("[", 60000) + "\n---\n",
			"story.md:3: the front matter is too long or too deeply nested (more than 1000 YAML tokens)",
		},
		{"multi-line value in message", doc("---", "title: T", "status: \"a\\nb\"", "---"), `story.md:3: status must be "published" or "draft", not "a\nb"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("story.md", strings.NewReader(tt.in), now)
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want error %q", a, tt.want)
			}
			var e *masthead.Error
			if !errors.As(err, &e) || e.Code != masthead.EINVALID {
				t.Fatalf("error %#v is not an EINVALID *masthead.Error", err)
			}
			if e.Message != tt.want {
				t.Errorf("message\n got: %s\nwant: %s", e.Message, tt.want)
			}
		})
	}
}

// errReader fails after its data, like a dropped network upload.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset\nby peer") }

func TestParseReadError(t *testing.T) {
	_, err := Parse("story.md", errReader{}, now)
	if got, want := masthead.ErrorMessage(err), "story.md:1: cannot read the file: connection reset by peer"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(doc("---", "title: T", "tags: [a, b]", "---", "body"))
	f.Add(doc("---", "title: T", "tags: 5", "published_at: 2024-02-27T10:00:00Z", "status: draft", "---"))
	f.Add(doc("---", "{title: T, slug: t, source: S, source_url: 'https://x.example/y'}", "---"))
	f.Add(doc("---", "title: &a x", "section: *a", "---"))
	f.Add(doc("---", "title: |", "  a", "standfirst: >", "  b", "---"))
	f.Add("---\n[[[[\n---\n")
	f.Add("---\ntitle: \xff\n---\n")
	if data, err := os.ReadFile(filepath.Join("testdata", "small.md")); err == nil {
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, in string) {
		a, err := Parse("f.md", strings.NewReader(in), now)
		if err != nil {
			var e *masthead.Error
			switch {
			case !errors.As(err, &e) || e.Code != masthead.EINVALID:
				t.Fatalf("error %#v is not an EINVALID *masthead.Error", err)
			case strings.ContainsAny(e.Message, "\r\n"):
				t.Fatalf("message has a line break: %q", e.Message)
			case !strings.HasPrefix(e.Message, "f.md:"):
				t.Fatalf("message does not start with the file name: %q", e.Message)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("Parse returned an article that fails Validate: %v", err)
		}
		if !utf8.ValidString(a.Body) {
			t.Fatalf("body is not UTF-8")
		}
	})
}
