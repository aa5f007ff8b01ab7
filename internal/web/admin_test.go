package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
)

const testPassword = "correct horse battery staple"

// mustUser creates a newsroom account with testPassword.
func (ts *testServer) mustUser(email string, role masthead.Role) *masthead.User {
	ts.t.Helper()
	hash, err := auth.TestHasher().HashPassword(testPassword)
	if err != nil {
		ts.t.Fatal(err)
	}
	u := &masthead.User{Email: email, Name: "User " + string(role), Role: role, PasswordHash: hash}
	if err := ts.store.CreateUser(ts.t.Context(), u); err != nil {
		ts.t.Fatal(err)
	}
	return u
}

// formToken loads an admin page and returns the CSRF token of its forms.
func (b *browser) formToken(path string) string {
	b.ts.t.Helper()
	_, doc := b.get(path)
	tok, ok := doc.Find(`input[name="csrf_token"]`).First().Attr("value")
	if !ok || tok == "" {
		b.ts.t.Fatalf("GET %s: no CSRF token in the page", path)
	}
	return tok
}

// postForm posts fields to path with the headers a same-origin browser
// form sends.
func (b *browser) postForm(path string, fields url.Values) response {
	b.ts.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.ts.URL+path, strings.NewReader(fields.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// login logs in through the form and fails the test unless it worked.
func (b *browser) login(email, password string) {
	b.ts.t.Helper()
	tok := b.formToken("/admin/login")
	res := b.postForm("/admin/login", url.Values{"csrf_token": {tok}, "email": {email}, "password": {password}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/admin/" {
		b.ts.t.Fatalf("login as %s: %d → %q\n%.500s", email, res.status, res.header.Get("Location"), res.body)
	}
}

func TestLogin(t *testing.T) {
	ts := newTestServer(t)
	ts.mustUser("ed@example.com", masthead.RoleEditor)

	b := ts.browser()
	if res, _ := b.get("/admin/"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/admin/login?next=%2Fadmin%2F" {
		t.Fatalf("the dashboard without a session: %d → %q", res.status, res.header.Get("Location"))
	}
	res, doc := b.get("/admin/login")
	cookie := res.header.Get("Set-Cookie")
	for _, want := range []string{"mh_admin=", "Path=/admin", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("a Secure cookie on an http:// site: %q", cookie)
	}
	tok := doc.Find(`input[name="csrf_token"]`).AttrOr("value", "")
	before := sessionCookie(t, b)

	// Wrong password and unknown email answer alike, keeping the email.
	for _, email := range []string{"ed@example.com", "nobody@example.com"} {
		res := b.postForm("/admin/login", url.Values{"csrf_token": {tok}, "email": {email}, "password": {"wrong password!"}})
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(res.body))
		if res.status != http.StatusUnauthorized || doc.Find(".form-notice").Text() != "Wrong email or password." ||
			doc.Find("#email").AttrOr("value", "") != email || doc.Find("#password").AttrOr("value", "") != "" {
			t.Errorf("%s with a wrong password: %d %q", email, res.status, doc.Find(".form-notice").Text())
		}
	}
	// Without the form's token the login is refused.
	if res := b.postForm("/admin/login", url.Values{"email": {"ed@example.com"}, "password": {testPassword}}); res.status != http.StatusForbidden {
		t.Errorf("login without the CSRF token: %d", res.status)
	}

	b.login("ed@example.com", testPassword)
	if after := sessionCookie(t, b); after == before || after == "" {
		t.Errorf("the session token was not renewed on login")
	}
	res, doc = b.get("/admin/")
	if res.status != http.StatusOK || doc.Find("h1").Text() != "Dashboard" || res.header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("dashboard after login: %d %q %q", res.status, doc.Find("h1").Text(), res.header.Get("Cache-Control"))
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if res.header.Get(h) == "" {
			t.Errorf("the admin lacks the %s header", h)
		}
	}
	u, _ := ts.store.UserByEmail(t.Context(), "ed@example.com")
	if u.LastLoginAt.IsZero() {
		t.Errorf("LastLoginAt not set")
	}

	// Logging out ends the session.
	res = b.postForm("/admin/logout", url.Values{"csrf_token": {b.formToken("/admin/")}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.status)
	}
	if res, _ := b.get("/admin/"); res.status != http.StatusSeeOther {
		t.Errorf("the dashboard after logout: %d", res.status)
	}
}

func sessionCookie(t *testing.T, b *browser) string {
	u, _ := url.Parse(b.ts.URL + "/admin/")
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "mh_admin" {
			return c.Value
		}
	}
	return ""
}

// Failed logins are throttled per account, with the same message whether
// the account exists or not; a disabled account cannot log in.
func TestLoginThrottleAndDisabled(t *testing.T) {
	ts := newTestServer(t)
	u := ts.mustUser("ann@example.com", masthead.RoleAdmin)
	b := ts.browser()
	tok := b.formToken("/admin/login")
	try := func(email, password string) response {
		return b.postForm("/admin/login", url.Values{"csrf_token": {tok}, "email": {email}, "password": {password}})
	}
	for range auth.DefaultLimits().PerAccount {
		try("ann@example.com", "not the password")
	}
	res := try("ann@example.com", testPassword)
	if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, "Too many failed logins") {
		t.Errorf("the right password after 5 failures: %d, want 429", res.status)
	}
	for range auth.DefaultLimits().PerAccount {
		try("ghost@example.com", "not the password")
	}
	if res := try("ghost@example.com", "x"); res.status != http.StatusTooManyRequests {
		t.Errorf("an unknown account is not throttled alike: %d", res.status)
	}
	ts.clock.Advance(16 * time.Minute)
	u.Disabled = true
	if err := ts.store.UpdateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	if res := try("ann@example.com", testPassword); res.status != http.StatusUnauthorized {
		t.Errorf("a disabled account: %d, want 401", res.status)
	}
}

// Every admin route answers every role as the roles table says, and a
// stranger is sent to the login page.
func TestAdminRoutesByRole(t *testing.T) {
	ts := newTestServer(t)
	// An article from the command line: nobody's own, so authors may not.
	art := "/admin/articles/" + itoa(int(ts.mustSave(articleSpec{title: "Walked"}).ID))
	editors := []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor}
	routes := []struct {
		method, path string
		allowed      []masthead.Role
		form         url.Values
	}{
		{"GET", "/admin/", masthead.Roles, nil},
		{"GET", "/admin/articles", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor, masthead.RoleAuthor}, nil},
		{"GET", "/admin/articles/new", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor, masthead.RoleAuthor}, nil},
		{"POST", "/admin/articles/new", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor, masthead.RoleAuthor}, url.Values{"title": {""}}},
		{"POST", "/admin/preview", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor, masthead.RoleAuthor}, url.Values{"body": {"x"}}},
		{"GET", "/admin/comments", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor, masthead.RoleModerator}, nil},
		{"POST", "/admin/comments", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor, masthead.RoleModerator}, url.Values{"action": {"approve"}}},
		{"GET", "/admin/sources", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor}, nil},
		{"POST", "/admin/sources/none/fetch", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor}, nil},
		{"GET", "/admin/users", []masthead.Role{masthead.RoleAdmin}, nil},
		{"GET", "/admin/settings", []masthead.Role{masthead.RoleAdmin}, nil},
		{"GET", "/admin/tokens", []masthead.Role{masthead.RoleAdmin}, nil},
		{"POST", "/admin/tokens/999/revoke", []masthead.Role{masthead.RoleAdmin}, nil},
		{"GET", art, editors, nil},
		{"POST", art, editors, url.Values{"title": {""}}},
		{"GET", art + "/revisions", editors, nil},
		{"POST", "/admin/tokens", []masthead.Role{masthead.RoleAdmin}, url.Values{"name": {""}}},
		{"GET", "/admin/taxonomy", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor}, nil},
		{"POST", "/admin/taxonomy", []masthead.Role{masthead.RoleAdmin, masthead.RoleEditor}, url.Values{"kind": {"tag"}, "op": {"create"}, "name": {""}}},
		{"POST", "/admin/settings", []masthead.Role{masthead.RoleAdmin}, nil},
		{"POST", "/admin/users", []masthead.Role{masthead.RoleAdmin}, url.Values{"name": {"X"}}},
		{"POST", "/admin/logout", masthead.Roles, nil},
	}
	browsers := map[masthead.Role]*browser{}
	for _, role := range masthead.Roles {
		ts.mustUser(string(role)+"@example.com", role)
	}
	for _, rt := range routes {
		for _, role := range append([]masthead.Role{"stranger"}, masthead.Roles...) {
			b := browsers[role]
			if b == nil || rt.path == "/admin/logout" {
				b = ts.browser()
				if role != "stranger" {
					b.login(string(role)+"@example.com", testPassword)
				}
				browsers[role] = b
			}
			var res response
			if rt.method == "GET" {
				res, _ = b.get(rt.path)
			} else {
				form := url.Values{}
				for k, v := range rt.form {
					form[k] = v
				}
				if role != "stranger" {
					form.Set("csrf_token", b.formToken("/admin/"))
				}
				res = b.postForm(rt.path, form)
			}
			allowed := false
			for _, r := range rt.allowed {
				allowed = allowed || r == role
			}
			switch {
			case role == "stranger":
				if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/admin/login") {
					t.Errorf("%s %s as a stranger: %d → %q, want a redirect to the login", rt.method, rt.path, res.status, res.header.Get("Location"))
				}
			case !allowed:
				if res.status != http.StatusForbidden {
					t.Errorf("%s %s as %s: %d, want 403", rt.method, rt.path, role, res.status)
				}
			default:
				if res.status == http.StatusForbidden || res.status == http.StatusSeeOther && strings.HasPrefix(res.header.Get("Location"), "/admin/login") && rt.path != "/admin/logout" {
					t.Errorf("%s %s as %s: %d → %q, want it allowed", rt.method, rt.path, role, res.status, res.header.Get("Location"))
				}
			}
		}
	}
}

// A state-changing admin request needs the session's token: a forged form
// without it, or a cross-site post, is refused.
func TestAdminCSRF(t *testing.T) {
	ts := newTestServer(t)
	ts.mustUser("admin@example.com", masthead.RoleAdmin)
	b := ts.browser()
	b.login("admin@example.com", testPassword)
	form := url.Values{"name": {"Mallory"}, "email": {"m@example.com"}, "role": {"admin"}, "password": {"a long enough password"}}
	if res := b.postForm("/admin/users", form); res.status != http.StatusForbidden {
		t.Errorf("without a token: %d, want 403", res.status)
	}
	form.Set("csrf_token", b.formToken("/admin/users"))
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/admin/users", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if res := b.do(req); res.status != http.StatusForbidden {
		t.Errorf("cross-site with a token: %d, want 403", res.status)
	}
	if _, err := ts.store.UserByEmail(t.Context(), "m@example.com"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("a refused request created the account")
	}
}

// The moderation queue shows pending comments with what moderators need,
// and approves several at once.
func TestModerationQueue(t *testing.T) {
	ts := newTestServer(t)
	a := ts.mustSave(articleSpec{title: "Budget day"})
	var ids []string
	for _, name := range []string{"Ann", "Bob", "Cy"} {
		c := ts.mustComment(&masthead.Comment{ArticleID: a.ID, Name: name, Email: strings.ToLower(name) + "@example.com",
			IP: "192.0.2.7", Body: "Comment <b>by</b> " + name, Status: masthead.CommentPending, SpamScore: 0.4})
		ids = append(ids, itoa(int(c.ID)))
	}
	ts.mustUser("mod@example.com", masthead.RoleModerator)
	b := ts.browser()
	b.login("mod@example.com", testPassword)
	_, dash := b.get("/admin/")
	if got := strings.Join(strings.Fields(dash.Find(".stats li").First().Text()), " "); got != "3 comments awaiting moderation" {
		t.Errorf("dashboard: %q", got)
	}
	if dash.Find("svg.chart").Length() != 2 {
		t.Errorf("dashboard: %d charts, want 2", dash.Find("svg.chart").Length())
	}
	res, doc := b.get("/admin/comments")
	if res.status != http.StatusOK || doc.Find(".queue-item").Length() != 3 {
		t.Fatalf("queue: %d with %d items", res.status, doc.Find(".queue-item").Length())
	}
	meta := doc.Find(".queue-item .meta").First().Text()
	for _, want := range []string{"@example.com", "192.0.2.7", "spam score 0.40", "pending"} {
		if !strings.Contains(meta, want) {
			t.Errorf("queue item lacks %q: %q", want, meta)
		}
	}
	if !strings.Contains(res.body, "Comment &lt;b&gt;by&lt;/b&gt;") {
		t.Errorf("a comment's text is not escaped in the queue")
	}
	tok := doc.Find(`input[name="csrf_token"]`).AttrOr("value", "")
	res = b.postForm("/admin/comments", url.Values{"csrf_token": {tok}, "action": {"approve"}, "id": ids[:2], "back": {"/admin/comments?status=pending"}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/admin/comments?status=pending" {
		t.Fatalf("bulk approve: %d → %q", res.status, res.header.Get("Location"))
	}
	_, doc = b.get("/admin/comments?status=pending")
	if doc.Find(".queue-item").Length() != 1 || !strings.Contains(doc.Find(".flash").Text(), "2 comments approved") {
		t.Errorf("after approving two: %d left, flash %q", doc.Find(".queue-item").Length(), doc.Find(".flash").Text())
	}
	if _, doc := ts.browser().get(articlePath(a)); doc.Find(".comment").Length() != 2 {
		t.Errorf("the article shows %d comments, want the 2 approved", doc.Find(".comment").Length())
	}
}

// Adding a user checks the password rules and keeps what was typed.
func TestAdminAddUser(t *testing.T) {
	ts := newTestServer(t)
	ts.mustUser("admin@example.com", masthead.RoleAdmin)
	b := ts.browser()
	b.login("admin@example.com", testPassword)
	tok := b.formToken("/admin/users")
	res := b.postForm("/admin/users", url.Values{"csrf_token": {tok}, "name": {"Nadia Reporter"}, "email": {"nadia@example.com"}, "role": {"author"}, "password": {"short"}})
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(res.body))
	if res.status != http.StatusUnprocessableEntity || doc.Find("#password-error").Text() == "" ||
		doc.Find("#name").AttrOr("value", "") != "Nadia Reporter" || doc.Find("#email").AttrOr("value", "") != "nadia@example.com" {
		t.Fatalf("a short password: %d, error %q", res.status, doc.Find("#password-error").Text())
	}
	res = b.postForm("/admin/users", url.Values{"csrf_token": {tok}, "name": {"Nadia Reporter"}, "email": {"nadia@example.com"}, "role": {"author"}, "password": {"a quiet harbour at dawn"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("add: %d %.300s", res.status, res.body)
	}
	nb := ts.browser()
	nb.login("nadia@example.com", "a quiet harbour at dawn")
	if res, _ := nb.get("/admin/users"); res.status != http.StatusForbidden {
		t.Errorf("an author on the users page: %d, want 403", res.status)
	}
}

// The settings page saves the comment policy, keeping a refused entry as
// typed with the reason.
func TestAdminSettings(t *testing.T) {
	ts := newTestServer(t)
	dated := ts.mustSave(articleSpec{title: "Dated story"})
	ts.mustUser("admin@example.com", masthead.RoleAdmin)
	b := ts.browser()
	b.login("admin@example.com", testPassword)
	tok := b.formToken("/admin/settings")
	form := url.Values{"csrf_token": {tok},
		"site.title": {"The Harbour Herald"}, "site.description": {"News from the coast."}, "site.language": {"en-GB"},
		"site.time_zone": {"Pacific/Auckland"}, "site.base_url": {"https://herald.example"},
		"comments.moderation": {"all"}, "comments.close_after_days": {"14"}, "comments.max_depth": {"3"},
		"comments.rate_per_minute": {"5"}, "comments.article_rate_per_minute": {"60"}, "comments.min_seconds": {"3"},
		"comments.blocklist.words": {"casino\ncheap pills"}, "comments.blocklist.ips": {"192.0.2.0/24\nnot-an-ip"},
		"comments.blocklist.email_domains": {"spam.example"}}
	res := b.postForm("/admin/settings", form)
	doc := docOf(t, res)
	if res.status != http.StatusUnprocessableEntity || doc.Find(`#comments\.blocklist\.ips`).Text() != "192.0.2.0/24\nnot-an-ip" {
		t.Fatalf("a bad address: %d, kept %q", res.status, doc.Find(`#comments\.blocklist\.ips`).Text())
	}
	set, err := ts.comments.Settings(t.Context())
	if err != nil || set.Moderation != "all" || set.CloseAfterDays != 14 || len(set.BlockedWords) != 2 {
		t.Errorf("the good settings were not saved: %+v, %v", set, err)
	}
	form.Set("comments.blocklist.ips", "192.0.2.0/24")
	if res := b.postForm("/admin/settings", form); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.status)
	}
	// The site's new name and language show on its pages at once.
	ts.InvalidateCache()
	home := ts.mustDoc("/", http.StatusOK)
	if home.Find(".site-title").Text() != "The Harbour Herald" || home.Find("html").AttrOr("lang", "") != "en-GB" ||
		home.Find(`meta[name="description"]`).AttrOr("content", "") != "News from the coast." {
		t.Errorf("home after the settings: title %q, lang %q", home.Find(".site-title").Text(), home.Find("html").AttrOr("lang", ""))
	}
	if c := home.Find(`link[rel="canonical"]`).AttrOr("href", ""); c != "https://herald.example/" {
		t.Errorf("canonical after the base URL changed: %q", c)
	}
	// Dates read in the site's zone (Auckland is 13 hours ahead of UTC).
	auckland, _ := time.LoadLocation("Pacific/Auckland")
	if d, want := home.Find(".teaser time").First().Text(), dated.PublishedAt.In(auckland).Format(dateLayout); d != want {
		t.Errorf("teaser date in the site's zone = %q, want %q", d, want)
	}
	res = b.postMultipart("/admin/settings", form, "site.logo", "logo.jpg", photo(t, 300, 100))
	if res.status != http.StatusSeeOther {
		t.Fatalf("logo upload: %d %.300s", res.status, res.body)
	}
	ts.InvalidateCache()
	if logo := ts.mustDoc("/", http.StatusOK).Find(".site-title img.logo"); logo.Length() != 1 {
		t.Errorf("no logo in the header")
	}
	form.Set("site.time_zone", "Mars/Olympus")
	if res := b.postForm("/admin/settings", form); res.status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown time zone: %d", res.status)
	}
	form.Set("site.time_zone", "UTC")
	form.Set("site.language", "English!")
	if res := b.postForm("/admin/settings", form); res.status != http.StatusUnprocessableEntity {
		t.Errorf("a bad language tag: %d", res.status)
	}
}

// Renaming and merging in the admin: old list pages and feeds redirect for
// good.
func TestAdminTaxonomy(t *testing.T) {
	ts := newTestServer(t)
	ts.mustSave(articleSpec{title: "Storm closes the port", section: "World", tags: []string{"Weather", "Storms"}})
	ts.mustUser("ed@example.com", masthead.RoleEditor)
	b := ts.browser()
	b.login("ed@example.com", testPassword)
	tok := b.formToken("/admin/taxonomy")
	post := func(v url.Values) response {
		v.Set("csrf_token", tok)
		return b.postForm("/admin/taxonomy", v)
	}
	if res := post(url.Values{"kind": {"section"}, "op": {"rename"}, "slug": {"world"}, "name": {"International"}}); res.status != http.StatusSeeOther {
		t.Fatalf("rename: %d %.300s", res.status, res.body)
	}
	for path, want := range map[string]string{
		"/section/world/":         "/section/international/",
		"/section/world/feed.xml": "/section/international/feed.xml",
		"/section/world/?page=2":  "/section/international/?page=2",
	} {
		if res := ts.get(path); res.status != http.StatusMovedPermanently || res.header.Get("Location") != want {
			t.Errorf("GET %s: %d → %q, want 301 → %q", path, res.status, res.header.Get("Location"), want)
		}
	}
	if doc := ts.mustDoc("/section/international/", http.StatusOK); !strings.Contains(doc.Find("h1").Text(), "International") {
		t.Errorf("the renamed section's page: %q", doc.Find("h1").Text())
	}
	if res := post(url.Values{"kind": {"tag"}, "op": {"merge"}, "slug": {"storms"}, "into": {"weather"}}); res.status != http.StatusSeeOther {
		t.Fatalf("merge: %d", res.status)
	}
	if res := ts.get("/tag/storms/"); res.status != http.StatusMovedPermanently || res.header.Get("Location") != "/tag/weather/" {
		t.Errorf("the merged tag: %d → %q", res.status, res.header.Get("Location"))
	}
	// A refused change keeps what was typed and says why.
	res := post(url.Values{"kind": {"tag"}, "op": {"rename"}, "slug": {"weather"}, "name": {"!!!"}})
	doc := docOf(t, res)
	if res.status != http.StatusUnprocessableEntity || doc.Find("#rename-weather").AttrOr("value", "") != "!!!" || doc.Find(".field-error").Text() == "" {
		t.Errorf("a name without letters: %d, kept %q", res.status, doc.Find("#rename-weather").AttrOr("value", ""))
	}
	if res := ts.get("/tag/nothing-ever/"); res.status != http.StatusNotFound {
		t.Errorf("an unknown tag: %d", res.status)
	}
}

// Editors follow, change and drop sources in the admin.
func TestAdminSourceForms(t *testing.T) {
	ts := newTestServer(t)
	ts.mustUser("ed@example.com", masthead.RoleEditor)
	b := ts.browser()
	b.login("ed@example.com", testPassword)
	tok := b.formToken("/admin/sources/new")
	form := url.Values{"csrf_token": {tok}, "name": {"Focus"}, "homepage": {"https://focus.example/"},
		"feeds": {"https://focus.example/rss\nhttps://focus.example/atom"}, "mode": {"publish"}, "interval": {"10m"},
		"section": {"World"}, "tags": {"Wire, Europe"}, "full_text": {"1"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("interval", "1m")
	res := b.postForm("/admin/sources/new", bad)
	if doc := docOf(t, res); res.status != http.StatusUnprocessableEntity || doc.Find("#feeds").Text() != form.Get("feeds") || !strings.Contains(doc.Find(".form-notice").Text(), "interval") {
		t.Fatalf("a too short interval: %d %q", res.status, doc.Find(".form-notice").Text())
	}
	if res := b.postForm("/admin/sources/new", form); res.status != http.StatusSeeOther {
		t.Fatalf("follow: %d %.300s", res.status, res.body)
	}
	c, err := ts.store.SourceConfig(t.Context(), "focus")
	if err != nil || len(c.Feeds) != 2 || c.Mode != masthead.ImportPublish || c.Interval != 10*time.Minute || len(c.Tags) != 2 || !c.FullText {
		t.Fatalf("followed = %+v, %v", c, err)
	}
	_, doc := b.get("/admin/sources/focus")
	edit := url.Values{"csrf_token": {tok}}
	doc.Find("form input, form textarea, form select").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch goquery.NodeName(s) {
		case "textarea":
			edit.Set(name, s.Text())
		case "select":
			edit.Set(name, s.Find("option[selected]").AttrOr("value", ""))
		default:
			if s.AttrOr("type", "") == "checkbox" && s.AttrOr("checked", "-") == "-" {
				return
			}
			if name != "csrf_token" {
				edit.Set(name, s.AttrOr("value", ""))
			}
		}
	})
	edit.Set("mode", "review")
	if res := b.postForm("/admin/sources/focus", edit); res.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.status)
	}
	if c, _ := ts.store.SourceConfig(t.Context(), "focus"); c.Mode != masthead.ImportReview || len(c.Feeds) != 2 || c.Interval != 10*time.Minute {
		t.Errorf("after the edit = %+v", c)
	}
	if res := b.postForm("/admin/sources/focus/remove", url.Values{"csrf_token": {tok}}); res.status != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.status)
	}
	if _, err := ts.store.SourceConfig(t.Context(), "focus"); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("after remove: %v", err)
	}
}
