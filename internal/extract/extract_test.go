package extract

import (
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// extractFile runs Extract on a page under testdata.
func extractFile(t *testing.T, name string, opt Options) Result {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Extract(f, opt)
	if err != nil {
		t.Fatalf("Extract(%s): %v", name, err)
	}
	return r
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestBodyKeptClutterGone checks a WordPress-style news page: every part
// of the article survives, and none of the furniture around it does.
func TestBodyKeptClutterGone(t *testing.T) {
	r := extractFile(t, "wordpress.html", Options{URL: mustURL(t, "https://gazette.example/news/bridge/")})

	kept := []string{
		"The city council on Monday approved a new bridge across the river",
		"Councillors voted seven to two for the crossing",
		"“This is the most important decision this council will take for a generation,”",
		"Costs and timetable", // a sub-heading is body text
		"building the two piers and the deck over the following summer,",
		"We are not against a bridge.",
		"residents will have six weeks to comment on it before the contracts are signed.",
	}
	gone := []string{
		"Please enter your comment", "Please enter your name here", "LEAVE A REPLY",
		"Post Comment", "Save my name",
		"Council approves the new river bridge",    // the headline
		"By Jane Doe", "November 18, 2019", "1532", // byline, dateline, view count
		"Facebook", "Twitter", "Share on", // share rows
		"artist's impression", "Harbour Design Studio", // caption and credit
		"Advertisement",
		"Sign up for our free morning newsletter", "Get the Gazette in your inbox",
		"RELATED ARTICLES", "Winter ferry timetable", "Survey finds cracks",
		"TAGS", "covers the city council and local politics", // tags, author box
		"Most read", "Storm closes the harbour road", // sidebar
		"About us", "Obituaries", "Home", // navigation, breadcrumb
		"independent newspaper of the river towns", "All rights reserved", // footer
	}
	for _, out := range []struct{ name, s string }{{"Text", r.Text}, {"HTML", r.HTML}} {
		for _, k := range kept {
			if !strings.Contains(out.s, k) {
				t.Errorf("%s lacks %q", out.name, k)
			}
		}
		for _, g := range gone {
			if strings.Contains(out.s, g) {
				t.Errorf("%s still has %q", out.name, g)
			}
		}
	}
	if strings.Contains(r.Text, "\n\n\n") || strings.HasPrefix(r.Text, "\n") {
		t.Errorf("Text paragraphs not separated by exactly one blank line:\n%s", r.Text)
	}
	for _, tag := range []string{"<h2>", "<ul>", "<li>", "<blockquote>"} {
		if !strings.Contains(r.HTML, tag) {
			t.Errorf("HTML lacks %s:\n%s", tag, r.HTML)
		}
	}
	if strings.Contains(r.HTML, "<script") || strings.Contains(r.HTML, "<form") || strings.Contains(r.HTML, "class=") {
		t.Errorf("HTML not sanitised:\n%s", r.HTML)
	}
}

func TestMetadata(t *testing.T) {
	tests := []struct {
		file      string
		url       string
		title     string
		author    string
		published time.Time
		image     string
	}{
		{
			// meta tags; the og:image is relative and must be resolved
			file:      "wordpress.html",
			url:       "https://gazette.example/news/bridge/",
			title:     "Council approves the new river bridge",
			author:    "Jane Doe",
			published: time.Date(2019, 11, 18, 23, 4, 0, 0, time.UTC),
			image:     "https://gazette.example/wp-content/uploads/2019/11/bridge-render.jpg",
		},
		{
			// JSON-LD only, inside an @graph, author and image as objects
			file:      "jsonld.html",
			title:     "Harbour reopens after storm",
			author:    "Sam Okafor",
			published: time.Date(2021, 3, 4, 8, 30, 0, 0, time.UTC),
			image:     "https://cdn.courier.example/harbour.jpg",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var u *url.URL
			if tt.url != "" {
				u = mustURL(t, tt.url)
			}
			r := extractFile(t, tt.file, Options{URL: u})
			if r.Title != tt.title {
				t.Errorf("Title = %q, want %q", r.Title, tt.title)
			}
			if r.Author != tt.author {
				t.Errorf("Author = %q, want %q", r.Author, tt.author)
			}
			if !r.Published.Equal(tt.published) {
				t.Errorf("Published = %v, want %v", r.Published, tt.published)
			}
			if r.Image != tt.image {
				t.Errorf("Image = %q, want %q", r.Image, tt.image)
			}
		})
	}
}

func TestSelector(t *testing.T) {
	tests := []struct {
		name     string
		selector string
		want     []string
		notWant  []string
	}{
		{
			name:     "matches: the selection is the body",
			selector: ".letter-text",
			want:     []string{"library closed two days a week", "night service was cut"},
			notWant:  []string{"Our readers write to us", "Letters may be shortened"},
		},
		{
			name:     "nested matches appear once",
			selector: "#wrap .letter-text, .letter-text p",
			want:     []string{"library closed two days a week", "night service was cut"},
			notWant:  []string{"Our readers write to us"},
		},
		{
			name:     "no match: automatic extraction",
			selector: ".no-such-class",
			want:     []string{"Our readers write to us", "library closed two days a week"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractFile(t, "selector.html", Options{Selector: tt.selector})
			for _, w := range tt.want {
				if !strings.Contains(r.Text, w) {
					t.Errorf("Text lacks %q:\n%s", w, r.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.Text, w) {
					t.Errorf("Text has %q:\n%s", w, r.Text)
				}
			}
			if c := strings.Count(r.Text, "library closed"); c != 1 {
				t.Errorf("selected text appears %d times, want 1", c)
			}
		})
	}
}

func TestSelectorInvalid(t *testing.T) {
	_, err := Extract(strings.NewReader("<p>text</p>"), Options{Selector: "div[["})
	if err == nil || errors.Is(err, ErrNoBody) {
		t.Fatalf("err = %v, want a selector error", err)
	}
}

// TestCommentFormWithoutMarkup checks the stock phrases of a comment form
// go even when nothing in the markup says it is one.
func TestCommentFormWithoutMarkup(t *testing.T) {
	in := page("", story+`<div class="box"><h3>LEAVE A REPLY</h3><div>Please enter your comment!</div><div>Please enter your name here</div><div>You have entered an incorrect email address!</div></div>`)
	r, err := Extract(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Please enter your comment", "Please enter your name", "LEAVE A REPLY", "incorrect email"} {
		if strings.Contains(r.Text, s) || strings.Contains(r.HTML, s) {
			t.Errorf("%q survived:\n%s", s, r.Text)
		}
	}
	if !strings.Contains(r.Text, "every twenty minutes") {
		t.Errorf("body lost:\n%s", r.Text)
	}
}
