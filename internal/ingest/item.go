package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/extract"
	"github.com/masthead-news/masthead/internal/feedread"
	"github.com/masthead-news/masthead/internal/fetch"
	"github.com/masthead-news/masthead/internal/fingerprint"
	"github.com/masthead-news/masthead/internal/markup"
	"github.com/masthead-news/masthead/internal/slug"
	"github.com/masthead-news/masthead/internal/urlnorm"
)

// outcome is what became of one item: a new article, a report on an earlier
// one, or neither (skipped).
type outcome struct {
	article *masthead.Article
	report  bool
}

// standfirstLen bounds a standfirst made from a feed's summary.
const standfirstLen = 300

const pageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"

// importItem imports one feed item unless it was imported before, the
// source's keywords filter it out, or it is a near-duplicate of an article
// the site has, which gets a report instead.
func (in *Ingester) importItem(ctx context.Context, c *masthead.SourceConfig, item *feedread.Item) (outcome, error) {
	if item.URL == "" {
		return outcome{}, nil // nothing to attribute it to
	}
	key, err := urlnorm.Normalize(item.URL, nil)
	if err != nil {
		return outcome{}, fmt.Errorf("item %q: %w", item.URL, err)
	}
	if done, err := in.store.ItemImported(ctx, key); err != nil || done {
		return outcome{}, err
	}
	summary := plainText(item.Summary)
	if !wanted(item.Title+"\n"+summary, c.Include, c.Exclude) {
		return outcome{}, nil
	}

	body, err := in.body(ctx, c, item)
	if err != nil {
		return outcome{}, fmt.Errorf("item %q: %w", item.URL, err)
	}
	fp := uint64(fingerprint.Of(body.Text))
	if first, err := in.nearDuplicate(ctx, fp); err != nil {
		return outcome{}, err
	} else if first != nil {
		return in.report(ctx, c, item, key, first)
	}

	a := in.article(c, item, body, summary)
	if a.Title == "" {
		return outcome{}, fmt.Errorf("item %q has no title", item.URL)
	}
	if err := in.save(ctx, a, masthead.ImportedItem{URL: key, Fingerprint: fp}); err != nil {
		return outcome{}, err
	}
	return outcome{article: a}, nil
}

// body is the item's article: extracted from its page when the source asks
// for full text, else (or when extraction finds nothing) the feed's own
// content.
func (in *Ingester) body(ctx context.Context, c *masthead.SourceConfig, item *feedread.Item) (extract.Result, error) {
	if c.FullText {
		res, err := in.extractPage(ctx, c, item.URL)
		if err == nil {
			return res, nil
		}
		if item.Content == "" && item.Summary == "" {
			return extract.Result{}, err
		}
		in.log.Info("full text not extracted; keeping the feed's content", "item", item.URL, "err", err)
	}
	content := item.Content
	if strings.TrimSpace(plainText(content)) == "" {
		content = item.Summary
	}
	html := markup.Sanitize(content)
	text := plainText(html)
	if text == "" {
		return extract.Result{}, errors.New("the feed gives no text and full text is off")
	}
	return extract.Result{HTML: html, Text: text}, nil
}

func (in *Ingester) extractPage(ctx context.Context, c *masthead.SourceConfig, pageURL string) (extract.Result, error) {
	resp, err := in.fetch.Get(ctx, fetch.Request{URL: pageURL, Accept: pageAccept})
	if err != nil {
		return extract.Result{}, err
	}
	u, err := url.Parse(resp.URL)
	if err != nil {
		return extract.Result{}, err
	}
	return extract.Extract(bytes.NewReader(resp.Body), extract.Options{URL: u, Selector: c.Selector, ContentType: resp.ContentType})
}

// nearDuplicate returns the earliest article whose text is a near-duplicate
// of a text with fingerprint fp, or nil.
func (in *Ingester) nearDuplicate(ctx context.Context, fp uint64) (*masthead.Article, error) {
	cands, err := in.store.FingerprintCandidates(ctx, fp)
	if err != nil {
		return nil, err
	}
	for _, cand := range cands { // by article ID: the first copy first
		if fingerprint.Near(fingerprint.Fingerprint(fp), fingerprint.Fingerprint(cand.Fingerprint)) {
			return in.store.Article(ctx, cand.ArticleID)
		}
	}
	return nil, nil
}

// report links a near-duplicate item to the article the site has. The
// article's own source re-publishing it under a new address is only
// recorded, so it is not imported again.
func (in *Ingester) report(ctx context.Context, c *masthead.SourceConfig, item *feedread.Item, key string, first *masthead.Article) (outcome, error) {
	var r *masthead.Report
	if first.Source == nil || first.Source.Slug != c.Source.Slug {
		r = &masthead.Report{Source: c.Source, URL: item.URL, Title: item.Title, SeenAt: in.now()}
	}
	err := in.store.AddReport(ctx, first.ID, r, masthead.ImportedItem{URL: key})
	if masthead.ErrorCode(err) == masthead.ECONFLICT {
		return outcome{}, nil // imported meanwhile by another poll
	} else if err != nil {
		return outcome{}, err
	}
	return outcome{report: r != nil}, nil
}

// article builds the article for an item with attribution to its source.
func (in *Ingester) article(c *masthead.SourceConfig, item *feedread.Item, body extract.Result, summary string) *masthead.Article {
	now := in.now()
	title := item.Title
	if title == "" {
		title = body.Title
	}
	title = shorten(title, masthead.MaxTitleLen)
	src := c.Source
	a := &masthead.Article{
		Title:       title,
		Body:        body.Text,
		BodyHTML:    body.HTML,
		Source:      &src,
		SourceURL:   item.URL,
		Status:      masthead.StatusDraft,
		PublishedAt: item.Published,
	}
	if c.Mode == masthead.ImportPublish {
		a.Status = masthead.StatusPublished
	}
	// A feed's summary makes the standfirst unless it is only the start of
	// the body, as it often is.
	if summary != "" && !strings.HasPrefix(strings.Join(strings.Fields(body.Text), " "), strings.Join(strings.Fields(strings.TrimSuffix(summary, "…")), " ")) {
		a.Standfirst = shorten(summary, standfirstLen)
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = body.Published
	}
	if a.PublishedAt.IsZero() || a.PublishedAt.After(now) {
		a.PublishedAt = now
	}
	if img := firstNonEmpty(item.Image, body.Image); httpURL(img) && len(img) <= 2000 {
		a.ImageURL = img
	}
	if name := shorten(firstNonEmpty(item.Author, body.Author), masthead.MaxNameLen); slug.Make(name) != "" {
		a.Author = &masthead.Author{Name: name, Slug: slug.Make(name)}
	}
	if c.Section != "" {
		a.Section = &masthead.Section{Name: c.Section, Slug: slug.Make(c.Section)}
	}
	a.Tags = tags(append(append([]string(nil), c.Tags...), item.Categories...))
	return a
}

// tags makes article tags of names, dropping ones that are empty, too long
// or repeated, up to the most an article may have.
func tags(names []string) []masthead.Tag {
	var out []masthead.Tag
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.Join(strings.Fields(n), " ")
		s := slug.Make(n)
		if s == "" || seen[s] || utf8.RuneCountInString(n) > masthead.MaxNameLen || len(s) > masthead.MaxSlugLen {
			continue
		}
		seen[s] = true
		out = append(out, masthead.Tag{Name: n, Slug: s})
		if len(out) == masthead.MaxTags {
			break
		}
	}
	return out
}

// save imports the article under a free slug: its title's, or that with a
// number added when another article has it.
func (in *Ingester) save(ctx context.Context, a *masthead.Article, item masthead.ImportedItem) error {
	base := slug.Make(a.Title)
	if base == "" {
		base = "story"
	}
	base = strings.Trim(base[:min(len(base), masthead.MaxSlugLen-6)], "-")
	for n := 1; n <= 50; n++ {
		a.Slug = base
		if n > 1 {
			a.Slug = fmt.Sprintf("%s-%d", base, n)
		}
		if _, err := in.store.ArticleBySlug(ctx, a.Slug); masthead.ErrorCode(err) != masthead.ENOTFOUND {
			if err != nil {
				return err
			}
			continue // taken
		}
		err := in.store.ImportArticle(ctx, a, item)
		if masthead.ErrorCode(err) != masthead.ECONFLICT {
			return err
		}
		// Taken meanwhile, or the item imported by another poll.
		if done, ierr := in.store.ItemImported(ctx, item.URL); ierr != nil || done {
			return ierr
		}
	}
	return fmt.Errorf("no free slug for %q", a.Title)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
