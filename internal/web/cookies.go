package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
)

// Cookie names. Both are set only for readers who commented, and a request
// carrying either is rendered afresh rather than from the page cache,
// because what it shows is that reader's own.
const (
	ownCookie       = "mh_own"       // comments this browser wrote: "ID.TOKEN" pairs
	commenterCookie = "mh_commenter" // name, email and website, with the reader's consent
)

// maxOwn bounds the comments remembered in the cookie; the oldest go first.
const maxOwn = 20

// ownership is how long a browser remembers its comments: long enough to
// see a pending comment approved.
const ownership = 30 * 24 * time.Hour

// ownTokens reads the own-comments cookie: comment ID → owner token. The
// tokens are HMACs made by the comment service; a forged one proves nothing.
func ownTokens(r *http.Request) map[int64]string {
	c, err := r.Cookie(ownCookie)
	if err != nil {
		return nil
	}
	out := map[int64]string{}
	for _, pair := range strings.Split(c.Value, "~") {
		id, tok, ok := strings.Cut(pair, ".")
		n, err := strconv.ParseInt(id, 10, 64)
		if ok && err == nil && tok != "" {
			out[n] = tok
		}
		if len(out) == maxOwn {
			break
		}
	}
	return out
}

func (s *Server) ownToken(r *http.Request, id int64) string { return ownTokens(r)[id] }

// addOwnComment remembers in the reader's browser that they wrote c.
func (s *Server) addOwnComment(w http.ResponseWriter, r *http.Request, c *masthead.Comment) {
	pairs := []string{strconv.FormatInt(c.ID, 10) + "." + s.comments.OwnerToken(c)}
	if old, err := r.Cookie(ownCookie); err == nil {
		for _, p := range strings.Split(old.Value, "~") {
			if len(pairs) == maxOwn {
				break
			}
			if p != "" && !strings.HasPrefix(p, strconv.FormatInt(c.ID, 10)+".") {
				pairs = append(pairs, p)
			}
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name:     ownCookie,
		Value:    strings.Join(pairs, "~"),
		Path:     "/",
		MaxAge:   int(ownership.Seconds()),
		HttpOnly: true,
		Secure:   s.secureCookies(),
		SameSite: http.SameSiteLaxMode,
	})
}

// ownComments returns the reader's own pending and approved comments on an
// article, proven by their tokens; spam and trash stay out of sight.
func (s *Server) ownComments(r *http.Request, articleID int64) map[int64]*masthead.Comment {
	out := map[int64]*masthead.Comment{}
	for id, tok := range ownTokens(r) {
		c, err := s.store.Comment(r.Context(), id)
		if err != nil || c.ArticleID != articleID || !s.comments.Owns(c, tok) {
			continue
		}
		if c.Status == masthead.CommentPending || c.Status == masthead.CommentApproved {
			out[id] = c
		}
	}
	return out
}

// commenter is what a reader asked us to remember for their next comment.
type commenter struct {
	Name    string `json:"n"`
	Email   string `json:"e"`
	Website string `json:"w"`
}

func readCommenter(r *http.Request) (commenter, bool) {
	var c commenter
	ck, err := r.Cookie(commenterCookie)
	if err != nil {
		return c, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return commenter{}, false
	}
	return c, true
}

func (s *Server) writeCommenter(w http.ResponseWriter, c commenter) {
	raw, _ := json.Marshal(c) // three strings always encode
	http.SetCookie(w, &http.Cookie{
		Name:     commenterCookie,
		Value:    base64.RawURLEncoding.EncodeToString(raw),
		Path:     "/",
		MaxAge:   365 * 24 * 3600,
		HttpOnly: true,
		Secure:   s.secureCookies(),
		SameSite: http.SameSiteLaxMode,
	})
}

func forgetCommenter(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: commenterCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// personal reports whether a request must be rendered for its reader alone
// rather than served from the shared page cache.
func personal(r *http.Request) bool {
	if len(r.Header["Cookie"]) == 0 && r.URL.RawQuery == "" {
		return false // the common case, decided without parsing
	}
	if r.URL.Query().Has("replytocom") {
		return true
	}
	for _, c := range r.Cookies() {
		if c.Name == ownCookie || c.Name == commenterCookie {
			return true
		}
	}
	return false
}

// secureCookies reports whether cookies should be sent over HTTPS only: when
// the site is served over HTTPS, whether or not a proxy ends TLS before us.
func (s *Server) secureCookies() bool { return s.baseURL.Scheme == "https" }
