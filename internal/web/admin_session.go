package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/masthead-news/masthead/internal/store"
)

// Session lifetimes: an idle session ends after an hour; any session after
// twelve, however busy, so a stolen cookie is not good for long.
const (
	sessionIdle     = time.Hour
	sessionLifetime = 12 * time.Hour
)

// Session keys.
const (
	sessUserID = "uid"
	sessAuthAt = "auth_at" // Unix seconds of the login, checked against the user's TokensValidAfter
	sessCSRF   = "csrf"
	sessFlash  = "flash"
)

// sessionStore keeps scs sessions in the site's database, so every instance
// behind a load balancer sees the same sessions.
type sessionStore struct{ st store.Sessions }

func (s sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}
func (s sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}
func (s sessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }
func (s sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return s.st.SessionFind(ctx, token)
}
func (s sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return s.st.SessionCommit(ctx, token, b, expiry)
}
func (s sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.st.SessionDelete(ctx, token)
}

// newSessions configures the admin's session manager: an HttpOnly,
// SameSite=Lax cookie for /admin only, Secure when the site is served over
// HTTPS, and tokens stored hashed so a copy of the database opens no
// session.
func newSessions(st store.Sessions, baseURL string) *scs.SessionManager {
	m := scs.New()
	m.Store = sessionStore{st}
	m.IdleTimeout = sessionIdle
	m.Lifetime = sessionLifetime
	m.HashTokenInStore = true
	m.Cookie.Name = "mh_admin"
	m.Cookie.Path = "/admin"
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = strings.HasPrefix(baseURL, "https://")
	m.Cookie.Persist = false // ends with the browser too
	return m
}

// csrfToken returns the session's token for forms, making one on first use.
// Go's cross-origin protection already refuses cross-site posts from
// browsers; the token also covers browsers that send neither Origin nor
// Sec-Fetch-Site.
func (s *Server) csrfToken(r *http.Request) string {
	if t := s.sessions.GetString(r.Context(), sessCSRF); t != "" {
		return t
	}
	b := make([]byte, 32)
	rand.Read(b)
	t := base64.RawURLEncoding.EncodeToString(b)
	s.sessions.Put(r.Context(), sessCSRF, t)
	return t
}

// csrfOK checks a form's token against the session's.
func (s *Server) csrfOK(r *http.Request) bool {
	want := s.sessions.GetString(r.Context(), sessCSRF)
	got := r.PostFormValue("csrf_token")
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}
