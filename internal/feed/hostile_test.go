package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// hostileStrings are inputs an attacker or a broken upstream could supply.
var hostileStrings = []string{
	"",
	"\x00\x01\x08\x0b\x0c\x1f\x7f control",
	"bad utf8 \xff\xfe\xc3\x28 \xed\xa0\x80 surrogate",
	"noncharacters \ufffe\uffff",
	"]]> <![CDATA[ x ]]> ]]>",
	`<script>alert("x")</script> & &amp; &#0; &bogus;`,
	"line\r\nbreaks\rand\ttabs\n",
	"\u2028\u2029 \U0001F5DE",
	`"quotes" 'apos' <!-- comment --> <?pi ?>`,
	"mixed \x00<]]>&\xff\x1b\ufffe end",
}

// hostileFeed puts s in every string field and hostile times in every date.
// With huge set each string is repeated to 64 KiB, far beyond any real
// field (kept at that size so the race-enabled run stays quick).
func hostileFeed(s string, huge bool) *Feed {
	if huge {
		s = strings.Repeat(s+"x", 1<<16/(len(s)+1))
	}
	it := Item{
		ID: s, URL: s, Title: s, Summary: s, ContentHTML: s, Author: s,
		Categories: []string{s, "", s},
		Published:  time.Date(-300, 1, 1, 0, 0, 0, 0, time.UTC),
		Updated:    time.Date(12000, 1, 1, 0, 0, 0, 0, time.FixedZone("odd", -37)),
		SourceName: s, SourceURL: s,
	}
	return &Feed{
		Title: s, Description: s, Language: s, HomeURL: s, FeedURL: s,
		Items: []Item{it, {Title: s}, it},
	}
}

// knownElements are the only element names the encoders produce; anything
// else in the output would mean input leaked into markup.
var knownElements = map[string]bool{
	// RSS
	"rss": true, "channel": true, "title": true, "link": true, "description": true,
	"language": true, "lastBuildDate": true, "item": true, "encoded": true,
	"creator": true, "category": true, "guid": true, "pubDate": true, "source": true,
	// Atom
	"feed": true, "id": true, "subtitle": true, "updated": true, "author": true,
	"name": true, "entry": true, "published": true, "summary": true, "content": true,
}

// checkXML decodes doc token by token to EOF with the strict decoder, which
// rejects malformed markup and characters outside XML 1.0.
func checkXML(t testing.TB, doc []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("output is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && !knownElements[se.Name.Local] {
			t.Fatalf("unexpected element %q in output", se.Name.Local)
		}
	}
}

// checkJSON requires doc to be a valid JSON object.
func checkJSON(t testing.TB, doc []byte) {
	t.Helper()
	if !json.Valid(doc) {
		t.Fatalf("output is not valid JSON")
	}
}

// checkTitle decodes the feed title back out of each format and compares it
// with the cleaned input, so cleaning never loses more than it must.
func checkTitle(t testing.TB, format string, doc []byte, title string) {
	t.Helper()
	var got string
	switch format {
	case "rss":
		var v struct {
			Title string `xml:"channel>title"`
		}
		if err := xml.Unmarshal(doc, &v); err != nil {
			t.Fatalf("unmarshal rss: %v", err)
		}
		got = v.Title
	case "atom":
		var v struct {
			Title string `xml:"title"`
		}
		if err := xml.Unmarshal(doc, &v); err != nil {
			t.Fatalf("unmarshal atom: %v", err)
		}
		got = v.Title
	case "json":
		var v struct {
			Title string `json:"title"`
		}
		if err := json.Unmarshal(doc, &v); err != nil {
			t.Fatalf("unmarshal json: %v", err)
		}
		got = v.Title
	}
	if want := cleanText(title); got != want {
		t.Errorf("%s title round trip = %q, want %q", format, got, want)
	}
}

// checkAll renders f in every format and applies the invariants.
func checkAll(t testing.TB, f *Feed) {
	t.Helper()
	for _, tc := range formats {
		var buf bytes.Buffer
		if err := tc.write(&buf, f); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		doc := buf.Bytes()
		if tc.name == "json" {
			checkJSON(t, doc)
		} else {
			checkXML(t, doc)
		}
		checkTitle(t, tc.name, doc, f.Title)
	}
}

func TestHostileInput(t *testing.T) {
	for _, s := range hostileStrings {
		t.Run("", func(t *testing.T) { checkAll(t, hostileFeed(s, false)) })
	}
	t.Run("huge", func(t *testing.T) {
		checkAll(t, hostileFeed(hostileStrings[len(hostileStrings)-1], true))
	})
}

func TestHostileMarkupStaysText(t *testing.T) {
	s := `<script>alert(1)</script>]]>`
	for _, tc := range formats[:2] {
		doc := string(render(t, tc.write, hostileFeed(s, false)))
		if strings.Contains(doc, "<script") || strings.Contains(doc, "]]>") {
			t.Errorf("%s: raw markup from input leaked into output", tc.name)
		}
	}
}

func FuzzWrite(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s, s, s, int64(0))
	}
	f.Add("Title", "<p>body</p>", "https://example.com/a", int64(1714638600))
	f.Fuzz(func(t *testing.T, title, body, link string, sec int64) {
		when := time.Unix(sec, 0)
		feed := &Feed{
			Title: title, Description: body, Language: title,
			HomeURL: link, FeedURL: link, Updated: when,
			Items: []Item{
				{
					ID: link, URL: link, Title: title, Summary: body,
					ContentHTML: body, Author: title, Categories: []string{title, body},
					Published: when, Updated: when.Add(time.Hour),
					SourceName: title, SourceURL: link,
				},
				{Title: body},
			},
		}
		checkAll(t, feed)
	})
}
