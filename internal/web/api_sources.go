package web

import (
	"net/http"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/ingest"
	"github.com/masthead-news/masthead/internal/slug"
)

// apiFollowedSource is a followed source as the admin API and `masthead source list
// --json` show it.
type apiFollowedSource struct {
	Slug                string    `json:"slug"`
	Name                string    `json:"name"`
	Homepage            string    `json:"homepage"`
	Feeds               []apiFeed `json:"feeds"`
	Interval            string    `json:"interval"`
	Mode                string    `json:"mode"`
	Section             string    `json:"section"`
	Tags                []string  `json:"tags"`
	Include             []string  `json:"include"`
	Exclude             []string  `json:"exclude"`
	FullText            bool      `json:"full_text"`
	Selector            string    `json:"selector"`
	CanonicalToOriginal bool      `json:"canonical_to_original"`
	Healthy             bool      `json:"healthy"`
}

type apiFeed struct {
	URL        string     `json:"url"`
	Healthy    bool       `json:"healthy"`
	LastPolled *time.Time `json:"last_polled"`
	NextPoll   *time.Time `json:"next_poll"`
	Failures   int        `json:"failures"`
	LastError  string     `json:"last_error,omitempty"`
	Imported   int64      `json:"imported"`
}

// SourceView is the admin's view of a followed source, shared by the API
// and the command line so both show the same fields.
func SourceView(c *masthead.SourceConfig) any {
	out := apiFollowedSource{
		Slug: c.Source.Slug, Name: c.Source.Name, Homepage: c.Source.Homepage,
		Interval: c.Interval.String(), Mode: string(c.Mode), Section: c.Section,
		Tags: nonNil(c.Tags), Include: nonNil(c.Include), Exclude: nonNil(c.Exclude),
		FullText: c.FullText, Selector: c.Selector, CanonicalToOriginal: c.Source.CanonicalToOriginal,
		Healthy: true, Feeds: []apiFeed{},
	}
	for _, f := range c.Feeds {
		out.Feeds = append(out.Feeds, apiFeed{
			URL: f.URL, Healthy: f.Healthy(), LastPolled: timeOrNil(f.LastPolled), NextPoll: timeOrNil(f.NextPoll),
			Failures: f.Failures, LastError: f.LastError, Imported: f.Imported,
		})
		out.Healthy = out.Healthy && f.Healthy()
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// apiSourceInput is a source's settings as the API takes them: absent
// fields stay as they are (or take the defaults, for a new source).
type apiSourceInput struct {
	Name                *string   `json:"name"`
	Homepage            *string   `json:"homepage"`
	Feeds               *[]string `json:"feeds"`
	Interval            *string   `json:"interval"` // a Go duration: "30m", "2h"
	Mode                *string   `json:"mode"`
	Section             *string   `json:"section"`
	Tags                *[]string `json:"tags"`
	Include             *[]string `json:"include"`
	Exclude             *[]string `json:"exclude"`
	FullText            *bool     `json:"full_text"`
	Selector            *string   `json:"selector"`
	CanonicalToOriginal *bool     `json:"canonical_to_original"`
}

func (in apiSourceInput) change() (masthead.SourceChange, error) {
	ch := masthead.SourceChange{
		Name: in.Name, Homepage: in.Homepage, Feeds: in.Feeds, Section: in.Section,
		Tags: in.Tags, Include: in.Include, Exclude: in.Exclude, FullText: in.FullText,
		Selector: in.Selector, CanonicalToOriginal: in.CanonicalToOriginal,
	}
	if in.Interval != nil {
		d, err := time.ParseDuration(*in.Interval)
		if err != nil {
			return ch, masthead.Errorf(masthead.EINVALID, "interval %q is not a duration such as 30m or 2h", *in.Interval)
		}
		ch.Interval = &d
	}
	if in.Mode != nil {
		m := masthead.ImportMode(*in.Mode)
		ch.Mode = &m
	}
	return ch, nil
}

// handleAPISources lists the followed sources.
// GET /api/v1/sources
func (s *Server) handleAPISources(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.SourceConfigs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]any, 0, len(list))
	for _, c := range list {
		out = append(out, SourceView(c))
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"sources": out})
}

// handleAPISource shows one followed source.
// GET /api/v1/sources/{slug}
func (s *Server) handleAPISource(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.SourceConfig(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, SourceView(c))
}

// handleAPISourceAdd follows a new source.
// POST /api/v1/sources {"name": "Focus", "feeds": ["https://…"], …}
func (s *Server) handleAPISourceAdd(w http.ResponseWriter, r *http.Request) {
	var in apiSourceInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Name == nil {
		s.fail(w, r, masthead.Errorf(masthead.EINVALID, "name is required"))
		return
	}
	c := masthead.NewSourceConfig(*in.Name)
	ch, err := in.change()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c.Apply(ch)
	c.Source.Slug = slug.Make(c.Source.Name)
	if _, err := s.store.SourceConfig(r.Context(), c.Source.Slug); err == nil {
		s.fail(w, r, masthead.Errorf(masthead.ECONFLICT, "source %q is already followed; change it with PUT /api/v1/sources/%s", c.Source.Name, c.Source.Slug))
		return
	}
	if err := s.store.SaveSourceConfig(r.Context(), c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusCreated, SourceView(c))
}

// handleAPISourceEdit changes a followed source; absent fields stay.
// PUT /api/v1/sources/{slug}
func (s *Server) handleAPISourceEdit(w http.ResponseWriter, r *http.Request) {
	var in apiSourceInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.store.SourceConfig(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ch, err := in.change()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c.Apply(ch)
	if err := s.store.SaveSourceConfig(r.Context(), c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, SourceView(c))
}

// handleAPISourceRemove stops following a source; its articles stay.
// DELETE /api/v1/sources/{slug}
func (s *Server) handleAPISourceRemove(w http.ResponseWriter, r *http.Request) {
	if err := s.store.RemoveSourceConfig(r.Context(), r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleAPISourceFetch polls a source's feeds now and reports what came in.
// POST /api/v1/sources/{slug}/fetch
func (s *Server) handleAPISourceFetch(w http.ResponseWriter, r *http.Request) {
	res, err := s.pollNow(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Imported []apiArticle `json:"imported"`
		Reports  int          `json:"reports"`
		Skipped  int          `json:"skipped"`
		Errors   []string     `json:"errors"`
	}{Imported: []apiArticle{}, Reports: res.Reports, Skipped: res.Skipped, Errors: []string{}}
	for _, a := range res.Imported {
		out.Imported = append(out.Imported, s.apiArticleOf(a))
	}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, e.Error())
	}
	s.writeJSON(w, http.StatusOK, out)
}

// pollNow polls the source of the path at once, as an editor asks, and
// drops cached pages for what it imported.
func (s *Server) pollNow(r *http.Request) (ingest.Result, error) {
	if s.opts.Ingester == nil {
		return ingest.Result{}, masthead.Errorf(masthead.ECONFLICT, "This server does not poll sources.")
	}
	c, err := s.store.SourceConfig(r.Context(), r.PathValue("slug"))
	if err != nil {
		return ingest.Result{}, err
	}
	res := s.opts.Ingester.PollSource(r.Context(), c, true)
	s.InvalidateCache()
	return res, nil
}
