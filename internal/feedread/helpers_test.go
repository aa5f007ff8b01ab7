package feedread

import (
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"
	"unicode/utf8"
)

// hangTimeout is how long parseWithin waits before calling a parse hung. It
// is not a performance assertion: a parse of a 10 MiB document takes a few
// seconds at worst, and a hang never ends.
func hangTimeout() time.Duration {
	if raceEnabled {
		return 60 * time.Second
	}
	return 10 * time.Second
}

// parseWithin runs Parse in a goroutine and fails the test if it has not
// returned within hangTimeout, so a hang is reported against its input
// instead of stalling the whole run until go test's own timeout. A panic
// that escaped Parse would crash the test binary, which fails loudly too.
func parseWithin(tb testing.TB, name string, data []byte, lim Limits) (*Feed, error) {
	tb.Helper()
	type result struct {
		f   *Feed
		err error
	}
	done := make(chan result, 1)
	go func() {
		f, err := Parse(data, testFeedURL, lim, testNow)
		done <- result{f, err}
	}()
	select {
	case r := <-done:
		if errors.Is(r.err, ErrParser) {
			tb.Errorf("%s: parser panicked: %v", name, r.err)
		}
		return r.f, r.err
	case <-time.After(hangTimeout()):
		tb.Fatalf("%s: Parse did not return within %v", name, hangTimeout())
		return nil, nil
	}
}

// checkFeed reports every way f breaks the promises Parse makes about its
// result under lim.
func checkFeed(f *Feed, lim Limits) []string {
	lim = lim.withDefaults()
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	text := func(what, s string, max int) {
		if len(s) > max {
			bad("%s is %d bytes, limit %d", what, len(s), max)
		}
		if !utf8.ValidString(s) {
			bad("%s is not valid UTF-8", what)
		}
	}
	link := func(what, s string) {
		text(what, s, lim.MaxField)
		if s == "" {
			return
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("%s %q is not an absolute http(s) URL", what, s)
		}
	}
	if f == nil {
		return nil
	}
	text("feed title", f.Title, lim.MaxField)
	link("home URL", f.HomeURL)
	if len(f.Items) > lim.MaxItems {
		bad("%d items, limit %d", len(f.Items), lim.MaxItems)
	}
	for i, it := range f.Items {
		p := fmt.Sprintf("item %d ", i)
		text(p+"GUID", it.GUID, lim.MaxField)
		link(p+"URL", it.URL)
		text(p+"title", it.Title, lim.MaxField)
		text(p+"author", it.Author, lim.MaxField)
		text(p+"summary", it.Summary, lim.MaxContent)
		text(p+"content", it.Content, lim.MaxContent)
		link(p+"image", it.Image)
		if len(it.Categories) > MaxCategories {
			bad("%s%d categories", p, len(it.Categories))
		}
		for _, c := range it.Categories {
			text(p+"category", c, lim.MaxField)
		}
		if !it.Published.IsZero() && (it.Published.Before(earliestDate) || it.Published.After(testNow.Add(futureSlack))) {
			bad("%sdate %v out of range", p, it.Published)
		}
		if i > 0 && !it.Published.IsZero() && it.Published.After(f.Items[i-1].Published) {
			bad("%sis newer than the item before it", p)
		}
	}
	return problems
}

// allText returns every string in f, to search for leaked secrets.
func allText(f *Feed) []string {
	if f == nil {
		return nil
	}
	out := []string{f.Title, f.HomeURL}
	for _, it := range f.Items {
		out = append(out, it.GUID, it.URL, it.Title, it.Author, it.Summary, it.Content, it.Image)
		out = append(out, it.Categories...)
	}
	return out
}
