package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
)

// maxAdminForm bounds an admin form post (not uploads).
const maxAdminForm = 64 << 10

type userKey struct{}

// currentUser is the logged-in user of an admin request.
func currentUser(r *http.Request) *masthead.User {
	u, _ := r.Context().Value(userKey{}).(*masthead.User)
	return u
}

// adminLayout is what every admin page's frame needs.
type adminLayout struct {
	Site  string
	Title string
	User  *masthead.User
	Nav   []adminNavItem
	CSRF  string
	Flash string
}

type adminNavItem struct {
	Path, Label string
	Current     bool
}

// adminNav lists the admin's sections; each shows only to roles that may
// use it.
var adminNav = []struct {
	path, label string
	act         auth.Action
}{
	{"/admin/", "Dashboard", auth.ActViewDashboard},
	{"/admin/articles", "Articles", auth.ActEditOwnArticle},
	{"/admin/taxonomy", "Sections & tags", auth.ActManageTaxonomy},
	{"/admin/comments", "Comments", auth.ActModerateComments},
	{"/admin/sources", "Sources", auth.ActManageSources},
	{"/admin/users", "Users", auth.ActManageUsers},
	{"/admin/tokens", "API tokens", auth.ActManageTokens},
	{"/admin/settings", "Settings", auth.ActManageSettings},
}

func (s *Server) adminLayout(r *http.Request, title string) adminLayout {
	l := adminLayout{Site: s.site().Title, Title: title, User: currentUser(r), CSRF: s.csrfToken(r)}
	l.Flash = s.sessions.PopString(r.Context(), sessFlash)
	if l.User != nil {
		for _, n := range adminNav {
			if can(l.User, n.act) {
				l.Nav = append(l.Nav, adminNavItem{Path: n.path, Label: n.label, Current: r.URL.Path == n.path})
			}
		}
	}
	return l
}

func can(u *masthead.User, a auth.Action) bool { return auth.Role(u.Role).Can(a) }

// flash leaves a message for the next admin page the user sees.
func (s *Server) flash(r *http.Request, msg string) { s.sessions.Put(r.Context(), sessFlash, msg) }

// staff lets a request through only for a logged-in user whose role may do
// act: without a session it redirects to the login page, with a role that
// may not it answers 403. A state-changing request must carry the
// session's CSRF token. Every admin page answers fresh: none of them goes
// near the page cache.
func (s *Server) staff(act auth.Action, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Cache-Control"] = cacheNoStore
		u, err := s.sessionUser(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if u == nil {
			next := r.URL.Path
			if r.Method == http.MethodGet && r.URL.RawQuery != "" {
				next += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if !can(u, act) {
			s.fail(w, r, masthead.Errorf(masthead.EFORBIDDEN, "Your role (%s) may not do this.", u.Role))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			limit := int64(maxAdminForm)
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				limit = maxUpload // the editor's form, with a lead image
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if !s.csrfOK(r) {
				s.fail(w, r, masthead.Errorf(masthead.EFORBIDDEN, "This form has expired; go back, reload the page and try again."))
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
	}
}

// sessionUser is the user the session belongs to, or nil when there is no
// login, the account is disabled, or its sessions were ended (a password
// change) after this one began.
func (s *Server) sessionUser(r *http.Request) (*masthead.User, error) {
	id := s.sessions.GetInt64(r.Context(), sessUserID)
	if id == 0 {
		return nil, nil
	}
	u, err := s.store.User(r.Context(), id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	authAt := time.Unix(s.sessions.GetInt64(r.Context(), sessAuthAt), 0)
	if u.Disabled || authAt.Before(u.TokensValidAfter.Truncate(time.Second)) {
		return nil, nil
	}
	return u, nil
}

// safeNext keeps a post-login redirect inside the admin, so the login page
// cannot be used to send people elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/admin") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") ||
		strings.HasPrefix(next, "/admin/login") {
		return "/admin/"
	}
	return next
}
