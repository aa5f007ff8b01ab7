package masthead

import "time"

// DayActivity is one day's readership: views counted and comments
// received.
type DayActivity struct {
	Day      time.Time // midnight UTC
	Views    int64
	Comments int64
}

// ViewCount is how many times one article was viewed within one hour.
type ViewCount struct {
	ArticleID int64
	Hour      time.Time // the start of the hour, UTC
	Views     int64
}
