package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/feedread"
	"github.com/masthead-news/masthead/internal/fetch"
)

// Result is what one poll of a source did.
type Result struct {
	Source   masthead.Source
	Imported []*masthead.Article // new articles, drafts in review mode
	Reports  int                 // near-duplicates recorded on earlier articles
	Skipped  int                 // already imported, filtered out, or without a link
	Errors   []error             // of feeds that failed and of items that could not be imported
}

// feedAccept is what a feed request asks for.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/rdf+xml;q=0.9, application/json;q=0.8, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"

// PollDue polls every feed whose time has come, a few sources at once, and
// returns what each source's poll did.
func (in *Ingester) PollDue(ctx context.Context) ([]Result, error) {
	sources, err := in.store.SourceConfigs(ctx)
	if err != nil {
		return nil, err
	}
	now := in.now()
	var (
		mu      sync.Mutex
		results []Result
		wg      sync.WaitGroup
		slots   = make(chan struct{}, in.opts.Workers)
	)
	for _, c := range sources {
		if !hasDueFeed(c, now) {
			continue
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return results, ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-slots }()
			r := in.PollSource(ctx, c, false)
			mu.Lock()
			results = append(results, r)
			mu.Unlock()
		})
	}
	wg.Wait()
	return results, nil
}

func hasDueFeed(c *masthead.SourceConfig, now time.Time) bool {
	for _, f := range c.Feeds {
		if !f.NextPoll.After(now) {
			return true
		}
	}
	return false
}

// PollSource polls the source's feeds, all of them when force is set (an
// editor asking now), else those whose time has come, and imports their new
// items. Failures are recorded on the feed and returned in the Result.
func (in *Ingester) PollSource(ctx context.Context, c *masthead.SourceConfig, force bool) Result {
	res := Result{Source: c.Source}
	for i := range c.Feeds {
		f := &c.Feeds[i]
		if !force && f.NextPoll.After(in.now()) {
			continue
		}
		if err := in.pollFeed(ctx, c, f, &res); err != nil {
			res.Errors = append(res.Errors, err)
		}
	}
	return res
}

// pollFeed polls one feed and records how it went on the feed.
func (in *Ingester) pollFeed(ctx context.Context, c *masthead.SourceConfig, f *masthead.Feed, res *Result) error {
	log := in.log.With(slog.String("source", c.Source.Slug), slog.String("feed", f.URL))
	before := len(res.Imported)
	err := in.readFeed(ctx, c, f, res, log)
	if ctx.Err() != nil {
		return err // shutting down: this poll did not fail, it was cut short
	}
	now := in.now()
	f.LastPolled = now
	var retryAfter time.Duration
	if err != nil {
		f.Failures++
		f.LastError, f.LastErrorAt = err.Error(), now
		var se *fetch.StatusError
		if errors.As(err, &se) {
			retryAfter = se.RetryAfter
		}
		log.Warn("feed poll failed", slog.Int("failures", f.Failures), slog.Any("err", err))
	} else {
		f.Failures = 0
		f.Imported += int64(len(res.Imported) - before)
	}
	f.NextPoll = nextPoll(now, c.Interval, f.Failures, retryAfter)
	if serr := in.store.SaveFeedState(context.WithoutCancel(ctx), f); serr != nil {
		return errors.Join(err, serr)
	}
	return err
}

// readFeed fetches and parses the feed and imports its items, oldest first
// so that articles are created in the order they were published.
func (in *Ingester) readFeed(ctx context.Context, c *masthead.SourceConfig, f *masthead.Feed, res *Result, log *slog.Logger) error {
	resp, err := in.fetch.Get(ctx, fetch.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified, Accept: feedAccept})
	if err != nil {
		return err
	}
	f.ETag, f.LastModified = resp.ETag, resp.LastModified
	if resp.NotModified {
		return nil
	}
	feed, err := feedread.Parse(resp.Body, resp.URL, feedread.Limits{MaxItems: in.opts.MaxItems}, in.now())
	if err != nil {
		return fmt.Errorf("feed %s: %w", f.URL, err)
	}
	items := feed.Items
	slices.SortStableFunc(items, func(a, b feedread.Item) int { return a.Published.Compare(b.Published) })
	for i := range items {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		out, err := in.importItem(ctx, c, &items[i])
		switch {
		case err != nil:
			// One bad item does not fail the feed; it is tried again at
			// the next poll, as it was not recorded.
			log.Warn("item not imported", slog.String("item", items[i].URL), slog.Any("err", err))
			res.Errors = append(res.Errors, err)
		case out.article != nil:
			res.Imported = append(res.Imported, out.article)
		case out.report:
			res.Reports++
		default:
			res.Skipped++
		}
	}
	return nil
}
