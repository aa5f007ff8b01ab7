package extract

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// parseBody parses an HTML fragment as the body of a page.
func parseBody(t *testing.T, fragment string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<html><body>" + fragment + "</body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	return findElement(doc, "body")
}

func TestFurniture(t *testing.T) {
	h := hints{
		titles:      map[string]bool{normText("Council approves the new river bridge"): true},
		description: normText("The council voted seven to two for the crossing."),
		author:      normText("The Associated Press"),
	}
	const para = "<p>The city council on Monday approved a new bridge across the river, ending a decade of argument over the east bank.</p>"
	tests := []struct {
		name  string
		block string // one block, placed first in a body of four paragraphs
		rule  string // "" for body text
	}{
		{"paragraph", para, ""},
		{"headline", "<p>Council approves the new river bridge</p>", "headline"},
		{"any h1", "<h1>Breaking</h1>", "h1"},
		{"standfirst heading", "<h2>The council voted seven to two for the crossing.</h2>", "standfirst"},
		{"lede equal to description", "<p>The council voted seven to two for the crossing.</p>", ""},
		{"sub-heading", "<h2>Costs and timetable</h2>", ""},
		{"byline", "<p>By Jane Doe and Sam Okafor</p>", "byline"},
		{"byline in Portuguese", "<p>Por Clarissa Borba</p>", "byline"},
		{"declared author alone", "<p>The Associated Press</p>", "byline"},
		{"sentence starting with by", "<p>By then the council had voted.</p>", ""},
		{"dateline", "<p>Updated at 1:23 p.m. EST</p>", "dateline"},
		{"bare date", "<p>November 20, 2019 10:43</p>", "dateline"},
		{"numeric date and byline", "<p>11/19/2019 by Lars Brandle</p>", "dateline"},
		{"sentence with a date", "<p>On November 20, 2019 the council voted to build the bridge across the river despite the costs.</p>", ""},
		{"read more plug", `<p>Read more: <a href="/x">Ferry timetable announced</a></p>`, "plug"},
		{"sentence starting like a plug", "<p>Related to this, the council also voted on the budget for the coming year.</p>", ""},
		{"call to action", "<p>Sign up for our newsletter to get the news every morning.</p>", "call to action"},
		{"social plug", "<p>Have a tip? Reach her by email, and follow her on Twitter or Facebook.</p>", "social plug"},
		{"newsletter plug", "<p>Start your day with our morning briefing. The free newsletter lands in your inbox at six.</p>", "newsletter plug"},
		{"credit", "<p>Reporting by Jane Doe; editing by Sam Okafor</p>", "credit"},
		{"separator", "<p>___</p>", "separator"},
		{"ornament", "<p>* * *</p>", "separator"},
		{"comment form", "<div>Please enter your comment!</div>", "comment form"},
		{"comment form notice", "<p>Your email address will not be published. Required fields are marked *</p>", "comment form"},
		{"link-only item", `<ul><li><a href="/a">Storm closes the harbour road</a></li></ul>`, "links"},
		{"written-out address", `<p><a href="http://example.org/report.pdf">http://example.org/report.pdf</a></p>`, ""},
		{"paragraph with a link", `<p>The mayor <a href="/mayor">defended the plan</a> in a long speech to the council on Monday evening.</p>`, ""},
		{"ad label", "<div>ADVERTISEMENT</div>", "ad label"},
		{"ad label with a notice", "<p>Story continues below advertisement</p>", "ad label"},
		{"advertising as a label", "<p>Advertising</p>", "ad label"},
		{"sentence about an advertisement", "<p>The advertisement ran twice.</p>", ""},
		{"copyright", "<p>Copyright © 2019 Press TV. All rights reserved.</p>", "copyright"},
		{"copyright without the sign", "<p>Copyright 2019 The Gazette</p>", "copyright"},
		{"sentence about copyright", "<p>Copyright law was changed in 2019.</p>", ""},
		{"affiliate disclosure", "<p>This post may contain affiliate links. Please see my disclosure page.</p>", "affiliate disclosure"},
		{"script notice", "<p>This slideshow requires JavaScript.</p>", "script notice"},
		{"comment count", "<h3>12 Comments</h3>", "comment prompt"},
		{"comment invitation", "<p>Tell us what YOU think...</p>", "comment prompt"},
		{"sentence about comments", "<p>The comments were made on Monday.</p>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := parseBody(t, tt.block+para+para+para)
			blocks := leafBlocks(body)
			if len(blocks) == 0 {
				t.Fatal("no blocks")
			}
			if got := furniture(blocks, 0, h); got != tt.rule {
				t.Errorf("furniture(%q) = %q, want %q", blocks[0].text, got, tt.rule)
			}
		})
	}
}

func TestClutterName(t *testing.T) {
	tests := []struct {
		attr string
		want bool
	}{
		{"td-post-sharing td-post-sharing-top", true},
		{"comment-respond", true},
		{"wp-caption-text", true},
		{"related_posts", true},
		{"newsletter-signup-box", true},
		{"td-post-content tagdiv-type", false},
		{"entry-content", false},
		{"shared-story", false}, // whole words only
		{"commentary", false},
		{"header", false},
		{"sr-only", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := clutterName(tt.attr); got != tt.want {
			t.Errorf("clutterName(%q) = %v, want %v", tt.attr, got, tt.want)
		}
	}
}

// TestClutterKeepsArticle checks a name match never removes the element
// holding most of the page's prose, whatever its class says.
func TestClutterKeepsArticle(t *testing.T) {
	body := parseBody(t, `<div class="share"><a href="/f">Facebook</a></div>
		<article class="post author-jane has-comments">`+strings.Repeat("<p>Body text of the article, long enough to count.</p>", 5)+`</article>
		<div class="comments"><p>First!</p></div>`)
	removeClutter(body)
	text := textOf(body)
	if !strings.Contains(text, "Body text of the article") {
		t.Errorf("article removed: %q", text)
	}
	for _, gone := range []string{"Facebook", "First!"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q kept: %q", gone, text)
		}
	}
}

// TestBylineNamesDropped checks the byline names of the element kept as
// the article are taken off it, so that go-readability does not read
// "author-jane" as a byline and throw the article away.
func TestBylineNamesDropped(t *testing.T) {
	body := parseBody(t, `<article id="post-by-Author" class="post author-jane has-comments">`+strings.Repeat("<p>Body text of the article, long enough to count.</p>", 5)+`</article>`)
	removeClutter(body)
	article := findElement(body, "article")
	if article == nil {
		t.Fatal("article removed")
	}
	if got := attr(article, "class"); got != "post has-comments" {
		t.Errorf("class = %q, want %q", got, "post has-comments")
	}
	if got := attr(article, "id"); got != "" {
		t.Errorf("id = %q, want none", got)
	}
}

// TestTeasersRemoved checks that cards linking to another article by
// picture and headline go, and the article's own linked picture and
// headline stay.
func TestTeasersRemoved(t *testing.T) {
	const card = `<div class="card"><a href="/other-%d"><img src="/t%d.jpg"></a><h3><a href="/other-%d">Another story</a></h3><p>A summary of another story, in a sentence or two.</p></div>`
	var cards strings.Builder
	for i := range 3 {
		fmt.Fprintf(&cards, card, i, i, i)
	}
	body := parseBody(t, `<article><h1><a href="/story">The story</a></h1><a href="/story"><img src="/lead.jpg"></a>`+
		strings.Repeat("<p>Body text of the article, long enough to count as its prose.</p>", 8)+`</article>`+cards.String())
	removeClutter(body)
	text := textOf(body)
	if strings.Contains(text, "Another story") || strings.Contains(text, "A summary") {
		t.Errorf("teasers kept: %q", text)
	}
	if !strings.Contains(text, "The story") || findElement(body, "img") == nil {
		t.Errorf("the article's own headline or picture removed: %q", text)
	}
}

// TestPictureBoxRemoved checks a caption set as a paragraph beside its
// picture goes with the picture, and a paragraph about pictures stays.
func TestPictureBoxRemoved(t *testing.T) {
	body := parseBody(t, `<article><div class="image top"><img src="/a.jpg"><p>In this Dec. 12, 2006, file photo, astronauts work outside the station.</p></div>`+
		strings.Repeat("<p>Body text of the article, long enough to count as its prose.</p>", 5)+
		`<div class="photo-essay"><p>The photographs were taken over ten years.</p></div></article>`)
	removeClutter(body)
	text := textOf(body)
	if strings.Contains(text, "file photo") {
		t.Errorf("caption kept: %q", text)
	}
	if !strings.Contains(text, "taken over ten years") {
		t.Errorf("text without a picture removed: %q", text)
	}
}

func TestContainsWords(t *testing.T) {
	tests := []struct {
		norm, s string
		prefix  bool
		want    bool
	}{
		{"sign up today", "sign up", false, true},
		{"please sign up", "sign up", false, true},
		{"design updates", "sign up", false, false},
		{"subscribers only", "subscrib", true, true},
		{"unsubscribe here", "subscrib", true, false},
		{"follow follower", "follower", false, true},
		{"", "a", false, false},
	}
	for _, tt := range tests {
		if got := containsWords(tt.norm, tt.s, tt.prefix); got != tt.want {
			t.Errorf("containsWords(%q, %q, %v) = %v, want %v", tt.norm, tt.s, tt.prefix, got, tt.want)
		}
	}
}

func TestNameWords(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"post-shareBar_top", "post share bar top"},
		{"newsCaption", "news caption"},
		{"td-post-sharing", "td post sharing"},
		{"HTMLTitle", "htmltitle"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(nameWords(tt.in), " "); got != tt.want {
			t.Errorf("nameWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFilterBlocks checks the rules that look at more than one block.
func TestFilterBlocks(t *testing.T) {
	const p1 = "<p>The city council on Monday approved a new bridge across the river, ending a decade of argument.</p>"
	const p2 = "<p>Councillors voted seven to two for the crossing, which will carry buses, bicycles and pedestrians.</p>"
	tests := []struct {
		name, in, want string
	}{
		{
			name: "recirculation tail",
			in:   p1 + p2 + `<h3>More stories</h3><ul><li><a href="/a">Storm closes the road</a></li><li>School fees <a href="/b">to rise in autumn</a></li></ul>`,
			want: "The city council on Monday approved a new bridge across the river, ending a decade of argument.\n\nCouncillors voted seven to two for the crossing, which will carry buses, bicycles and pedestrians.",
		},
		{
			name: "a heading like a recirculation label, followed by prose",
			in:   p1 + p2 + "<h3>More from the meeting</h3>" + p1,
			want: "The city council on Monday approved a new bridge across the river, ending a decade of argument.\n\nCouncillors voted seven to two for the crossing, which will carry buses, bicycles and pedestrians.\n\nMore from the meeting\n\nThe city council on Monday approved a new bridge across the river, ending a decade of argument.",
		},
		{
			name: "labelled links",
			in:   p1 + `<p><strong>DON'T MISS</strong></p><p><a href="/a">Storm closes the harbour road for the whole winter</a> [VIDEO] <a href="/b">School fees to rise in autumn as the budget is cut</a></p>` + p2,
			want: "The city council on Monday approved a new bridge across the river, ending a decade of argument.\n\nCouncillors voted seven to two for the crossing, which will carry buses, bicycles and pedestrians.",
		},
		{
			name: "orphan heading at the end",
			in:   p1 + p2 + "<h2>Share this article</h2>",
			want: "The city council on Monday approved a new bridge across the river, ending a decade of argument.\n\nCouncillors voted seven to two for the crossing, which will carry buses, bicycles and pedestrians.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := parseBody(t, tt.in)
			filterBlocks(body, hints{titles: map[string]bool{}})
			if got := plainText(body); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestInlineCardRemoved(t *testing.T) {
	body := parseBody(t, `<article><p>A man threatened Rep. <span class="person"><a href="/p/omar">Ilhan Omar</a><span class="card"><img src="/omar.jpg"><a href="/p/omar">Ilhan Omar</a><a href="/s/1">Omar asks court for compassion</a> <a href="/p/omar">MORE</a></span></span> (D-Minn.), prosecutors said on Monday after a long investigation.</p></article>`)
	removeClutter(body)
	want := "A man threatened Rep. Ilhan Omar (D-Minn.), prosecutors said on Monday after a long investigation."
	if got := textOf(body); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
