package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
	"github.com/masthead-news/masthead/internal/markup"
	"github.com/masthead-news/masthead/internal/slug"
)

// editorTimeLayout is how publication times travel in the editor's
// datetime-local field; they are UTC.
const editorTimeLayout = "2006-01-02T15:04"

type articlesPage struct {
	adminLayout
	Articles   []*masthead.Article
	Total      int
	Status, Q  string
	Section    string
	Sections   []*masthead.Section
	CanAll     bool // sees everyone's articles, not only their own
	Pagination Pagination
}

// handleAdminArticles lists articles, newest first, with filters; authors
// see their own.
// GET /admin/articles?status=draft&section=SLUG&author=SLUG&source=SLUG&q=WORDS&page=N
func (s *Server) handleAdminArticles(w http.ResponseWriter, r *http.Request) {
	u, q := currentUser(r), r.URL.Query()
	n, err := pageNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := masthead.ArticleFilter{
		Status: masthead.ArticleStatus(q.Get("status")), SectionSlug: q.Get("section"),
		AuthorSlug: q.Get("author"), SourceSlug: q.Get("source"), TitleContains: strings.TrimSpace(q.Get("q")),
		Limit: adminPageSize, Offset: (n - 1) * adminPageSize,
	}
	p := &articlesPage{adminLayout: s.adminLayout(r, "Articles"), Status: q.Get("status"), Q: f.TitleContains,
		Section: f.SectionSlug, CanAll: can(u, auth.ActEditAnyArticle)}
	if !p.CanAll {
		f.CreatedBy = u.ID
	}
	if p.Articles, p.Total, err = s.store.FindArticles(r.Context(), f); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Sections, err = s.store.Sections(r.Context(), s.now().AddDate(100, 0, 0)); err != nil {
		s.fail(w, r, err)
		return
	}
	p.Pagination = adminPagination(r, n, p.Total)
	s.render(w, r, "admin/articles", p)
}

// articleForm is the editor's fields as typed.
type articleForm struct {
	Title, Slug, Standfirst, Body            string
	Section, Tags, Author, Source, SourceURL string
	PublishedAt, Status                      string
	ImageAlt, ImageCaption, ImageCredit      string
}

type editorPage struct {
	adminLayout
	ID         int64
	Form       articleForm
	Base       int64 // UpdatedAt (Unix ms) of the version the form started from; 0 for new
	Errors     map[string]string
	Notice     string
	Conflict   *masthead.Article // the newer version someone else saved
	CanPublish bool
	ViewURL    string // the public page, once published
	Revisions  int
	Image      *masthead.Image // the lead image, uploaded already
	// Sections and Tags suggest names already in use, most used first.
	Sections, Tags []string
}

func formOf(a *masthead.Article) articleForm {
	f := articleForm{
		Title: a.Title, Slug: a.Slug, Standfirst: a.Standfirst, Body: a.Body, SourceURL: a.SourceURL,
		PublishedAt: a.PublishedAt.UTC().Format(editorTimeLayout), Status: string(a.Status),
	}
	if a.Section != nil {
		f.Section = a.Section.Name
	}
	if a.Author != nil {
		f.Author = a.Author.Name
	}
	if a.Source != nil {
		f.Source = a.Source.Name
	}
	var tags []string
	for _, t := range a.Tags {
		tags = append(tags, t.Name)
	}
	f.Tags = strings.Join(tags, ", ")
	if a.Image != nil {
		f.ImageAlt, f.ImageCaption, f.ImageCredit = a.Image.Alt, a.Image.Caption, a.Image.Credit
	}
	return f
}

// handleEditorNew shows an empty editor.
// GET /admin/articles/new
func (s *Server) handleEditorNew(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	form := articleForm{Status: string(masthead.StatusDraft), PublishedAt: s.now().UTC().Format(editorTimeLayout), Author: u.Name}
	s.renderEditor(w, r, http.StatusOK, &editorPage{Form: form})
}

// handleEditor shows an article in the editor, or one of its revisions
// brought back (?revision=ID) to be saved again.
// GET /admin/articles/{id}
func (s *Server) handleEditor(w http.ResponseWriter, r *http.Request) {
	a, ok := s.editableArticle(w, r)
	if !ok {
		return
	}
	p := &editorPage{ID: a.ID, Form: formOf(a), Base: a.UpdatedAt.UnixMilli(), Image: a.Image}
	if v := r.URL.Query().Get("revision"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		rev, err := s.store.Revision(r.Context(), id)
		if err != nil || rev.ArticleID != a.ID {
			s.fail(w, r, masthead.Errorf(masthead.ENOTFOUND, "No such revision of this article."))
			return
		}
		p.Form = formOf(&rev.Article)
		p.Notice = "This is the version saved " + rev.SavedAt.UTC().Format("15:04 on 2 January 2006") + ". Save to bring it back."
	}
	s.renderEditor(w, r, http.StatusOK, p)
}

// editableArticle loads the article of the path and checks the user may
// edit it: editors any, authors their own.
func (s *Server) editableArticle(w http.ResponseWriter, r *http.Request) (*masthead.Article, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return nil, false
	}
	a, err := s.store.Article(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	u := currentUser(r)
	if !auth.Role(u.Role).CanEditArticle(a.CreatedBy == u.ID) {
		s.fail(w, r, masthead.Errorf(masthead.EFORBIDDEN, "You may edit only your own articles."))
		return nil, false
	}
	return a, true
}

func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, status int, p *editorPage) {
	title := "New article"
	if p.ID != 0 {
		title = "Edit: " + p.Form.Title
		revs, err := s.store.Revisions(r.Context(), p.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Revisions = len(revs)
	}
	p.adminLayout = s.adminLayout(r, title)
	var err error
	if p.Sections, err = s.termNames(r, masthead.KindSection); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Tags, err = s.termNames(r, masthead.KindTag); err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	p.CanPublish = auth.Role(u.Role).CanPublishArticle(true, false)
	s.renderStatus(w, r, status, "admin/article_edit", p)
}

// handleEditorSave saves the editor's form: a new article, or a new
// version of one. Every field is kept when the save is refused.
// POST /admin/articles/new, POST /admin/articles/{id}
func (s *Server) handleEditorSave(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	p := &editorPage{Form: articleForm{
		Title: r.PostFormValue("title"), Slug: r.PostFormValue("slug"), Standfirst: r.PostFormValue("standfirst"),
		Body: r.PostFormValue("body"), Section: r.PostFormValue("section"), Tags: r.PostFormValue("tags"),
		Author: r.PostFormValue("author"), Source: r.PostFormValue("source"), SourceURL: r.PostFormValue("source_url"),
		PublishedAt: r.PostFormValue("published_at"), Status: r.PostFormValue("status"),
		ImageAlt: strings.TrimSpace(r.PostFormValue("image_alt")), ImageCaption: strings.TrimSpace(r.PostFormValue("image_caption")),
		ImageCredit: strings.TrimSpace(r.PostFormValue("image_credit")),
	}, Errors: map[string]string{}}
	p.Base, _ = strconv.ParseInt(r.PostFormValue("base"), 10, 64)
	a := &masthead.Article{}
	if r.PathValue("id") != "" {
		old, ok := s.editableArticle(w, r)
		if !ok {
			return
		}
		a.ID, a.CreatedBy, a.ImageURL, p.ID = old.ID, old.CreatedBy, old.ImageURL, old.ID
	}
	s.articleFromForm(p, a)
	if err := s.leadImage(r, p); err != nil {
		s.fail(w, r, err)
		return
	}
	a.Image = p.Image
	if a.Status == masthead.StatusPublished && !auth.Role(u.Role).CanPublishArticle(a.CreatedBy == u.ID || a.ID == 0, false) {
		p.Errors["status"] = "An editor publishes your articles: save it as a draft."
	}
	if len(p.Errors) > 0 {
		p.Notice = "The article was not saved: see below. Nothing you typed is lost."
		s.renderEditor(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	err := s.store.EditArticle(r.Context(), a, time.UnixMilli(p.Base), u.ID)
	switch masthead.ErrorCode(err) {
	case "":
	case masthead.ECONFLICT:
		p.Notice = masthead.ErrorMessage(err)
		if a.ID != 0 && strings.HasPrefix(p.Notice, "Someone saved") {
			// Show their version beside this one, and let a second save
			// knowingly replace it.
			if p.Conflict, err = s.store.Article(r.Context(), a.ID); err != nil {
				s.fail(w, r, err)
				return
			}
			p.Base = p.Conflict.UpdatedAt.UnixMilli()
			p.Notice += " Your text is below, theirs beside it; saving again replaces theirs with yours."
		} else {
			p.Errors["slug"] = p.Notice
			p.Notice = "The article was not saved: see below."
		}
		s.renderEditor(w, r, http.StatusConflict, p)
		return
	case masthead.EINVALID:
		p.Notice = "The article was not saved: " + masthead.ErrorMessage(err)
		s.renderEditor(w, r, http.StatusUnprocessableEntity, p)
		return
	default:
		s.fail(w, r, err)
		return
	}
	s.InvalidateCache()
	s.flash(r, "Saved.")
	http.Redirect(w, r, "/admin/articles/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}

// articleFromForm fills a from the form, noting each field's problem in
// p.Errors.
func (s *Server) articleFromForm(p *editorPage, a *masthead.Article) {
	f := &p.Form
	a.Title = strings.TrimSpace(f.Title)
	if a.Title == "" {
		p.Errors["title"] = "Please enter a headline."
	}
	a.Slug = slug.Make(f.Slug)
	if strings.TrimSpace(f.Slug) == "" {
		a.Slug = slug.Make(a.Title)
	}
	a.Slug = strings.Trim(a.Slug[:min(len(a.Slug), masthead.MaxSlugLen)], "-")
	a.Standfirst = strings.TrimSpace(f.Standfirst)
	a.Body = f.Body
	html, err := markup.Render(f.Body)
	if err != nil {
		p.Errors["body"] = "The body could not be read as Markdown."
	}
	a.BodyHTML = html
	name := func(field, v string) string {
		v = strings.Join(strings.Fields(v), " ")
		if v != "" && slug.Make(v) == "" {
			p.Errors[field] = "Use at least one letter or digit."
		}
		return v
	}
	if v := name("section", f.Section); v != "" {
		a.Section = &masthead.Section{Name: v, Slug: slug.Make(v)}
	}
	if v := name("author", f.Author); v != "" {
		a.Author = &masthead.Author{Name: v, Slug: slug.Make(v)}
	}
	if v := name("source", f.Source); v != "" {
		a.Source = &masthead.Source{Name: v, Slug: slug.Make(v)}
	}
	a.SourceURL = strings.TrimSpace(f.SourceURL)
	if a.SourceURL != "" && a.Source == nil {
		p.Errors["source"] = "Name the source the link goes to."
	}
	for _, t := range strings.Split(f.Tags, ",") {
		if t = name("tags", t); t != "" {
			a.Tags = append(a.Tags, masthead.Tag{Name: t, Slug: slug.Make(t)})
		}
	}
	a.Status = masthead.ArticleStatus(f.Status)
	if a.Status != masthead.StatusDraft && a.Status != masthead.StatusPublished {
		p.Errors["status"] = "Choose draft or published."
	}
	at, err := time.ParseInLocation(editorTimeLayout, strings.TrimSpace(f.PublishedAt), time.UTC)
	if err != nil {
		p.Errors["published_at"] = "Give the publication time as a date and time (UTC)."
	}
	a.PublishedAt = at
	if len(p.Errors) == 0 {
		if err := a.Validate(); err != nil {
			p.Errors["title"] = masthead.ErrorMessage(err)
		}
	}
}

// handlePreview renders the editor's Markdown as the public page would,
// for the live preview.
// POST /admin/preview
func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) {
	html, err := markup.Render(r.PostFormValue("body"))
	if err != nil {
		s.fail(w, r, masthead.Errorf(masthead.EINVALID, "The body could not be read as Markdown."))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(html))
}

type revisionsPage struct {
	adminLayout
	Article   *masthead.Article
	Revisions []masthead.Revision
	Shown     *masthead.Revision
	ShownHTML template.HTML // sanitised by markup
}

// handleRevisions lists an article's saves, and shows one (?show=ID).
// GET /admin/articles/{id}/revisions
func (s *Server) handleRevisions(w http.ResponseWriter, r *http.Request) {
	a, ok := s.editableArticle(w, r)
	if !ok {
		return
	}
	revs, err := s.store.Revisions(r.Context(), a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &revisionsPage{adminLayout: s.adminLayout(r, "Revisions: "+a.Title), Article: a, Revisions: revs}
	if v := r.URL.Query().Get("show"); v != "" {
		for i := range revs {
			if strconv.FormatInt(revs[i].ID, 10) == v {
				p.Shown = &revs[i]
			}
		}
		if p.Shown == nil {
			s.fail(w, r, masthead.Errorf(masthead.ENOTFOUND, "No such revision of this article."))
			return
		}
		html, _ := markup.Render(p.Shown.Article.Body)
		p.ShownHTML = template.HTML(html)
	}
	s.render(w, r, "admin/revisions", p)
}

// leadImage settles the editor's lead image: a new upload (stored at once,
// so a form refused for another reason keeps it without a second upload),
// the one already there with its texts as edited, or none when removed.
// Problems an editor can fix go to p.Errors; other errors are returned.
func (s *Server) leadImage(r *http.Request, p *editorPage) error {
	f := &p.Form
	if r.PostFormValue("remove_image") != "" {
		p.Image = nil
		return nil
	}
	file, header, err := r.FormFile("image")
	if err == nil {
		defer file.Close()
		if header.Size > 0 {
			im, err := s.saveUpload(r.Context(), file, f.ImageAlt, f.ImageCaption, f.ImageCredit)
			if code := masthead.ErrorCode(err); code == masthead.EINVALID || code == masthead.ECONFLICT {
				p.Errors["image"] = masthead.ErrorMessage(err) + " Choose the file again."
				return nil
			} else if err != nil {
				return err
			}
			p.Image = im
			return nil
		}
	}
	id, _ := strconv.ParseInt(r.PostFormValue("image_id"), 10, 64)
	if id == 0 {
		return nil
	}
	im, err := s.store.Image(r.Context(), id)
	if err != nil {
		return err
	}
	p.Image = im
	if im.Alt != f.ImageAlt || im.Caption != f.ImageCaption || im.Credit != f.ImageCredit {
		im.Alt, im.Caption, im.Credit = f.ImageAlt, f.ImageCaption, f.ImageCredit
		if err := s.store.UpdateImage(r.Context(), im); masthead.ErrorCode(err) == masthead.EINVALID {
			p.Errors["image_alt"] = masthead.ErrorMessage(err)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// maxSuggestions bounds the names the editor suggests.
const maxSuggestions = 100

// termNames lists a kind's names, most used first, for suggestions.
func (s *Server) termNames(r *http.Request, kind masthead.TermKind) ([]string, error) {
	terms, err := s.store.Terms(r.Context(), kind)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(terms, func(a, b masthead.Term) int { return b.Articles - a.Articles })
	names := make([]string, 0, min(len(terms), maxSuggestions))
	for _, t := range terms[:min(len(terms), maxSuggestions)] {
		names = append(names, t.Name)
	}
	return names, nil
}
