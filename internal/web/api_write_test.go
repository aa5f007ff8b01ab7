package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/masthead-news/masthead"
)

// tokenFor makes an API token acting for a new account with the role.
func (ts *testServer) tokenFor(role masthead.Role) (string, *masthead.User) {
	ts.t.Helper()
	u := ts.mustUser(string(role)+"-api@example.com", role)
	secret, hash := NewTokenSecret()
	if err := ts.store.CreateToken(ts.t.Context(), &masthead.Token{Name: "test", UserID: u.ID}, hash); err != nil {
		ts.t.Fatal(err)
	}
	return secret, u
}

func (ts *testServer) api(method, path, token, body string) response {
	ts.t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return ts.browser().do(req)
}

// The write API: an author creates drafts, an editor publishes; roles are
// the token's account's; conflicts and deletion work as in the editor.
func TestAPIArticleWrites(t *testing.T) {
	ts := newTestServer(t)
	authorTok, _ := ts.tokenFor(masthead.RoleAuthor)
	editorTok, _ := ts.tokenFor(masthead.RoleEditor)
	modTok, _ := ts.tokenFor(masthead.RoleModerator)

	body := `{"title":"Tram line opens","body":"The **tram** runs.","section":"City","tags":["Transport"],"status":"published"}`
	if res := ts.api("POST", "/api/v1/articles", authorTok, body); res.status != http.StatusForbidden {
		t.Errorf("an author publishing: %d %s", res.status, res.body)
	}
	if res := ts.api("POST", "/api/v1/articles", modTok, body); res.status != http.StatusForbidden {
		t.Errorf("a moderator writing: %d", res.status)
	}
	res := ts.api("POST", "/api/v1/articles", authorTok, strings.Replace(body, `"published"`, `"draft"`, 1))
	var created struct {
		ID        int64  `json:"id"`
		Status    string `json:"status"`
		UpdatedAt string `json:"updated_at"`
		URL       string `json:"url"`
	}
	if res.status != http.StatusCreated || json.Unmarshal([]byte(res.body), &created) != nil || created.Status != "draft" {
		t.Fatalf("an author's draft: %d %s", res.status, res.body)
	}
	path := "/api/v1/articles/" + itoa(int(created.ID))
	if res := ts.api("POST", path+"/publish", authorTok, ""); res.status != http.StatusForbidden {
		t.Errorf("the author publishing their draft: %d", res.status)
	}
	if res := ts.api("POST", path+"/publish", editorTok, ""); res.status != http.StatusOK || !strings.Contains(res.body, `"status":"published"`) {
		t.Fatalf("the editor publishing: %d %s", res.status, res.body)
	}
	if res := ts.get(strings.TrimPrefix(created.URL, ts.URL)); res.status != http.StatusOK || !strings.Contains(res.body, "<strong>tram</strong>") {
		t.Errorf("the published article's page: %d", res.status)
	}
	// An update based on an old read is refused.
	stale := `{"title":"Tram line opens","body":"Old text.","status":"published","updated_at":"` + created.UpdatedAt + `"}`
	if res := ts.api("PUT", path, editorTok, stale); res.status != http.StatusConflict {
		t.Errorf("a stale update: %d %s", res.status, res.body)
	}
	if res := ts.api("PUT", path, editorTok, `{"title":"Tram line opens on time","body":"New.","status":"published"}`); res.status != http.StatusOK {
		t.Errorf("an update: %d %s", res.status, res.body)
	}
	if res := ts.api("PUT", path, editorTok, `{"title":""}`); res.status != http.StatusBadRequest {
		t.Errorf("an update without a title: %d", res.status)
	}
	if res := ts.api("DELETE", path, authorTok, ""); res.status != http.StatusNoContent {
		t.Errorf("the author deleting their article: %d %s", res.status, res.body)
	}
	if res := ts.api("DELETE", path, editorTok, ""); res.status != http.StatusNotFound {
		t.Errorf("deleting twice: %d", res.status)
	}
}

// Tokens made on the admin page act as their account, and stop when revoked.
func TestAdminTokens(t *testing.T) {
	ts := newTestServer(t)
	ts.mustUser("admin@example.com", masthead.RoleAdmin)
	mod := ts.mustUser("mod@example.com", masthead.RoleModerator)
	b := ts.browser()
	b.login("admin@example.com", testPassword)
	res := b.postForm("/admin/tokens", url.Values{"csrf_token": {b.formToken("/admin/tokens")}, "name": {"queue bot"}, "user": {itoa(int(mod.ID))}})
	doc := docOf(t, res)
	secret := doc.Find("code.secret").Text()
	if res.status != http.StatusCreated || !strings.HasPrefix(secret, "mh_") {
		t.Fatalf("create: %d %q", res.status, secret)
	}
	if res := ts.api("GET", "/api/v1/comments", secret, ""); res.status != http.StatusOK {
		t.Errorf("the moderator's token on the queue: %d", res.status)
	}
	if res := ts.api("GET", "/api/v1/settings", secret, ""); res.status != http.StatusForbidden {
		t.Errorf("the moderator's token on settings: %d", res.status)
	}
	tokens, _ := ts.store.Tokens(t.Context())
	if res := b.postForm("/admin/tokens/"+itoa(int(tokens[0].ID))+"/revoke", url.Values{"csrf_token": {b.formToken("/admin/tokens")}}); res.status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.status)
	}
	if res := ts.api("GET", "/api/v1/comments", secret, ""); res.status != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d", res.status)
	}
}
