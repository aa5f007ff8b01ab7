package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/masthead-news/masthead"
)

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
