package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/slug"
)

type sourcesPage struct {
	adminLayout
	Sources []*masthead.SourceConfig
}

// handleAdminSources lists the followed sources with their feeds' health.
// GET /admin/sources
func (s *Server) handleAdminSources(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.SourceConfigs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "admin/sources", &sourcesPage{adminLayout: s.adminLayout(r, "Sources"), Sources: list})
}

// handleAdminSourceFetch polls a source now.
// POST /admin/sources/{slug}/fetch
func (s *Server) handleAdminSourceFetch(w http.ResponseWriter, r *http.Request) {
	res, err := s.pollNow(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := res.Source.Name + ": " + countNoun(int64(len(res.Imported)), "article", "articles") + " imported, " +
		countNoun(int64(res.Reports), "copy", "copies") + " of stories the site has"
	if len(res.Errors) > 0 {
		msg += ", " + countNoun(int64(len(res.Errors)), "error", "errors") + ": " + res.Errors[0].Error()
	}
	s.flash(r, msg+".")
	http.Redirect(w, r, "/admin/sources", http.StatusSeeOther)
}

// sourceForm is a followed source's settings as the admin form shows them.
type sourceForm struct {
	Name, Homepage, Feeds, Mode, Interval string
	Section, Tags, Include, Exclude       string
	FullText, Canonical                   bool
	Selector                              string
}

type sourceEditPage struct {
	adminLayout
	Slug   string // "" for a new source
	Form   sourceForm
	Notice string
}

func sourceFormOf(c *masthead.SourceConfig) sourceForm {
	var feeds []string
	for _, f := range c.Feeds {
		feeds = append(feeds, f.URL)
	}
	return sourceForm{
		Name: c.Source.Name, Homepage: c.Source.Homepage, Feeds: strings.Join(feeds, "\n"), Mode: string(c.Mode),
		Interval: c.Interval.String(), Section: c.Section, Tags: strings.Join(c.Tags, ", "),
		Include: strings.Join(c.Include, ", "), Exclude: strings.Join(c.Exclude, ", "),
		FullText: c.FullText, Canonical: c.Source.CanonicalToOriginal, Selector: c.Selector,
	}
}

// handleAdminSourceForm shows the form for a new source, or for one
// followed (/admin/sources/{slug}).
// GET /admin/sources/new, GET /admin/sources/{slug}
func (s *Server) handleAdminSourceForm(w http.ResponseWriter, r *http.Request) {
	p := &sourceEditPage{Form: sourceFormOf(masthead.NewSourceConfig(""))}
	if sl := r.PathValue("slug"); sl != "" {
		c, err := s.store.SourceConfig(r.Context(), sl)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Slug, p.Form = sl, sourceFormOf(c)
	}
	p.adminLayout = s.adminLayout(r, "Source")
	s.render(w, r, "admin/source_edit", p)
}

// handleAdminSourceSave follows a new source or saves one's settings; a
// refused form comes back as typed, with the reason.
// POST /admin/sources/new, POST /admin/sources/{slug}
func (s *Server) handleAdminSourceSave(w http.ResponseWriter, r *http.Request) {
	f := sourceForm{
		Name: r.PostFormValue("name"), Homepage: r.PostFormValue("homepage"), Feeds: r.PostFormValue("feeds"),
		Mode: r.PostFormValue("mode"), Interval: r.PostFormValue("interval"), Section: r.PostFormValue("section"),
		Tags: r.PostFormValue("tags"), Include: r.PostFormValue("include"), Exclude: r.PostFormValue("exclude"),
		FullText: r.PostFormValue("full_text") != "", Canonical: r.PostFormValue("canonical") != "",
		Selector: r.PostFormValue("selector"),
	}
	p := &sourceEditPage{Slug: r.PathValue("slug"), Form: f}
	refuse := func(err error) {
		if code := masthead.ErrorCode(err); code != masthead.EINVALID && code != masthead.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		p.adminLayout = s.adminLayout(r, "Source")
		p.Notice = "Not saved: " + masthead.ErrorMessage(err)
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "admin/source_edit", p)
	}
	interval, err := time.ParseDuration(strings.TrimSpace(f.Interval))
	if err != nil {
		refuse(masthead.Errorf(masthead.EINVALID, "The interval %q is not a duration such as 30m or 2h.", f.Interval))
		return
	}
	mode := masthead.ImportMode(f.Mode)
	feeds := strings.Fields(f.Feeds)
	list := func(v string) *[]string { l := strings.Split(v, ","); return &l }
	ch := masthead.SourceChange{
		Name: &f.Name, Homepage: &f.Homepage, Feeds: &feeds, Interval: &interval, Mode: &mode,
		Section: &f.Section, Tags: list(f.Tags), Include: list(f.Include), Exclude: list(f.Exclude),
		FullText: &f.FullText, Selector: &f.Selector, CanonicalToOriginal: &f.Canonical,
	}
	var c *masthead.SourceConfig
	if p.Slug == "" {
		c = masthead.NewSourceConfig(f.Name)
		c.Apply(ch)
		c.Source.Slug = slug.Make(c.Source.Name)
		if _, err := s.store.SourceConfig(r.Context(), c.Source.Slug); err == nil {
			refuse(masthead.Errorf(masthead.ECONFLICT, "%s is followed already.", c.Source.Name))
			return
		}
	} else {
		if c, err = s.store.SourceConfig(r.Context(), p.Slug); err != nil {
			s.fail(w, r, err)
			return
		}
		c.Apply(ch)
	}
	if err := s.store.SaveSourceConfig(r.Context(), c); err != nil {
		refuse(err)
		return
	}
	s.InvalidateCache()
	s.flash(r, "Saved "+c.Source.Name+".")
	http.Redirect(w, r, "/admin/sources", http.StatusSeeOther)
}

// handleAdminSourceRemove stops following a source; its articles stay.
// POST /admin/sources/{slug}/remove
func (s *Server) handleAdminSourceRemove(w http.ResponseWriter, r *http.Request) {
	if err := s.store.RemoveSourceConfig(r.Context(), r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "No longer following it; its articles stay.")
	http.Redirect(w, r, "/admin/sources", http.StatusSeeOther)
}
