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
	"strconv"
	"strings"
	"sync"
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
var pageNames = []string{"home", "article", "list", "error", "comment_edit", "search"}

// adminPageNames lists the newsroom admin's pages, in templates/admin/.
var adminPageNames = []string{"admin/login", "admin/dashboard", "admin/comments", "admin/sources", "admin/users",
	"admin/articles", "admin/article_edit", "admin/revisions", "admin/settings", "admin/taxonomy", "admin/tokens", "admin/source_edit"}

// shared holds the files every public page is parsed with, and adminShared
// those of every admin page: its own frame, the same partials.
var (
	shared      = []string{"templates/layout.html", "templates/partials.html"}
	adminShared = []string{"templates/admin/layout.html", "templates/partials.html"}
)

type templates struct {
	pages map[string]*template.Template
}

func parseTemplates(a *assets, zone *zoneClock) (*templates, error) {
	funcs := template.FuncMap{
		"asset":       a.url,
		"articlePath": articlePath,
		"datetime":    func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"date":        func(t time.Time) string { return zone.in(t).Format(dateLayout) },
		"clock":       func(t time.Time) string { return zone.in(t).Format("15:04") },
		"initial":     initial,
		"count":       countNoun,
		"media":       mediaURL,
		"srcset":      srcset,
		"int64":       func(n int) int64 { return int64(n) },
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
	adminFiles, err := fs.Glob(templateFS, "templates/admin/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range append(files, adminFiles...) {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if !slices.Contains(shared, f) && !slices.Contains(adminShared, f) &&
			!slices.Contains(pageNames, name) && !slices.Contains(adminPageNames, name) {
			return nil, fmt.Errorf("template %s is not listed in pageNames or adminPageNames", f)
		}
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range append(slices.Clone(pageNames), adminPageNames...) {
		base := shared
		if strings.HasPrefix(name, "admin/") {
			base = adminShared
		}
		files := append(slices.Clone(base), "templates/"+name+".html")
		page, err := template.New(path.Base(name)).Funcs(funcs).ParseFS(templateFS, files...)
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

// buffers are reused for rendering: a page with many comments is hundreds
// of kilobytes, and growing a fresh buffer to that size on every render
// was a large part of its cost.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// putBuffer returns b to the pool, unless it grew so large that keeping it
// would hold memory for a rare page.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		b.Reset()
		buffers.Put(b)
	}
}

// execute renders a page with its layout into buf.
func (t *templates) execute(buf *bytes.Buffer, name string, data any) error {
	page, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	if err := page.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return nil
}

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	s.renderStatus(w, r, http.StatusOK, name, data)
}

// renderStatus writes a page. Rendering into a buffer first means a template
// error becomes a clean error page instead of half a page.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	buf := getBuffer()
	defer putBuffer(buf)
	if err := s.tpl.execute(buf, name, data); err != nil {
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
	w.Write(buf.Bytes())
}

// dateLayout is how dates read on the site.
const dateLayout = "2 January 2006"

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

// countNoun writes a count for readers, with thousands separated: "1 view",
// "1,234 views".
func countNoun(n int64, one, many string) string {
	noun := many
	if n == 1 {
		noun = one
	}
	return thousandsSep(n) + " " + noun
}

// thousandsSep writes n with commas: 12,345.
func thousandsSep(n int64) string {
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 && digits[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// srcset lists an image's renditions for <img srcset>.
func srcset(im *masthead.Image) string {
	parts := make([]string, len(im.Renditions))
	for i, r := range im.Renditions {
		parts[i] = mediaURL(im, r) + " " + strconv.Itoa(r.Width) + "w"
	}
	return strings.Join(parts, ", ")
}
