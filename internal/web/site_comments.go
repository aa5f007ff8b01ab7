package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/comment"
)

// Form field names. honeypotField is hidden from people; a bot that fills
// every field fills it.
const (
	honeypotField  = "url2"
	formTokenField = "form_token"
	maxCommentForm = 64 << 10 // bytes: 10,000 characters of comment fit many times over
)

// articleView is what the article page shows of comments for one request.
type articleView struct {
	article  *masthead.Article
	settings masthead.CommentSettings
	form     commentForm
}

// buildArticlePage assembles the article page: approved comments, the
// reader's own pending ones, and the form, prefilled from the reader's
// cookie when they asked to be remembered.
func (s *Server) buildArticlePage(r *http.Request, v articleView) (*articlePage, error) {
	a := v.article
	comments, err := s.store.ApprovedComments(r.Context(), a.ID)
	if err != nil {
		return nil, err
	}
	own := s.ownComments(r, a.ID)
	seen := make(map[int64]bool, len(comments))
	for _, c := range comments {
		seen[c.ID] = true
	}
	for _, c := range own {
		if !seen[c.ID] && c.Status == masthead.CommentPending {
			comments = append(comments, c)
		}
	}
	sortComments(comments)
	nodes := threadComments(comments, v.settings.MaxDepth, s.zone)
	walkNodes(nodes, func(n *commentNode) {
		if _, mine := own[n.ID]; mine {
			n.Pending = n.comment.Status == masthead.CommentPending
			n.Editable = s.comments.Editable(n.comment)
		}
	})

	path := articlePath(a)
	lay := s.layout(r, a.Title, path)
	lay.Description = a.Standfirst
	lay.Feeds = s.feedLinks(&listing{title: s.site().Title, path: "/"})

	form := v.form
	form.Action = path + "comments#respond"
	form.Closed = s.comments.Closed(a, v.settings)
	form.Token = s.comments.FormToken()
	form.Honeypot = honeypotField
	if form.Parent == 0 {
		if id, err := strconv.ParseInt(r.URL.Query().Get("replytocom"), 10, 64); err == nil {
			form.Parent = id
		}
	}
	if form.Parent != 0 {
		walkNodes(nodes, func(n *commentNode) {
			if n.ID == form.Parent {
				form.ReplyTo = n.Name
			}
		})
		if form.ReplyTo == "" {
			form.Parent = 0 // not a comment readers can see here
		}
	}
	form.CancelURL = path + "#respond"
	ld, err := s.articleJSONLD(a, lay.Canonical)
	if err != nil {
		return nil, err
	}
	// A syndicated copy names the original as canonical when its source
	// asks, as search engines ask of republished stories.
	if a.Source != nil && a.Source.CanonicalToOriginal && a.SourceURL != "" {
		lay.Canonical = a.SourceURL
	}
	reports, err := s.store.Reports(r.Context(), a.ID)
	if err != nil {
		return nil, err
	}
	// Related articles are a courtesy: if they fail, the story still shows.
	related, err := s.store.RelatedArticles(r.Context(), a, s.now(), relatedLen)
	if err != nil {
		s.log.Error("related articles", "article", a.ID, "err", err)
	}
	return &articlePage{
		LeadImage:    s.leadImageURL(a),
		Reports:      reports,
		Related:      related,
		MostRead:     s.mostRead(r),
		JSONLD:       ld,
		Modified:     articleModified(a),
		Layout:       lay,
		Article:      a,
		Body:         template.HTML(a.BodyHTML), // sanitised by markup when stored
		Comments:     nodes,
		CommentsHTML: commentsHTML(nodes),
		Count:        a.CommentCount,
		Form:         form,
	}, nil
}

// rememberedForm is an empty form prefilled from the commenter cookie.
func rememberedForm(r *http.Request) commentForm {
	var f commentForm
	if c, ok := readCommenter(r); ok {
		f.Name, f.Email, f.Website, f.Remember = c.Name, c.Email, c.Website, true
	}
	return f
}

// handleCommentPost takes a comment from the article's form. Whatever goes
// wrong, the page comes back with everything the reader typed.
// POST /{year}/{month}/{day}/{slug}/comments
func (s *Server) handleCommentPost(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.ArticleBySlug(r.Context(), r.PathValue("slug"))
	if err == nil && !a.VisibleAt(s.now()) {
		err = masthead.Errorf(masthead.ENOTFOUND, "Not found.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, masthead.Errorf(masthead.EINVALID, "The form was too large or malformed; nothing was saved."))
		return
	}
	form := commentForm{
		Comment:  r.PostFormValue("comment"),
		Name:     r.PostFormValue("name"),
		Email:    r.PostFormValue("email"),
		Website:  r.PostFormValue("website"),
		Remember: r.PostFormValue("remember") != "",
	}
	form.Parent, _ = strconv.ParseInt(r.PostFormValue("parent"), 10, 64)
	c, err := s.comments.Post(r.Context(), comment.Input{
		ArticleID: a.ID,
		Article:   a,
		ParentID:  form.Parent,
		Comment:   form.Comment,
		Name:      form.Name,
		Email:     form.Email,
		Website:   form.Website,
		Honeypot:  r.PostFormValue(honeypotField),
		FormToken: r.PostFormValue(formTokenField),
		IP:        s.clientIP(r),
		UserAgent: r.UserAgent(),
	})
	if err != nil {
		s.commentFormFailed(w, r, a, form, err)
		return
	}
	s.addOwnComment(w, r, c)
	if form.Remember {
		s.writeCommenter(w, commenter{Name: c.Name, Email: c.Email, Website: c.Website})
	} else {
		forgetCommenter(w)
	}
	http.Redirect(w, r, fmt.Sprintf("%s#comment-%d", articlePath(a), c.ID), http.StatusSeeOther)
}

// commentFormFailed shows the article again with the reader's input and the
// reason next to the field it concerns, or above the form.
func (s *Server) commentFormFailed(w http.ResponseWriter, r *http.Request, a *masthead.Article, form commentForm, err error) {
	var (
		fields  comment.FieldErrors
		refused *comment.Refused
		status  int
	)
	switch {
	case errors.As(err, &fields):
		status, form.Errors = http.StatusUnprocessableEntity, fields
	case errors.As(err, &refused):
		s.log.Info("comment refused", "reason", refused.Reason(), "ip", s.clientIP(r), "article", a.ID)
		status, form.Notice = http.StatusUnprocessableEntity, masthead.ErrorMessage(err)
	case masthead.ErrorCode(err) == masthead.ERATELIMIT:
		status, form.Notice = http.StatusTooManyRequests, masthead.ErrorMessage(err)
	case masthead.ErrorCode(err) == masthead.EFORBIDDEN:
		status, form.Notice = http.StatusForbidden, masthead.ErrorMessage(err)
		form.KeepWhenClosed = true
	default:
		s.fail(w, r, err)
		return
	}
	set, serr := s.comments.Settings(r.Context())
	if serr != nil {
		s.fail(w, r, serr)
		return
	}
	page, perr := s.buildArticlePage(r, articleView{article: a, settings: set, form: form})
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	s.renderStatus(w, r, status, "article", page)
}

// handleCommentEditForm shows a reader's own comment for editing, within
// the edit window. It is the no-script way to edit.
// GET /comments/{id}/edit
func (s *Server) handleCommentEditForm(w http.ResponseWriter, r *http.Request) {
	c, a, ok := s.ownedComment(w, r)
	if !ok {
		return
	}
	s.renderEdit(w, r, http.StatusOK, c, a, c.Body, nil)
}

// handleCommentEdit saves a reader's edit of their own comment.
// POST /comments/{id}/edit
func (s *Server) handleCommentEdit(w http.ResponseWriter, r *http.Request) {
	c, a, ok := s.ownedComment(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, masthead.Errorf(masthead.EINVALID, "The form was too large or malformed; nothing was saved."))
		return
	}
	body := r.PostFormValue("comment")
	if _, err := s.comments.Edit(r.Context(), c.ID, body, s.ownToken(r, c.ID)); err != nil {
		var fields comment.FieldErrors
		if errors.As(err, &fields) {
			s.renderEdit(w, r, http.StatusUnprocessableEntity, c, a, body, fields)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("%s#comment-%d", articlePath(a), c.ID), http.StatusSeeOther)
}

// handleCommentDelete deletes a reader's own comment.
// POST /comments/{id}/delete
func (s *Server) handleCommentDelete(w http.ResponseWriter, r *http.Request) {
	c, a, ok := s.ownedComment(w, r)
	if !ok {
		return
	}
	if err := s.comments.Delete(r.Context(), c.ID, s.ownToken(r, c.ID)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, articlePath(a)+"#comments", http.StatusSeeOther)
}

// ownedComment loads the comment in the URL and its article, answering 403
// unless the reader's cookie proves they wrote it and the window is open.
func (s *Server) ownedComment(w http.ResponseWriter, r *http.Request) (*masthead.Comment, *masthead.Article, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return nil, nil, false
	}
	c, err := s.store.Comment(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	if !s.comments.Owns(c, s.ownToken(r, c.ID)) || !s.comments.Editable(c) {
		s.fail(w, r, masthead.Errorf(masthead.EFORBIDDEN, "You can only change your own comment, within 15 minutes of posting it."))
		return nil, nil, false
	}
	a, err := s.store.Article(r.Context(), c.ArticleID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return c, a, true
}

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, c *masthead.Comment, a *masthead.Article, body string, errs map[string]string) {
	lay := s.layout(r, "Edit your comment", "")
	s.renderStatus(w, r, status, "comment_edit", &commentEditPage{
		Layout:   lay,
		Article:  a,
		Comment:  c,
		Body:     body,
		Errors:   errs,
		Deadline: c.CreatedAt.Add(comment.EditWindow),
	})
}

// walkNodes calls fn for every node of the threads, depth first.
func walkNodes(nodes []*commentNode, fn func(*commentNode)) {
	for _, n := range nodes {
		fn(n)
		walkNodes(n.Replies, fn)
	}
}

// sortComments orders comments oldest first, as threads read.
func sortComments(cs []*masthead.Comment) {
	// Insertion sort: the list is sorted but for a few own pending comments
	// appended at the end.
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && commentBefore(cs[j], cs[j-1]); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

func commentBefore(a, b *masthead.Comment) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	return a.ID < b.ID
}
