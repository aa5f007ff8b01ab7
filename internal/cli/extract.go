package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/extract"
	"github.com/masthead-news/masthead/internal/fetch"
)

// runExtract runs `masthead extract FILE|URL [--json]`: the article found
// in a page, as the importer would take it.
func runExtract(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	var (
		asJSON   bool
		selector string
		pageURL  string
	)
	fs := newFlagSet(env, "extract", "[flags] FILE|URL",
		"Prints the article in a web page (a file, - for standard input, or an http(s) URL) as plain text,\n"+
			"paragraphs separated by blank lines; --json prints title, author, date, image, text and html.")
	fs.BoolVar(&asJSON, "json", false, "print the whole result as JSON")
	fs.StringVar(&selector, "selector", "", "CSS selector of the article body, instead of finding it")
	fs.StringVar(&pageURL, "url", "", "the page's address, for resolving a file's relative links")
	b := config.NewBinder(fs)
	b.Data(&cfg)
	b.Fetch(&cfg)
	if err := parseFlags(b, &cfg, args, env); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want one FILE or URL", errUsage)
	}
	src := fs.Arg(0)
	var (
		page  []byte
		ctype string
		err   error
	)
	switch {
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		client, cerr := fetch.New(fetch.Options{UserAgent: userAgent(cfg.SiteURL(cfg.Addr)), AllowPrivate: cfg.AllowPrivateFetch})
		if cerr != nil {
			return cerr
		}
		resp, ferr := client.Get(ctx, fetch.Request{URL: src, Accept: "text/html"})
		if ferr != nil {
			return masthead.Errorf(masthead.EINVALID, "%v", ferr)
		}
		page, ctype, pageURL = resp.Body, resp.ContentType, resp.URL
	case src == "-":
		page, err = io.ReadAll(io.LimitReader(env.Stdin, extract.MaxPageSize+1))
	default:
		page, err = os.ReadFile(src)
	}
	if err != nil {
		return masthead.Errorf(masthead.EINVALID, "%s: cannot read: %v", src, unwrapPathError(err))
	}
	opt := extract.Options{Selector: selector, ContentType: ctype}
	if pageURL != "" {
		if opt.URL, err = url.Parse(pageURL); err != nil {
			return fmt.Errorf("%w: --url %q: %v", errUsage, pageURL, err)
		}
	}
	res, err := extract.Extract(bytes.NewReader(page), opt)
	if err != nil {
		return masthead.Errorf(masthead.EINVALID, "%s: %v", src, err)
	}
	if !asJSON {
		fmt.Fprintln(env.Stdout, res.Text)
		return nil
	}
	out := struct {
		Title  string     `json:"title"`
		Author string     `json:"author"`
		Date   *time.Time `json:"date"`
		Image  string     `json:"image"`
		Text   string     `json:"text"`
		HTML   string     `json:"html"`
	}{Title: res.Title, Author: res.Author, Image: res.Image, Text: res.Text, HTML: res.HTML}
	if !res.Published.IsZero() {
		out.Date = &res.Published
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
