// Package extract turns an article web page into the article: title,
// author, publication date, lead image and body, the body both as plain
// text and as sanitised HTML. The page is untrusted input: its size is
// capped, its charset honoured, broken markup tolerated.
//
// The page is parsed once. The furniture of news sites (navigation, share
// rows, bylines, captions, related links, teasers, comment forms...) is
// taken out of that tree by its markup, go-readability finds the body in
// what is left, and what it keeps is then filtered block by block, by its
// text, for the furniture it let through.
package extract

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// ErrNoBody is returned when a page has no body text to extract. The
// Result still carries whatever metadata the page had.
var ErrNoBody = errors.New("extract: no article text found")

// Options tunes one extraction.
type Options struct {
	// URL is the page's address, for resolving relative links. May be nil.
	URL *url.URL
	// Selector, when set, is a CSS selector chosen by an editor for a
	// source whose pages the automatic extraction gets wrong. If it
	// matches, the matched elements are the body.
	Selector string
	// ContentType is the Content-Type header the page was served with,
	// if known; its charset parameter wins over the page's own.
	ContentType string
}

// Result is the article found in a page.
type Result struct {
	Title     string
	Author    string
	Published time.Time // zero when unknown
	Image     string    // absolute URL of the lead image, "" when none
	Text      string    // the body as plain text, paragraphs separated by one blank line
	HTML      string    // the body as HTML, sanitised by markup.Sanitize
}

// Extract reads an article page and returns the article in it. It fails on
// pages larger than MaxPageSize (ErrTooLarge), with more elements than any
// article page has (ErrTooComplex), on a Selector that is not valid CSS,
// and when it finds no body text at all (ErrNoBody).
func Extract(page io.Reader, opt Options) (Result, error) {
	raw, err := readPage(page, opt.ContentType)
	if err != nil {
		return Result{}, err
	}
	doc, err := parse(raw)
	if err != nil {
		return Result{}, err
	}
	h := pageHints(doc)
	declared := declaredMeta(doc)
	h.author = normText(declared.author)
	base := baseURL(doc, opt.URL)
	opt.URL = base
	body, m, err := extractBody(doc, opt)
	if err != nil {
		return Result{}, err
	}
	m = m.merge(declared)
	res := Result{
		Title:     clean(m.title),
		Author:    clean(m.author),
		Published: m.published,
		Image:     absoluteURL(m.image, base),
	}
	if body == nil {
		return res, ErrNoBody
	}
	_ = filterBlocks(body, h)
	res.Text = plainText(body)
	if res.Text == "" {
		return res, ErrNoBody
	}
	resolveLinks(body, base)
	res.HTML = bodyHTML(body)
	return res, nil
}

// extractBody finds the body with the editor's selector if there is one and
// it matches, else automatically, and takes the furniture out of it.
func extractBody(doc *html.Node, opt Options) (*html.Node, meta, error) {
	var picked *html.Node
	if opt.Selector != "" {
		sel, err := cascadia.Compile(opt.Selector)
		if err != nil {
			return nil, meta{}, fmt.Errorf("extract: selector %q: %w", opt.Selector, err)
		}
		picked = selectBody(doc, sel)
	}
	if b := findElement(doc, "body"); b != nil {
		removeClutter(b)
	}
	// Run even when the editor's selector matched: it finds the title
	// and author as well.
	body, m := findBody(doc, opt.URL)
	if picked != nil {
		removeClutter(picked)
		body = picked
	}
	return body, m, nil
}

// clean collapses the white space of a metadata string and repairs invalid
// UTF-8.
func clean(s string) string {
	return strings.ToValidUTF8(strings.Join(strings.Fields(s), " "), "\uFFFD")
}
