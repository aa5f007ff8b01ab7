package web

import (
	"html/template"
	"net/http"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
)

// dashboardDays is how many days the dashboard's charts cover.
const dashboardDays = 30

type dashboardPage struct {
	adminLayout
	Pending, Drafts, Unhealthy int
	CanModerate, CanSources    bool
	Days                       []masthead.DayActivity
	ViewsChart, CommentsChart  template.HTML
	MostRead                   []*masthead.Article
}

// handleDashboard shows what needs doing and how the site is read.
// GET /admin/
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	ctx, u, now := r.Context(), currentUser(r), s.now()
	p := &dashboardPage{adminLayout: s.adminLayout(r, "Dashboard"),
		CanModerate: can(u, auth.ActModerateComments), CanSources: can(u, auth.ActManageSources)}
	var err error
	if _, p.Pending, err = s.store.FindComments(ctx, masthead.CommentFilter{Status: masthead.CommentPending, Limit: 1}); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, p.Drafts, err = s.store.FindArticles(ctx, masthead.ArticleFilter{Status: masthead.StatusDraft, Limit: 1}); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.CanSources {
		sources, err := s.store.SourceConfigs(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range sources {
			for _, f := range c.Feeds {
				if !f.Healthy() {
					p.Unhealthy++
				}
			}
		}
	}
	if p.Days, err = s.store.DailyActivity(ctx, now.AddDate(0, 0, -(dashboardDays-1)), now); err != nil {
		s.fail(w, r, err)
		return
	}
	p.ViewsChart = activityChart("Views per day", p.Days, func(d masthead.DayActivity) int64 { return d.Views })
	p.CommentsChart = activityChart("Comments per day", p.Days, func(d masthead.DayActivity) int64 { return d.Comments })
	if p.MostRead, err = s.store.MostRead(ctx, now.AddDate(0, 0, -7), now, 10); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "admin/dashboard", p)
}
