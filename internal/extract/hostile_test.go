package extract

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// story is article text long enough for the extractors to take as a body.
const story = `<p>The ferry service across the estuary will run every twenty minutes from next week, the operator said on Tuesday, after a winter of complaints about crowded boats and missed connections.</p>
<p>Passengers had waited up to an hour at the southern pier during the storms in January, when one of the two vessels was out of service for repairs to its engine and steering gear.</p>
<p>The operator said a third vessel, leased from a company in the north, would stay on the route until the end of the summer while the older boats were refitted one after the other.</p>`

// page wraps body in a minimal document with the given head.
func page(head, body string) string {
	return "<!DOCTYPE html><html><head>" + head + "</head><body><article>" + body + "</article></body></html>"
}

// endless is a reader that never ends, to show Extract stops reading.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func TestHostileInput(t *testing.T) {
	tests := []struct {
		name    string
		in      io.Reader
		opt     Options
		wantErr error  // nil: must succeed
		anyErr  bool   // an error is acceptable, a panic or hang is not
		want    string // text the body must hold
	}{
		{name: "endless input", in: endless{}, wantErr: ErrTooLarge},
		{name: "just over the cap", in: strings.NewReader(strings.Repeat("a", MaxPageSize+1)), wantErr: ErrTooLarge},
		{name: "empty", in: strings.NewReader(""), wantErr: ErrNoBody},
		{name: "no text", in: strings.NewReader(page("", "<div><img src=x></div>")), wantErr: ErrNoBody},
		{
			name: "nested deeper than the parser allows",
			in:   strings.NewReader(page("", strings.Repeat("<div>", 30_000)+story+strings.Repeat("</div>", 30_000))),
			want: "every twenty minutes",
		},
		{
			name: "deep unclosed inline formatting",
			in:   strings.NewReader(page("", strings.Repeat("<b><i><span>", 20_000)+story)),
			want: "every twenty minutes",
		},
		{name: "too many elements", in: strings.NewReader(page("", story+strings.Repeat("<i></i>", maxElements))), wantErr: ErrTooComplex},
		{name: "tag soup the parser is slow on", in: strings.NewReader(strings.Repeat("<p><b>", MaxPageSize/6)), wantErr: ErrTooComplex},
		{
			name: "broken markup",
			in: strings.NewReader(`<html><body><article><p>The ferry service across the estuary will run every twenty minutes
				<div><p>from next week <table><td>the operator said</b></i></span></article>` + story + `<p unclosed="`),
			want: "every twenty minutes",
		},
		{
			name: "invalid UTF-8 in a UTF-8 page",
			in:   strings.NewReader(page(`<meta charset="utf-8">`, story+"<p>caf\xe9 \xff\xfe cr\xc3\xa8me, the ferry operator said again about the boats and the piers and the winter storms.</p>")),
			want: "every twenty minutes",
		},
		{
			name: "teaser rows nested deep",
			in:   strings.NewReader(page("", strings.Repeat(`<div><a href="/x"><img src="a.jpg"></a><a href="/x">More</a>`, 20_000)+story)),
			want: "every twenty minutes",
		},
		{
			name: "thousands of teasers to one address",
			in:   strings.NewReader(page("", story+strings.Repeat(`<div><a href="/x"><img src="a.jpg"></a><h3><a href="/x">More</a></h3></div>`, 8_000))),
			want: "every twenty minutes",
		},
		{
			name:   "binary garbage",
			in:     bytes.NewReader(bytes.Repeat([]byte{0, 0xff, '<', 0x80, '>', 0xc3}, 10_000)),
			anyErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Extract(tt.in, tt.opt)
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			case tt.anyErr:
			case err != nil:
				t.Fatalf("err = %v", err)
			}
			if !strings.Contains(r.Text, tt.want) {
				t.Errorf("Text lacks %q:\n%.300s", tt.want, r.Text)
			}
			if !utf8.ValidString(r.Text) || !utf8.ValidString(r.HTML) || !utf8.ValidString(r.Title) {
				t.Errorf("output is not valid UTF-8")
			}
		})
	}
}

func encode(t *testing.T, e encoding.Encoding, s string) string {
	t.Helper()
	b, err := e.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCharset checks the page's declared charset is honoured, wherever it
// is declared.
func TestCharset(t *testing.T) {
	const latin = "<p>Le café de la gare ouvrira à nouveau en été, après des années de fermeture et de travaux, ont annoncé les élus réunis jeudi soir à la mairie.</p>"
	const cyrillic = "<p>Паром через залив будет ходить каждые двадцать минут со следующей недели, сообщил оператор во вторник после зимы жалоб.</p>"
	longHead := "<title>t</title>" + strings.Repeat("<link rel=preload href=/a.css>", 60) // pushes the meta past 1024 bytes
	tests := []struct {
		name        string
		page        string
		contentType string
		want        string
	}{
		{"meta charset", encode(t, charmap.ISO8859_1, page(`<meta charset="iso-8859-1">`, story+latin)), "", "Le café de la gare"},
		{"http-equiv", encode(t, charmap.Windows1252, page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`, story+latin)), "", "ouvrira à nouveau en été"},
		{"meta past the first 1024 bytes", encode(t, charmap.Windows1251, page(longHead+`<META CHARSET="windows-1251">`, story+cyrillic)), "", "Паром через залив"},
		{"Content-Type header wins", encode(t, charmap.Windows1251, page("", story+cyrillic)), "text/html; charset=windows-1251", "каждые двадцать минут"},
		{"undeclared UTF-8", page("", story+latin), "", "Le café de la gare"},
		{"undeclared legacy bytes", encode(t, charmap.Windows1252, page("", story+latin)), "", "Le café de la gare"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Extract(strings.NewReader(tt.page), Options{ContentType: tt.contentType})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Text, tt.want) {
				t.Errorf("Text lacks %q:\n%s", tt.want, r.Text)
			}
		})
	}
}
