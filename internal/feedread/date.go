package feedread

import "time"

// Dates outside [earliestDate, now+futureSlack] are treated as absent. Feeds
// put epoch zero, year 1 or year 9999 where they have no date, and a date far
// ahead would pin an item to the top of every "newest" list.
var earliestDate = time.Date(1995, time.January, 1, 0, 0, 0, 0, time.UTC)

// futureSlack allows for clocks that are off and for time zones written
// wrongly (a local time marked UTC is at most a day ahead).
const futureSlack = 48 * time.Hour

// plausibleDate returns the first of ts that is set and within the sane
// window, in UTC, or the zero time.
func plausibleDate(now time.Time, ts ...*time.Time) time.Time {
	for _, t := range ts {
		if t == nil || t.IsZero() {
			continue
		}
		if t.Before(earliestDate) || t.After(now.Add(futureSlack)) {
			// An absurd published date is not replaced by the updated
			// date: the feed's dates are not to be trusted at all.
			return time.Time{}
		}
		return t.UTC()
	}
	return time.Time{}
}
