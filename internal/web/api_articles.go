package web

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
)

// apiArticle is an article as the JSON API shows it. It lives here, not in
// the domain, so the API's shape can be kept stable on its own.
type apiArticle struct {
	ID           int64      `json:"id"`
	Slug         string     `json:"slug"`
	URL          string     `json:"url"`
	Title        string     `json:"title"`
	Standfirst   string     `json:"standfirst"`
	Section      *string    `json:"section"`
	Tags         []string   `json:"tags"`
	Author       *string    `json:"author"`
	Source       *apiSource `json:"source"`
	PublishedAt  time.Time  `json:"published_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	CommentCount int        `json:"comment_count"`
	Views        int64      `json:"views"`
	BodyHTML     *string    `json:"body_html,omitempty"`
}

type apiSource struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type apiArticleList struct {
	Articles   []apiArticle `json:"articles"`
	NextCursor *string      `json:"next_cursor"`
}

func (s *Server) apiArticleOf(a *masthead.Article) apiArticle {
	out := apiArticle{
		ID:           a.ID,
		Slug:         a.Slug,
		URL:          s.abs(articlePath(a)),
		Title:        a.Title,
		Standfirst:   a.Standfirst,
		Tags:         make([]string, 0, len(a.Tags)),
		PublishedAt:  a.PublishedAt.UTC(),
		UpdatedAt:    a.UpdatedAt.UTC(),
		CommentCount: a.CommentCount,
		Views:        a.Views,
	}
	if a.Section != nil {
		out.Section = &a.Section.Name
	}
	if a.Author != nil {
		out.Author = &a.Author.Name
	}
	if a.Source != nil {
		out.Source = &apiSource{Name: a.Source.Name, URL: a.SourceURL}
	}
	for _, t := range a.Tags {
		out.Tags = append(out.Tags, t.Name)
	}
	return out
}

// API page sizes.
const (
	apiDefaultLimit = 20
	apiMaxLimit     = 100
)

// handleAPIArticles lists visible articles, newest first, a page at a time.
// GET /api/v1/articles?limit=N&cursor=C
func (s *Server) handleAPIArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := apiLimit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := masthead.ArticleFilter{VisibleAt: s.now(), Limit: limit + 1}
	if v := q.Get("cursor"); v != "" {
		c, err := decodeCursor(v)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f.Before = c
	}
	articles, _, err := s.store.FindArticles(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// One more than asked for tells whether another page exists without a
	// second query.
	out := apiArticleList{Articles: make([]apiArticle, 0, limit)}
	if len(articles) > limit {
		articles = articles[:limit]
		next := encodeCursor(articles[limit-1])
		out.NextCursor = &next
	}
	for _, a := range articles {
		out.Articles = append(out.Articles, s.apiArticleOf(a))
	}
	s.writeJSON(w, http.StatusOK, out)
}

// handleAPIArticle returns one visible article with its body.
// GET /api/v1/articles/{id}
func (s *Server) handleAPIArticle(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		s.fail(w, r, masthead.Errorf(masthead.ENOTFOUND, "No article has the ID %q.", r.PathValue("id")))
		return
	}
	a, err := s.store.Article(r.Context(), id)
	if err == nil && !a.VisibleAt(s.now()) {
		err = masthead.Errorf(masthead.ENOTFOUND, "No article has the ID %d.", id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := s.apiArticleOf(a)
	out.BodyHTML = &a.BodyHTML
	s.writeJSON(w, http.StatusOK, out)
}

// apiLimit reads ?limit=N, the page size of the API's lists.
func apiLimit(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return apiDefaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > apiMaxLimit {
		return 0, masthead.Errorf(masthead.EINVALID, "limit must be a whole number from 1 to %d", apiMaxLimit)
	}
	return n, nil
}

// A cursor is the position of the last article of a page, opaque to clients:
// base64url of "UNIX_MILLIS.ID".
func encodeCursor(a *masthead.Article) string {
	raw := strconv.FormatInt(a.PublishedAt.UnixMilli(), 10) + "." + strconv.FormatInt(a.ID, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(v string) (*masthead.Cursor, error) {
	bad := masthead.Errorf(masthead.EINVALID, "cursor is not one this API gave out")
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, bad
	}
	ms, id, ok := strings.Cut(string(raw), ".")
	if !ok {
		return nil, bad
	}
	t, err1 := strconv.ParseInt(ms, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n < 1 {
		return nil, bad
	}
	return &masthead.Cursor{PublishedAt: time.UnixMilli(t).UTC(), ID: n}, nil
}
