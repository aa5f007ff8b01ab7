package web

import "net/http"

// routes lists every route of the site on one screen. Public pages that are
// the same for every reader go through s.cached; the rest answer fresh.
//
// Article URLs are /YYYY/MM/DD/slug/, whose four free segments overlap any
// other four-segment pattern; Go's ServeMux refuses overlapping patterns of
// equal specificity, so the other routes keep to other shapes. The mux itself
// redirects an article URL typed without its final slash, and handleNotFound
// answers unknown /api/ paths in JSON.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.cached(h)) }

	page("GET /{$}", s.handleHome)
	page("GET /{year}/{month}/{day}/{slug}/{$}", s.handleArticle)
	page("GET /section/{slug}/{$}", s.handleList(listSection))
	page("GET /tag/{slug}/{$}", s.handleList(listTag))
	page("GET /source/{slug}/{$}", s.handleList(listSource))
	page("GET /author/{slug}/{$}", s.handleList(listAuthor))

	page("GET /{feed}", s.handleFeed(listHome))
	page("GET /section/{slug}/{feed}", s.handleFeed(listSection))
	page("GET /tag/{slug}/{feed}", s.handleFeed(listTag))
	page("GET /source/{slug}/{feed}", s.handleFeed(listSource))
	page("GET /author/{slug}/{feed}", s.handleFeed(listAuthor))

	page("GET /api/v1/articles", s.handleAPIArticles)
	page("GET /api/v1/articles/{id}", s.handleAPIArticle)
	mux.HandleFunc("/api/v1/articles", s.handleAPIMethodNotAllowed)
	mux.HandleFunc("/api/v1/articles/{id}", s.handleAPIMethodNotAllowed)

	mux.HandleFunc("GET /static/{hash}/{name}", s.handleStatic)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", s.metrics.handler())

	mux.HandleFunc("/", s.handleNotFound)
	return s.observe(s.secure(s.recover(mux)))
}
