package postgres

import (
	"fmt"
	"time"
)

// Times are stored as BIGINT Unix milliseconds, as SQLite stores them, so a
// time read back equals the one written only to the millisecond, and always
// in UTC. (timestamptz would keep microseconds, and the stores must agree.)

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// now is the store's clock, cut to what the database keeps so that a time
// filled into a struct equals the time read back.
func now() time.Time { return fromMillis(millis(time.Now())) }

// zeroMillis stores the zero time as 0.
func zeroMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return millis(t)
}

// millisTime scans Unix milliseconds, 0 being the zero time.
type millisTime time.Time

func (m *millisTime) Scan(v any) error {
	ms, ok := v.(int64)
	if !ok {
		return fmt.Errorf("time: got %T, want int64", v)
	}
	if ms == 0 {
		*m = millisTime{}
	} else {
		*m = millisTime(fromMillis(ms))
	}
	return nil
}
