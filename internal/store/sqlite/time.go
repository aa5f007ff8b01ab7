package sqlite

import "time"

// Times are stored as Unix milliseconds, so a time read back equals the one
// written only to the millisecond.

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// now is the store's clock, cut to what the database keeps so that a time
// filled into a struct equals the time read back.
func now() time.Time { return fromMillis(millis(time.Now())) }
