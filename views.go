package masthead

import "time"

// ViewCount is how many times one article was viewed within one hour.
type ViewCount struct {
	ArticleID int64
	Hour      time.Time // the start of the hour, UTC
	Views     int64
}
