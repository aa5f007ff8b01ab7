package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

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

// adminPageSize is how many rows an admin list shows a page.
const adminPageSize = 50

type commentsPage struct {
	adminLayout
	Statuses   []masthead.CommentStatus
	Status     string
	Article    int64
	Text       string
	Comments   []*masthead.Comment
	Total      int
	Back       string // this page's URL, to return to after an action
	Pagination Pagination
}

// handleAdminComments is the moderation queue: pending first by default,
// filtered by status and article.
// GET /admin/comments?status=pending&article=ID&page=N
func (s *Server) handleAdminComments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &commentsPage{adminLayout: s.adminLayout(r, "Comments"), Status: q.Get("status"),
		Statuses: []masthead.CommentStatus{masthead.CommentPending, masthead.CommentApproved, masthead.CommentSpam, masthead.CommentTrash}}
	if p.Status == "" {
		p.Status = string(masthead.CommentPending)
	}
	if v := q.Get("article"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			s.fail(w, r, masthead.Errorf(masthead.EINVALID, "The article must be an article ID."))
			return
		}
		p.Article = id
	}
	n, err := pageNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Text = strings.TrimSpace(q.Get("q"))
	p.Comments, p.Total, err = s.store.FindComments(r.Context(), masthead.CommentFilter{
		Status: masthead.CommentStatus(p.Status), ArticleID: p.Article, Text: p.Text,
		Limit: adminPageSize, Offset: (n - 1) * adminPageSize,
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Back = r.URL.RequestURI()
	p.Pagination = adminPagination(r, n, p.Total)
	s.render(w, r, "admin/comments", p)
}

// adminPagination links the pages of an admin list, keeping its filters.
func adminPagination(r *http.Request, n, total int) Pagination {
	pages := max(1, (total+adminPageSize-1)/adminPageSize)
	pg := Pagination{Page: n, Pages: pages}
	link := func(k int) string {
		v := r.URL.Query()
		v.Set("page", strconv.Itoa(k))
		return r.URL.Path + "?" + v.Encode()
	}
	if n > 1 {
		pg.PrevURL = link(n - 1)
	}
	if n < pages {
		pg.NextURL = link(n + 1)
	}
	return pg
}

// handleAdminModerate applies one action to the selected comments, then
// returns to the queue as it was.
// POST /admin/comments (action, id...)
func (s *Server) handleAdminModerate(w http.ResponseWriter, r *http.Request) {
	var ids []int64
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(w, r, masthead.Errorf(masthead.EINVALID, "%q is not a comment ID.", v))
			return
		}
		ids = append(ids, id)
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/admin/comments") {
		back = "/admin/comments"
	}
	if len(ids) == 0 {
		s.flash(r, "Select at least one comment.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	action := r.PostFormValue("action")
	n, err := s.comments.ModerateAction(r.Context(), action, ids...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.InvalidateCache()
	s.flash(r, countNoun(int64(n), "comment", "comments")+" "+pastTense(action)+".")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func pastTense(action string) string {
	switch action {
	case "approve":
		return "approved"
	case "spam":
		return "marked as spam"
	case "trash":
		return "moved to the trash"
	case "delete":
		return "deleted for good"
	}
	return action + "d"
}

type sourcesPage struct {
	adminLayout
	Sources []*masthead.SourceConfig
}

// handleAdminSources lists the followed sources with their feeds' health.
// GET /admin/sources
func (s *Server) handleAdminSources(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.SourceConfigs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "admin/sources", &sourcesPage{adminLayout: s.adminLayout(r, "Sources"), Sources: list})
}

// handleAdminSourceFetch polls a source now.
// POST /admin/sources/{slug}/fetch
func (s *Server) handleAdminSourceFetch(w http.ResponseWriter, r *http.Request) {
	res, err := s.pollNow(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := res.Source.Name + ": " + countNoun(int64(len(res.Imported)), "article", "articles") + " imported, " +
		countNoun(int64(res.Reports), "copy", "copies") + " of stories the site has"
	if len(res.Errors) > 0 {
		msg += ", " + countNoun(int64(len(res.Errors)), "error", "errors") + ": " + res.Errors[0].Error()
	}
	s.flash(r, msg+".")
	http.Redirect(w, r, "/admin/sources", http.StatusSeeOther)
}

type usersPage struct {
	adminLayout
	Users  []*masthead.User
	Roles  []masthead.Role
	Form   userForm
	Errors map[string]string
}

type userForm struct{ Name, Email, Role string }

// handleAdminUsers lists the accounts, with a form to add one.
// GET /admin/users
func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, userForm{Role: string(masthead.RoleAuthor)}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form userForm, errs map[string]string) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, "admin/users", &usersPage{
		adminLayout: s.adminLayout(r, "Users"), Users: users, Roles: masthead.Roles, Form: form, Errors: errs,
	})
}

// handleAdminUserAdd creates an account; a refused form keeps what was
// typed but the password.
// POST /admin/users
func (s *Server) handleAdminUserAdd(w http.ResponseWriter, r *http.Request) {
	form := userForm{
		Name:  strings.TrimSpace(r.PostFormValue("name")),
		Email: masthead.NormalizeEmail(r.PostFormValue("email")),
		Role:  r.PostFormValue("role"),
	}
	password := r.PostFormValue("password")
	errs := map[string]string{}
	if err := auth.ValidatePassword(password, form.Email, form.Name); err != nil {
		errs["password"] = masthead.ErrorMessage(err)
	}
	u := &masthead.User{Email: form.Email, Name: form.Name, Role: masthead.Role(form.Role), PasswordHash: "-"}
	if err := u.Validate(); err != nil {
		field := "name"
		if strings.Contains(masthead.ErrorMessage(err), "email") {
			field = "email"
		}
		errs[field] = masthead.ErrorMessage(err)
	}
	if len(errs) > 0 {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form, errs)
		return
	}
	hash, err := s.hasher.HashPassword(password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u.PasswordHash = hash
	if err := s.store.CreateUser(r.Context(), u); masthead.ErrorCode(err) == masthead.ECONFLICT {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form, map[string]string{"email": masthead.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Added "+u.Name+" as "+string(u.Role)+".")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}
