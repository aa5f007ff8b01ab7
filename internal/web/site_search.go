package web

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// searchPage is the search form and one page of its results.
type searchPage struct {
	Layout
	Query   string
	Hidden  []hiddenField // the filters, kept when the form is sent again
	Message string        // why nothing was searched for
	Results []searchHit
	Total   int
	AtLeast bool // Total is where counting stopped: there are more
	// Suggestion is the query with its spelling corrected, when the query
	// found nothing and the correction finds something.
	Suggestion    string
	SuggestionURL string
	Pagination    Pagination
}

type hiddenField struct{ Name, Value string }

// searchHit is a result as the page shows it.
type searchHit struct {
	Article *masthead.Article
	// Snippet is trusted only because the store builds it by escaping the
	// article's text and adding <mark> elements of its own.
	Snippet template.HTML
}

// searchFilters are the query parameters that narrow a search, on the page
// and in the API.
var searchFilters = []string{"section", "source", "tag", "from", "to"}

// searchQuery reads q and the filters. Dates are YYYY-MM-DD in UTC and both
// ends are inclusive; a bad one is EINVALID.
func (s *Server) searchQuery(r *http.Request) (masthead.SearchQuery, error) {
	v := r.URL.Query()
	q := masthead.SearchQuery{
		Text:        strings.TrimSpace(v.Get("q")),
		SectionSlug: v.Get("section"),
		SourceSlug:  v.Get("source"),
		TagSlug:     v.Get("tag"),
		VisibleAt:   s.now(),
	}
	for _, d := range []struct {
		name string
		to   *time.Time
		add  time.Duration
	}{{"from", &q.From, 0}, {"to", &q.To, 24 * time.Hour}} {
		raw := v.Get(d.name)
		if raw == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, raw)
		if err != nil {
			return q, masthead.Errorf(masthead.EINVALID, "%s must be a date written YYYY-MM-DD", d.name)
		}
		*d.to = t.Add(d.add)
	}
	return q, nil
}

// searchURL is the path of page n of a search, with its filters.
func searchURL(r *http.Request, n int) string {
	v := url.Values{}
	from := r.URL.Query()
	v.Set("q", strings.TrimSpace(from.Get("q")))
	for _, name := range searchFilters {
		if x := from.Get(name); x != "" {
			v.Set(name, x)
		}
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return "/search?" + v.Encode()
}

// handleSearch serves the search page. It is not cached: queries are as
// many as readers can type.
// GET /search?q=TEXT&page=N (and section, source, tag, from, to)
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	n, err := pageNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := s.searchQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "Search"
	if q.Text != "" {
		title = fmt.Sprintf("Search: %s", q.Text)
	}
	page := &searchPage{Layout: s.layout(r, title, ""), Query: q.Text, Pagination: Pagination{Page: 1, Pages: 1}}
	for _, name := range searchFilters {
		if x := r.URL.Query().Get(name); x != "" {
			page.Hidden = append(page.Hidden, hiddenField{name, x})
		}
	}
	status := http.StatusOK
	switch {
	case q.Text == "":
		page.Message = "Type the words you are looking for."
	default:
		q.Limit, q.Offset = pageSize, (n-1)*pageSize
		results, total, err := s.store.Search(r.Context(), q)
		if masthead.ErrorCode(err) == masthead.EINVALID {
			status, page.Message = http.StatusBadRequest, masthead.ErrorMessage(err)
			break
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
		pages := max(1, (total+pageSize-1)/pageSize)
		if n > pages {
			s.fail(w, r, masthead.Errorf(masthead.ENOTFOUND, "No such page."))
			return
		}
		page.Total, page.AtLeast = total, total >= store.SearchCountLimit
		page.Pagination = Pagination{Page: n, Pages: pages}
		if n > 1 {
			page.Pagination.PrevURL = searchURL(r, n-1)
		}
		if n < pages {
			page.Pagination.NextURL = searchURL(r, n+1)
		}
		for _, res := range results {
			page.Results = append(page.Results, searchHit{Article: res.Article, Snippet: template.HTML(res.Snippet)})
		}
		if total == 0 {
			if page.Suggestion, err = s.suggest(r, q); err != nil {
				s.fail(w, r, err)
				return
			}
			if page.Suggestion != "" {
				v := r.URL.Query()
				v.Set("q", page.Suggestion)
				v.Del("page")
				page.SuggestionURL = "/search?" + v.Encode()
			}
		}
	}
	s.renderStatus(w, r, status, "search", page)
}

// suggest returns the query with its spelling corrected, or "".
func (s *Server) suggest(r *http.Request, q masthead.SearchQuery) (string, error) {
	text, ok, err := s.store.SuggestQuery(r.Context(), q)
	if err != nil || !ok {
		return "", err
	}
	return text, nil
}

// apiSearchResult is an article as the list API shows it, with the snippet.
type apiSearchResult struct {
	apiArticle
	Snippet string `json:"snippet"` // HTML: matches in <mark>, the rest escaped
}

type apiSearchList struct {
	Results    []apiSearchResult `json:"results"`
	NextCursor *string           `json:"next_cursor"`
	// Suggestion is the query spelt right, when it found nothing.
	Suggestion string `json:"suggestion,omitempty"`
}

// handleAPISearch answers a search, best match first. Ranked results have no
// stable key to resume from, so the cursor is an offset (base64url of
// "o" and the number): a page may repeat or skip a result when articles
// change between requests.
// GET /api/v1/search?q=TEXT&limit=N&cursor=C (and section, source, tag, from, to)
func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	q, err := s.searchQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := apiLimit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v := r.URL.Query().Get("cursor"); v != "" {
		if q.Offset, err = decodeOffsetCursor(v); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	q.Limit = limit + 1
	results, _, err := s.store.Search(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiSearchList{Results: make([]apiSearchResult, 0, limit)}
	if len(results) > limit {
		results = results[:limit]
		next := encodeOffsetCursor(q.Offset + limit)
		out.NextCursor = &next
	}
	for _, res := range results {
		out.Results = append(out.Results, apiSearchResult{apiArticle: s.apiArticleOf(res.Article), Snippet: res.Snippet})
	}
	if len(results) == 0 && q.Offset == 0 {
		if out.Suggestion, err = s.suggest(r, q); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.writeJSON(w, http.StatusOK, out)
}

func encodeOffsetCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(offset)))
}

func decodeOffsetCursor(v string) (int, error) {
	bad := masthead.Errorf(masthead.EINVALID, "cursor is not one this API gave out")
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return 0, bad
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(raw), "o"))
	if err != nil || !strings.HasPrefix(string(raw), "o") || n < 1 {
		return 0, bad
	}
	return n, nil
}
