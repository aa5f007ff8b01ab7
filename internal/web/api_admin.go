package web

import (
	"context"
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
)

// admin lets a request through only with a valid API token in
// "Authorization: Bearer TOKEN" whose account's role may do act. Tokens
// come from `masthead token create` and the admin's tokens page; one made
// before tokens had accounts acts as an admin.
func (s *Server) admin(act auth.Action, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || secret == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="masthead"`)
			s.fail(w, r, masthead.Errorf(masthead.EUNAUTHORIZED, "This endpoint needs an admin token: Authorization: Bearer TOKEN (see masthead token create)."))
			return
		}
		sum := sha256.Sum256([]byte(secret))
		tok, err := s.store.TokenByHash(r.Context(), sum[:])
		if err != nil {
			if masthead.ErrorCode(err) == masthead.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="masthead", error="invalid_token"`)
			}
			s.fail(w, r, err)
			return
		}
		u := &masthead.User{Role: masthead.RoleAdmin, Name: tok.Name}
		if tok.UserID != 0 {
			if u, err = s.store.User(r.Context(), tok.UserID); err != nil {
				s.fail(w, r, err)
				return
			}
			if u.Disabled {
				s.fail(w, r, masthead.Errorf(masthead.EUNAUTHORIZED, "The token's account is disabled."))
				return
			}
		}
		if !can(u, act) {
			s.fail(w, r, masthead.Errorf(masthead.EFORBIDDEN, "The token's account (%s) may not do this.", u.Role))
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
	}
}

// apiModeratedComment is a comment as moderators see it, with the details
// readers never see.
type apiModeratedComment struct {
	ID        int64                  `json:"id"`
	ArticleID int64                  `json:"article_id"`
	ParentID  *int64                 `json:"parent_id"`
	Status    masthead.CommentStatus `json:"status"`
	Name      string                 `json:"name"`
	Email     string                 `json:"email"`
	Website   string                 `json:"website"`
	IP        string                 `json:"ip"`
	Comment   string                 `json:"comment"`
	CreatedAt time.Time              `json:"created_at"`
	SpamScore float64                `json:"spam_score"`
}

// ModeratedComment is the moderator's view of c, shared by the API and the
// command line so both print the same fields.
func ModeratedComment(c *masthead.Comment) any {
	out := apiModeratedComment{
		ID: c.ID, ArticleID: c.ArticleID, Status: c.Status, Name: c.Name, Email: c.Email,
		Website: c.Website, IP: c.IP, Comment: c.Body, CreatedAt: c.CreatedAt.UTC(), SpamScore: c.SpamScore,
	}
	if c.ParentID != 0 {
		out.ParentID = &c.ParentID
	}
	return out
}

// handleAPIModerationList lists comments for moderators.
// GET /api/v1/comments?status=pending&article=ID&limit=N&offset=N
func (s *Server) handleAPIModerationList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := masthead.CommentFilter{Status: masthead.CommentStatus(q.Get("status"))}
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				s.fail(w, r, masthead.Errorf(masthead.EINVALID, "%s must be a whole number", name))
				return
			}
			*dst = n
		}
	}
	if v := q.Get("article"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(w, r, masthead.Errorf(masthead.EINVALID, "article must be an article ID"))
			return
		}
		f.ArticleID = n
	}
	cs, total, err := s.store.FindComments(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Comments []any `json:"comments"`
		Total    int   `json:"total"`
	}{Comments: make([]any, 0, len(cs)), Total: total}
	for _, c := range cs {
		out.Comments = append(out.Comments, ModeratedComment(c))
	}
	s.writeJSON(w, http.StatusOK, out)
}

// handleAPIModerate approves, marks as spam, trashes or deletes comments.
// POST /api/v1/comments/moderate {"action": "approve|spam|trash|delete", "ids": [1, 2]}
func (s *Server) handleAPIModerate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Action string  `json:"action"`
		IDs    []int64 `json:"ids"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.comments.ModerateAction(r.Context(), in.Action, in.IDs...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.InvalidateCache() // this instance shows the change at once; others within a tick
	s.writeJSON(w, http.StatusOK, map[string]int{"changed": n})
}

// handleAPISettings returns the comment settings.
// GET /api/v1/settings
func (s *Server) handleAPISettings(w http.ResponseWriter, r *http.Request) {
	vals, err := s.comments.SettingValues(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"settings": vals})
}

// handleAPISettingSet changes one setting.
// PUT /api/v1/settings {"key": "comments.moderation", "value": "all"}
func (s *Server) handleAPISettingSet(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.comments.SetSetting(r.Context(), in.Key, in.Value); err != nil {
		s.fail(w, r, err)
		return
	}
	vals, err := s.comments.SettingValues(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]string{"key": in.Key, "value": vals[in.Key]})
}
