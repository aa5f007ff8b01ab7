package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

//go:embed templates
var templateFS embed.FS

// pageNames lists every page template. parseTemplates fails when a file in
// templates/ is missing here or the other way round, so a page cannot be
// added or dropped halfway.
var pageNames = []string{"home", "article", "list", "error", "comment_edit"}

// shared holds the files every page is parsed with.
var shared = []string{"templates/layout.html", "templates/partials.html"}

type templates struct {
	pages map[string]*template.Template
}

func parseTemplates(a *assets) (*templates, error) {
	funcs := template.FuncMap{
		"asset":       a.url,
		"articlePath": articlePath,
		"datetime":    func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"date":        func(t time.Time) string { return t.UTC().Format("2 January 2006") },
		"clock":       func(t time.Time) string { return t.UTC().Format("15:04") },
		"initial":     initial,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if !slices.Contains(shared, f) && !slices.Contains(pageNames, name) {
			return nil, fmt.Errorf("template %s is not listed in pageNames", f)
		}
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		files := append(slices.Clone(shared), "templates/"+name+".html")
		page, err := template.New(name).Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		if page.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s defines no \"content\"", name)
		}
		t.pages[name] = page
	}
	return t, nil
}

// execute renders a page with its layout into a new buffer.
func (t *templates) execute(name string, data any) ([]byte, error) {
	page, ok := t.pages[name]
	if !ok {
		return nil, fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	buf.Grow(16 << 10)
	if err := page.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	s.renderStatus(w, r, http.StatusOK, name, data)
}

// renderStatus writes a page. Rendering into a buffer first means a template
// error becomes a clean error page instead of half a page.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	body, err := s.tpl.execute(name, data)
	if err != nil {
		if name == "error" {
			// The error page itself failed: answer in plain words.
			s.log.Error("render error page", "error", err)
			http.Error(w, "Internal error.", http.StatusInternalServerError)
			return
		}
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// initial is the letter shown in a commenter's avatar.
func initial(name string) string {
	name = strings.TrimSpace(name)
	r, _ := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError || !unicode.IsPrint(r) {
		return "?"
	}
	return string(unicode.ToUpper(r))
}

// articlePath is an article's canonical path: /YYYY/MM/DD/slug/, dated by its
// publication in UTC so the URL never depends on the server's zone.
func articlePath(a *masthead.Article) string {
	return a.PublishedAt.UTC().Format("/2006/01/02/") + a.Slug + "/"
}

// ArticleURL is the absolute URL of an article on a site at baseURL.
func ArticleURL(baseURL string, a *masthead.Article) string {
	return strings.TrimRight(baseURL, "/") + articlePath(a)
}
