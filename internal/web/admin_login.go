package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/masthead-news/masthead"
)

type loginPage struct {
	adminLayout
	Email, Next, Message string
}

// handleLoginForm shows the login form; a logged-in user goes on.
// GET /admin/login?next=PATH
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	w.Header()["Cache-Control"] = cacheNoStore
	if u, err := s.sessionUser(r); err == nil && u != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderStatus(w, r, http.StatusOK, "admin/login", &loginPage{
		adminLayout: s.adminLayout(r, "Log in"), Next: safeNext(r.URL.Query().Get("next")),
	})
}

// errLogin is the one answer to a wrong email or password, whichever it
// was, so the form never tells whether an account exists.
var errLogin = masthead.Errorf(masthead.EUNAUTHORIZED, "Wrong email or password.")

// handleLogin checks the email and password and starts a session.
// POST /admin/login
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	w.Header()["Cache-Control"] = cacheNoStore
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminForm)
	page := &loginPage{Email: r.PostFormValue("email"), Next: safeNext(r.PostFormValue("next"))}
	if !s.csrfOK(r) {
		s.loginFailed(w, r, page, masthead.Errorf(masthead.EFORBIDDEN, "This form has expired; please log in again."))
		return
	}
	u, err := s.checkLogin(r, page.Email, r.PostFormValue("password"))
	if err != nil {
		s.loginFailed(w, r, page, err)
		return
	}
	// A new token on login, so a session fixed before it is worth nothing.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessUserID, u.ID)
	s.sessions.Put(r.Context(), sessAuthAt, s.now().Unix())
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
}

// checkLogin returns the user whose email and password these are. Unknown
// emails cost a password check too, and count against the throttle alike.
func (s *Server) checkLogin(r *http.Request, email, password string) (*masthead.User, error) {
	ctx, ip := r.Context(), s.clientIP(r)
	if err := s.throttle.Check(ctx, email, ip); err != nil {
		return nil, err
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && masthead.ErrorCode(err) != masthead.ENOTFOUND {
		return nil, err
	}
	ok, rehash := false, false
	if u == nil || u.Disabled {
		s.hasher.DummyCheck(password)
	} else if ok, rehash, err = s.hasher.CheckPassword(password, u.PasswordHash); err != nil {
		return nil, err
	}
	if !ok {
		if err := s.throttle.Failed(ctx, email, ip); err != nil {
			return nil, err
		}
		return nil, errLogin
	}
	if err := s.throttle.Succeeded(ctx, email, ip); err != nil {
		return nil, err
	}
	u.LastLoginAt = s.now()
	if rehash {
		if h, err := s.hasher.HashPassword(password); err == nil {
			u.PasswordHash = h
		}
	}
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// loginFailed shows the form again with the email kept and the reason.
func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, page *loginPage, err error) {
	status := http.StatusUnauthorized
	switch masthead.ErrorCode(err) {
	case masthead.EUNAUTHORIZED:
	case masthead.ERATELIMIT:
		status = http.StatusTooManyRequests
	case masthead.EFORBIDDEN:
		status = http.StatusForbidden
	default:
		s.fail(w, r, err)
		return
	}
	page.adminLayout = s.adminLayout(r, "Log in")
	page.Message = masthead.ErrorMessage(err)
	s.renderStatus(w, r, status, "admin/login", page)
}

// handleLogout ends the session.
// POST /admin/logout
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

// PruneSessions deletes expired sessions and old failed logins every
// interval until ctx ends.
func (s *Server) PruneSessions(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.store.PruneSessions(ctx, s.now()); err != nil && !errors.Is(err, ctx.Err()) {
				s.log.Error("prune sessions", "err", err)
			}
		}
	}
}
