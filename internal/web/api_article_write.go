package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
	"github.com/masthead-news/masthead/internal/markup"
	"github.com/masthead-news/masthead/internal/slug"
)

// apiArticleInput is an article as the write API takes it. The body is
// Markdown, as in the editor.
type apiArticleInput struct {
	Title       string     `json:"title"`
	Slug        string     `json:"slug"`
	Standfirst  string     `json:"standfirst"`
	Body        string     `json:"body"`
	Section     string     `json:"section"`
	Tags        []string   `json:"tags"`
	Author      string     `json:"author"`
	Source      string     `json:"source"`
	SourceURL   string     `json:"source_url"`
	PublishedAt *time.Time `json:"published_at"` // default now
	Status      string     `json:"status"`       // draft (default) or published
	// UpdatedAt, on an update, is the updated_at the client last read:
	// when someone saved since, the update is refused (409). Leave it out
	// to overwrite whatever is there.
	UpdatedAt *time.Time `json:"updated_at"`
}

// apiWrittenArticle is what the write API answers: the article as the
// read API shows it, with its status and updated_at for the next update.
type apiWrittenArticle struct {
	apiArticle
	Status  string `json:"status"`
	BodyMD  string `json:"body"`
	Version string `json:"updated_at_ms"`
}

func (s *Server) apiWritten(a *masthead.Article) apiWrittenArticle {
	out := apiWrittenArticle{apiArticle: s.apiArticleOf(a), Status: string(a.Status), BodyMD: a.Body,
		Version: strconv.FormatInt(a.UpdatedAt.UnixMilli(), 10)}
	return out
}

// articleOf fills an article from the input, or says what is wrong.
func (s *Server) articleOf(in apiArticleInput, a *masthead.Article) error {
	a.Title, a.Standfirst, a.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Standfirst), in.Body
	a.Slug = slug.Make(in.Slug)
	if strings.TrimSpace(in.Slug) == "" {
		a.Slug = slug.Make(a.Title)
	}
	a.Slug = strings.Trim(a.Slug[:min(len(a.Slug), masthead.MaxSlugLen)], "-")
	html, err := markup.Render(in.Body)
	if err != nil {
		return masthead.Errorf(masthead.EINVALID, "The body could not be read as Markdown.")
	}
	a.BodyHTML = html
	a.Section, a.Author, a.Source, a.Tags = nil, nil, nil, nil
	if v := strings.TrimSpace(in.Section); v != "" {
		a.Section = &masthead.Section{Name: v, Slug: slug.Make(v)}
	}
	if v := strings.TrimSpace(in.Author); v != "" {
		a.Author = &masthead.Author{Name: v, Slug: slug.Make(v)}
	}
	if v := strings.TrimSpace(in.Source); v != "" {
		a.Source = &masthead.Source{Name: v, Slug: slug.Make(v)}
	}
	a.SourceURL = strings.TrimSpace(in.SourceURL)
	for _, t := range in.Tags {
		if t = strings.TrimSpace(t); t != "" {
			a.Tags = append(a.Tags, masthead.Tag{Name: t, Slug: slug.Make(t)})
		}
	}
	a.Status = masthead.ArticleStatus(in.Status)
	if a.Status == "" {
		a.Status = masthead.StatusDraft
	}
	a.PublishedAt = s.now().Truncate(time.Millisecond)
	if in.PublishedAt != nil {
		a.PublishedAt = in.PublishedAt.UTC()
	}
	return a.Validate()
}

// mayPublish checks the account may give the article published status.
func mayPublish(u *masthead.User, a *masthead.Article) error {
	if a.Status == masthead.StatusPublished && !auth.Role(u.Role).CanPublishArticle(a.CreatedBy == u.ID || a.ID == 0, false) {
		return masthead.Errorf(masthead.EFORBIDDEN, "An editor publishes your articles: save it as a draft.")
	}
	return nil
}

// handleAPIArticleCreate creates an article.
// POST /api/v1/articles
func (s *Server) handleAPIArticleCreate(w http.ResponseWriter, r *http.Request) {
	var in apiArticleInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	a := &masthead.Article{}
	if err := s.articleOf(in, a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := mayPublish(u, a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.EditArticle(r.Context(), a, time.Time{}, u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.InvalidateCache()
	s.writeJSON(w, http.StatusCreated, s.apiWritten(a))
}

// handleAPIArticleUpdate replaces an article's fields.
// PUT /api/v1/articles/{id}
func (s *Server) handleAPIArticleUpdate(w http.ResponseWriter, r *http.Request) {
	a, ok := s.editableArticle(w, r)
	if !ok {
		return
	}
	var in apiArticleInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	base := a.UpdatedAt
	if in.UpdatedAt != nil {
		base = in.UpdatedAt.UTC()
	}
	if err := s.articleOf(in, a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := mayPublish(currentUser(r), a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.EditArticle(r.Context(), a, base, currentUser(r).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.InvalidateCache()
	s.writeJSON(w, http.StatusOK, s.apiWritten(a))
}

// handleAPIArticlePublish publishes an article, at its publication time
// (now, if it had none in the future).
// POST /api/v1/articles/{id}/publish
func (s *Server) handleAPIArticlePublish(w http.ResponseWriter, r *http.Request) {
	a, ok := s.editableArticle(w, r)
	if !ok {
		return
	}
	a.Status = masthead.StatusPublished
	if err := mayPublish(currentUser(r), a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.EditArticle(r.Context(), a, a.UpdatedAt, currentUser(r).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.InvalidateCache()
	s.writeJSON(w, http.StatusOK, s.apiWritten(a))
}

// handleAPIArticleDelete deletes an article for good.
// DELETE /api/v1/articles/{id}
func (s *Server) handleAPIArticleDelete(w http.ResponseWriter, r *http.Request) {
	a, ok := s.editableArticle(w, r)
	if !ok {
		return
	}
	if err := s.store.DeleteArticle(r.Context(), a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.InvalidateCache()
	w.WriteHeader(http.StatusNoContent)
}
