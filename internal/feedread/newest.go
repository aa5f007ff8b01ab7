package feedread

import (
	"slices"
	"time"

	"github.com/mmcdole/gofeed"
)

// datedItem is a gofeed item with its checked date.
type datedItem struct {
	item      *gofeed.Item
	published time.Time
}

// newest returns at most n of items, newest first. Items without a
// plausible date go last, keeping the feed's order among themselves; the
// sort is stable so items with equal dates keep it too.
func newest(items []*gofeed.Item, now time.Time, n int) []datedItem {
	dated := make([]datedItem, 0, len(items))
	for _, it := range items {
		if it == nil {
			continue
		}
		dated = append(dated, datedItem{it, plausibleDate(now, it.PublishedParsed, it.UpdatedParsed)})
	}
	slices.SortStableFunc(dated, func(a, b datedItem) int {
		switch {
		case a.published.Equal(b.published):
			return 0
		case a.published.IsZero():
			return 1
		case b.published.IsZero():
			return -1
		}
		return b.published.Compare(a.published)
	})
	return dated[:min(len(dated), n)]
}
