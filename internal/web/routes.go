package web

import (
	"net/http"

	"github.com/masthead-news/masthead/internal/auth"
)

// routes lists every route of the site on one screen. Public pages that are
// the same for every reader go through s.cached (article pages only when the
// reader carries none of their own comments or details); the rest answer
// fresh.
//
// Article URLs are /YYYY/MM/DD/slug/, whose four free segments overlap any
// other four-segment pattern; Go's ServeMux refuses overlapping patterns of
// equal specificity, so the other routes keep to other shapes. The mux itself
// redirects an article URL typed without its final slash, and handleNotFound
// answers unknown /api/ paths in JSON.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.cached(h, nil)) }

	page("GET /{$}", s.handleHome)
	mux.Handle("GET /{year}/{month}/{day}/{slug}/{$}", s.cached(http.HandlerFunc(s.handleArticle), personal))
	mux.HandleFunc("POST /{year}/{month}/{day}/{slug}/comments", s.handleCommentPost)
	mux.HandleFunc("GET /comments/{id}/edit", s.handleCommentEditForm)
	mux.HandleFunc("POST /comments/{id}/edit", s.handleCommentEdit)
	mux.HandleFunc("POST /comments/{id}/delete", s.handleCommentDelete)
	page("GET /section/{slug}/{$}", s.handleList(listSection))
	page("GET /tag/{slug}/{$}", s.handleList(listTag))
	page("GET /source/{slug}/{$}", s.handleList(listSource))
	page("GET /author/{slug}/{$}", s.handleList(listAuthor))
	// Searches are as many as readers can type, so they skip the page cache.
	mux.HandleFunc("GET /search", s.handleSearch)

	// For search engines; exact paths are more specific than /{feed}.
	page("GET /robots.txt", s.handleRobots)
	page("GET /sitemap.xml", s.handleSitemapIndex)
	page("GET /sitemap-news.xml", s.handleNewsSitemap)
	page("GET /sitemaps/{file}", s.handleSitemap)

	page("GET /{feed}", s.handleFeed(listHome))
	page("GET /section/{slug}/{feed}", s.handleFeed(listSection))
	page("GET /tag/{slug}/{feed}", s.handleFeed(listTag))
	page("GET /source/{slug}/{feed}", s.handleFeed(listSource))
	page("GET /author/{slug}/{feed}", s.handleFeed(listAuthor))

	page("GET /api/v1/articles", s.handleAPIArticles)
	page("GET /api/v1/articles/{id}", s.handleAPIArticle)
	page("GET /api/v1/articles/{id}/comments", s.handleAPIComments)
	mux.HandleFunc("GET /api/v1/search", s.handleAPISearch)
	mux.HandleFunc("POST /api/v1/articles/{id}/comments", s.handleAPICommentPost)
	mux.HandleFunc("POST /api/v1/articles", s.admin(auth.ActEditOwnArticle, s.handleAPIArticleCreate))
	mux.HandleFunc("PUT /api/v1/articles/{id}", s.admin(auth.ActEditOwnArticle, s.handleAPIArticleUpdate))
	mux.HandleFunc("DELETE /api/v1/articles/{id}", s.admin(auth.ActEditOwnArticle, s.handleAPIArticleDelete))
	mux.HandleFunc("POST /api/v1/articles/{id}/publish", s.admin(auth.ActEditOwnArticle, s.handleAPIArticlePublish))
	mux.HandleFunc("GET /api/v1/comments", s.admin(auth.ActModerateComments, s.handleAPIModerationList))
	mux.HandleFunc("POST /api/v1/comments/moderate", s.admin(auth.ActModerateComments, s.handleAPIModerate))
	mux.HandleFunc("GET /api/v1/settings", s.admin(auth.ActManageSettings, s.handleAPISettings))
	mux.HandleFunc("PUT /api/v1/settings", s.admin(auth.ActManageSettings, s.handleAPISettingSet))
	mux.HandleFunc("GET /api/v1/sources", s.admin(auth.ActManageSources, s.handleAPISources))
	mux.HandleFunc("POST /api/v1/sources", s.admin(auth.ActManageSources, s.handleAPISourceAdd))
	mux.HandleFunc("GET /api/v1/sources/{slug}", s.admin(auth.ActManageSources, s.handleAPISource))
	mux.HandleFunc("PUT /api/v1/sources/{slug}", s.admin(auth.ActManageSources, s.handleAPISourceEdit))
	mux.HandleFunc("DELETE /api/v1/sources/{slug}", s.admin(auth.ActManageSources, s.handleAPISourceRemove))
	mux.HandleFunc("POST /api/v1/sources/{slug}/fetch", s.admin(auth.ActManageSources, s.handleAPISourceFetch))
	// Other methods on API routes answer 405 in JSON; not on
	// /api/v1/articles/{id}/comments, whose method-less pattern would overlap
	// POST /{year}/{month}/{day}/{slug}/comments.
	for _, p := range []string{"/api/v1/articles", "/api/v1/articles/{id}",
		"/api/v1/search", "/api/v1/comments", "/api/v1/comments/moderate", "/api/v1/settings",
		"/api/v1/sources", "/api/v1/sources/{slug}", "/api/v1/sources/{slug}/fetch"} {
		mux.HandleFunc(p, s.handleAPIMethodNotAllowed)
	}

	// The newsroom admin: sessions only here, every page fresh, every
	// route checking the role (staff) but the login form itself.
	admin := func(pattern string, h http.Handler) { mux.Handle(pattern, s.sessions.LoadAndSave(h)) }
	mux.Handle("GET /admin", http.RedirectHandler("/admin/", http.StatusMovedPermanently)) // before /{feed} catches it
	admin("GET /admin/login", http.HandlerFunc(s.handleLoginForm))
	admin("POST /admin/login", http.HandlerFunc(s.handleLogin))
	admin("POST /admin/logout", s.staff(auth.ActViewDashboard, s.handleLogout))
	admin("GET /admin/{$}", s.staff(auth.ActViewDashboard, s.handleDashboard))
	admin("GET /admin/articles", s.staff(auth.ActEditOwnArticle, s.handleAdminArticles))
	admin("GET /admin/articles/new", s.staff(auth.ActEditOwnArticle, s.handleEditorNew))
	admin("POST /admin/articles/new", s.staff(auth.ActEditOwnArticle, s.handleEditorSave))
	admin("GET /admin/articles/{id}", s.staff(auth.ActEditOwnArticle, s.handleEditor))
	admin("POST /admin/articles/{id}", s.staff(auth.ActEditOwnArticle, s.handleEditorSave))
	admin("GET /admin/articles/{id}/revisions", s.staff(auth.ActEditOwnArticle, s.handleRevisions))
	admin("POST /admin/preview", s.staff(auth.ActEditOwnArticle, s.handlePreview))
	admin("GET /admin/comments", s.staff(auth.ActModerateComments, s.handleAdminComments))
	admin("POST /admin/comments", s.staff(auth.ActModerateComments, s.handleAdminModerate))
	admin("GET /admin/sources", s.staff(auth.ActManageSources, s.handleAdminSources))
	admin("GET /admin/sources/new", s.staff(auth.ActManageSources, s.handleAdminSourceForm))
	admin("POST /admin/sources/new", s.staff(auth.ActManageSources, s.handleAdminSourceSave))
	admin("GET /admin/sources/{slug}", s.staff(auth.ActManageSources, s.handleAdminSourceForm))
	admin("POST /admin/sources/{slug}", s.staff(auth.ActManageSources, s.handleAdminSourceSave))
	admin("POST /admin/sources/{slug}/remove", s.staff(auth.ActManageSources, s.handleAdminSourceRemove))
	admin("POST /admin/sources/{slug}/fetch", s.staff(auth.ActManageSources, s.handleAdminSourceFetch))
	admin("GET /admin/taxonomy", s.staff(auth.ActManageTaxonomy, s.handleAdminTaxonomy))
	admin("POST /admin/taxonomy", s.staff(auth.ActManageTaxonomy, s.handleAdminTaxonomyChange))
	admin("GET /admin/tokens", s.staff(auth.ActManageTokens, s.handleAdminTokens))
	admin("POST /admin/tokens", s.staff(auth.ActManageTokens, s.handleAdminTokenCreate))
	admin("POST /admin/tokens/{id}/revoke", s.staff(auth.ActManageTokens, s.handleAdminTokenRevoke))
	admin("GET /admin/settings", s.staff(auth.ActManageSettings, s.handleAdminSettings))
	admin("POST /admin/settings", s.staff(auth.ActManageSettings, s.handleAdminSettingsSave))
	admin("GET /admin/users", s.staff(auth.ActManageUsers, s.handleAdminUsers))
	admin("POST /admin/users", s.staff(auth.ActManageUsers, s.handleAdminUserAdd))

	mux.HandleFunc("GET /static/{hash}/{name}", s.handleStatic)
	mux.HandleFunc("GET /media/{id}/{file}", s.handleMedia)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", s.metrics.handler())

	mux.HandleFunc("/", s.handleNotFound)
	// Cross-origin form posts are refused (403) by Go's protection, which
	// reads the browser's Sec-Fetch-Site and Origin headers; clients that are
	// not browsers send neither and pass.
	csrf := http.NewCrossOriginProtection()
	return s.observe(s.secure(s.recover(csrf.Handler(mux))))
}
