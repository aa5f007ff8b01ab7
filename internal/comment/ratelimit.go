package comment

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/masthead-news/masthead"
)

// rateWindow is what the per-minute limits count over in the database: at
// most RatePerMinute comments from an address, and ArticleRatePerMinute on
// an article, in any minute.
const rateWindow = time.Minute

// checkRate applies the rate limits to a comment from the address key on
// the article, returning errRateLimited when it is one too many.
//
// Each limit is checked twice. The in-memory buckets come first: they cost
// no query, hold an address to a short burst, and count the comments this
// instance has accepted but not yet committed, which the database cannot
// see. They are this process's only, though, so behind a load balancer
// each instance would grant the whole allowance again. The database holds
// every instance's comments, so counting its last minute makes the limits
// global; comments refused here are never stored and do not count. Two
// instances accepting the same address at the same moment can still
// overshoot by one comment each.
func (s *Service) checkRate(ctx context.Context, articleID int64, key string, set masthead.CommentSettings, now time.Time) error {
	perKey, perArticle := set.RatePerMinute, set.ArticleRatePerMinute
	if perKey > 0 && !s.ipLimits.allow(key, now, perKey, ipBurst(perKey)) {
		return errRateLimited
	}
	// The article's limit keeps a botnet from burying a thread while each of
	// its addresses stays under its own limit; its burst is a minute's worth.
	if perArticle > 0 && !s.articleLimits.allow(strconv.FormatInt(articleID, 10), now, perArticle, perArticle) {
		return errRateLimited
	}
	// A limit that is off is not counted, so that a flood on an article
	// with no limit does not make every post count it.
	var countKey string
	var countArticle int64
	if perKey > 0 {
		countKey = key
	}
	if perArticle > 0 {
		countArticle = articleID
	}
	if countKey == "" && countArticle == 0 {
		return nil
	}
	byKey, onArticle, err := s.st.CountRecentComments(ctx, countArticle, countKey, now.Add(-rateWindow))
	if err != nil {
		return fmt.Errorf("post comment: rate limits: %w", err)
	}
	if perKey > 0 && byKey >= perKey || perArticle > 0 && onArticle >= perArticle {
		return errRateLimited
	}
	return nil
}
