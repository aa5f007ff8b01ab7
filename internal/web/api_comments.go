package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/comment"
)

// apiComment is an approved comment as anyone may see it: never an email or
// an address.
type apiComment struct {
	ID        int64     `json:"id"`
	ParentID  *int64    `json:"parent_id"`
	Name      string    `json:"name"`
	Website   string    `json:"website"`
	BodyHTML  string    `json:"body_html"`
	CreatedAt time.Time `json:"created_at"`
}

// visibleArticle loads the article in the URL, ENOTFOUND unless readers may
// see it.
func (s *Server) visibleArticle(r *http.Request) (*masthead.Article, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "No article has the ID %q.", r.PathValue("id"))
	}
	a, err := s.store.Article(r.Context(), id)
	if err == nil && !a.VisibleAt(s.now()) {
		err = masthead.Errorf(masthead.ENOTFOUND, "No article has the ID %d.", id)
	}
	return a, err
}

// handleAPIComments lists an article's approved comments, oldest first.
// GET /api/v1/articles/{id}/comments
func (s *Server) handleAPIComments(w http.ResponseWriter, r *http.Request) {
	a, err := s.visibleArticle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := s.store.ApprovedComments(r.Context(), a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Comments []apiComment `json:"comments"`
	}{Comments: make([]apiComment, 0, len(cs))}
	for _, c := range cs {
		ac := apiComment{ID: c.ID, Name: c.Name, Website: c.Website, BodyHTML: comment.Format(c.Body), CreatedAt: c.CreatedAt.UTC()}
		if c.ParentID != 0 {
			ac.ParentID = &c.ParentID
		}
		out.Comments = append(out.Comments, ac)
	}
	s.writeJSON(w, http.StatusOK, out)
}

// apiCommentInput is the body of a comment posted through the API.
type apiCommentInput struct {
	Comment  string `json:"comment"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Website  string `json:"website"`
	ParentID int64  `json:"parent_id"`
}

// handleAPICommentPost takes a comment as JSON, under the same rules as the
// form, except the form's own traps (honeypot, signed time), which an API
// client has no form to carry.
// POST /api/v1/articles/{id}/comments
func (s *Server) handleAPICommentPost(w http.ResponseWriter, r *http.Request) {
	a, err := s.visibleArticle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiCommentInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.comments.Post(r.Context(), comment.Input{
		ArticleID:   a.ID,
		Article:     a,
		ParentID:    in.ParentID,
		Comment:     in.Comment,
		Name:        in.Name,
		Email:       in.Email,
		Website:     in.Website,
		IP:          s.clientIP(r),
		UserAgent:   r.UserAgent(),
		WithoutForm: true,
	})
	var fields comment.FieldErrors
	var refused *comment.Refused
	switch {
	case errors.As(err, &fields):
		s.writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": fields})
	case errors.As(err, &refused):
		s.log.Info("comment refused", "reason", refused.Reason(), "ip", s.clientIP(r), "article", a.ID)
		s.writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": map[string]string{"comment": masthead.ErrorMessage(err)}})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID, "status": c.Status})
	}
}

// decodeJSON reads a small JSON body strictly.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return masthead.Errorf(masthead.EINVALID, "The request body is larger than %d bytes.", tooBig.Limit)
		}
		return masthead.Errorf(masthead.EINVALID, "The request body is not the JSON this endpoint takes: %v", err)
	}
	return nil
}
