package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/masthead-news/masthead"
)

// NewTokenSecret makes an API token's secret: 32 random bytes, prefixed so
// that one found in a log or a repository is recognisable. Only its hash is
// stored.
func NewTokenSecret() (secret string, hash []byte) {
	raw := make([]byte, 32)
	rand.Read(raw) // never fails (crypto/rand panics rather than return short)
	secret = "mh_" + base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(secret))
	return secret, sum[:]
}

type tokenRow struct {
	*masthead.Token
	User string // the account's name and role, or "admin (no account)"
}

type tokensPage struct {
	adminLayout
	Tokens []tokenRow
	Users  []*masthead.User
	Secret string // a token just created, shown once
	Error  string
}

// handleAdminTokens lists the API tokens, with a form to create one.
// GET /admin/tokens
func (s *Server) handleAdminTokens(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, "", "")
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, secret, problem string) {
	tokens, err := s.store.Tokens(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Name + " (" + string(u.Role) + ")"
	}
	p := &tokensPage{adminLayout: s.adminLayout(r, "API tokens"), Users: users, Secret: secret, Error: problem}
	for _, t := range tokens {
		name := "admin (no account)"
		if t.UserID != 0 {
			name = names[t.UserID]
		}
		p.Tokens = append(p.Tokens, tokenRow{Token: t, User: name})
	}
	s.renderStatus(w, r, status, "admin/tokens", p)
}

// handleAdminTokenCreate makes a token for an account and shows its secret
// once.
// POST /admin/tokens (name, user)
func (s *Server) handleAdminTokenCreate(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	userID, _ := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	if name == "" || len(name) > 100 {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", "Name the token (what it is for), in at most 100 characters.")
		return
	}
	if _, err := s.store.User(r.Context(), userID); err != nil {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", "Choose the account the token acts for.")
		return
	}
	secret, hash := NewTokenSecret()
	if err := s.store.CreateToken(r.Context(), &masthead.Token{Name: name, UserID: userID}, hash); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTokens(w, r, http.StatusCreated, secret, "")
}

// handleAdminTokenRevoke deletes a token.
// POST /admin/tokens/{id}/revoke
func (s *Server) handleAdminTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.store.DeleteToken(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Token revoked: it no longer works.")
	http.Redirect(w, r, "/admin/tokens", http.StatusSeeOther)
}
