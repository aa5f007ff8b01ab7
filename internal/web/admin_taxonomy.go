package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/slug"
)

type taxonomyPage struct {
	adminLayout
	Kind   masthead.TermKind
	Kinds  []masthead.TermKind
	Terms  []masthead.Term
	Errors map[string]string // by form: "create", or "rename:SLUG" / "merge:SLUG"
	Typed  map[string]string // what was typed in the form that failed
}

// handleAdminTaxonomy lists the sections (or tags, authors, sources) with
// forms to create, rename and merge them.
// GET /admin/taxonomy?kind=section
func (s *Server) handleAdminTaxonomy(w http.ResponseWriter, r *http.Request) {
	s.renderTaxonomy(w, r, http.StatusOK, masthead.TermKind(r.URL.Query().Get("kind")), nil, nil)
}

func (s *Server) renderTaxonomy(w http.ResponseWriter, r *http.Request, status int, kind masthead.TermKind, errs, typed map[string]string) {
	if !kind.Valid() {
		kind = masthead.KindSection
	}
	terms, err := s.store.Terms(r.Context(), kind)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, "admin/taxonomy", &taxonomyPage{
		adminLayout: s.adminLayout(r, "Sections, tags, authors and sources"),
		Kind:        kind, Kinds: masthead.TermKinds, Terms: terms, Errors: errs, Typed: typed,
	})
}

// handleAdminTaxonomyChange creates, renames or merges a term, then shows
// the list again; a refused change keeps what was typed.
// POST /admin/taxonomy (kind, op=create|rename|merge, slug, name, into)
func (s *Server) handleAdminTaxonomyChange(w http.ResponseWriter, r *http.Request) {
	kind := masthead.TermKind(r.PostFormValue("kind"))
	if !kind.Valid() {
		s.fail(w, r, masthead.Errorf(masthead.EINVALID, "Unknown kind %q.", kind))
		return
	}
	op, from := r.PostFormValue("op"), r.PostFormValue("slug")
	name := strings.Join(strings.Fields(r.PostFormValue("name")), " ")
	var (
		err  error
		form = op
		done string
	)
	switch op {
	case "create":
		err = s.store.CreateTerm(r.Context(), &masthead.Term{Kind: kind, Name: name, Slug: slug.Make(name)})
		done = "Created " + name + "."
	case "rename":
		form = "rename:" + from
		err = s.store.RenameTerm(r.Context(), kind, from, &masthead.Term{Name: name, Slug: slug.Make(name)})
		done = "Renamed; the old address now leads to the new one."
	case "merge":
		form = "merge:" + from
		err = s.store.MergeTerms(r.Context(), kind, from, r.PostFormValue("into"))
		done = "Merged; the old address now leads to the one merged into."
	default:
		err = masthead.Errorf(masthead.EINVALID, "Unknown change %q.", op)
	}
	switch masthead.ErrorCode(err) {
	case "":
	case masthead.EINVALID, masthead.ECONFLICT, masthead.ENOTFOUND:
		s.renderTaxonomy(w, r, http.StatusUnprocessableEntity, kind,
			map[string]string{form: masthead.ErrorMessage(err)}, map[string]string{form: name})
		return
	default:
		s.fail(w, r, err)
		return
	}
	s.InvalidateCache()
	s.flash(r, done)
	http.Redirect(w, r, "/admin/taxonomy?kind="+url.QueryEscape(string(kind)), http.StatusSeeOther)
}
