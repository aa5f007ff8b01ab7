package cli

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// demoFS holds a handful of articles written for the demo site: several
// sections, tags, bylines and two republished from named outlets.
//
//go:embed demo/*.md
var demoFS embed.FS

// demoSpacing is the time between demo articles, newest first, so the demo
// site looks like a day's news whenever it is started.
const demoSpacing = 3 * time.Hour

// seedDemo fills an empty site with the demo articles and returns how many it
// added. A site that has any article is left alone.
func seedDemo(ctx context.Context, st store.Store, now time.Time) (int, error) {
	_, total, err := st.FindArticles(ctx, masthead.ArticleFilter{Limit: 1})
	if err != nil {
		return 0, err
	}
	if total > 0 {
		return 0, nil
	}
	files, err := fs.Glob(demoFS, "demo/*.md")
	if err != nil {
		return 0, err
	}
	for i, name := range files {
		f, err := demoFS.Open(name)
		if err != nil {
			return i, err
		}
		a, err := loadArticle(name, f, now)
		f.Close()
		if err != nil {
			return i, err
		}
		// Files are named in order, newest first.
		a.PublishedAt = now.Add(-time.Duration(i) * demoSpacing).Truncate(time.Minute)
		if _, err := st.SaveArticle(ctx, a); err != nil {
			return i, fmt.Errorf("save %s: %w", name, err)
		}
	}
	return len(files), nil
}
