package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/masthead-news/masthead/internal/ingest"
)

// The admin API follows, changes, polls and drops sources; only with a token.
func TestAPISources(t *testing.T) {
	outlet := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>
<item><title>Dam repairs finished</title><link>http://`+r.Host+`/story/1</link><pubDate>Mon, 26 Feb 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Repairs to the river dam were finished on Monday, two weeks early, after crews worked through the weekend to close the last gap before the spring floods arrive in the valley.&lt;/p&gt;</description></item>
</channel></rss>`)
	}))
	defer outlet.Close()
	ts := newTestServer(t, func(s *Server) {
		in, err := ingest.New(s.store, slog.New(slog.NewTextHandler(io.Discard, nil)),
			ingest.Options{UserAgent: "Masthead-test", AllowPrivate: true, Now: s.now})
		if err != nil {
			t.Fatal(err)
		}
		s.opts.Ingester = in
	})
	token := mustToken(t, ts)
	call := func(method, path, body string, auth bool) response {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		if auth {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Content-Type", "application/json")
		return ts.browser().do(req)
	}

	if res := call("GET", "/api/v1/sources", "", false); res.status != http.StatusUnauthorized {
		t.Fatalf("no token: %d", res.status)
	}
	body := `{"name":"River Post","feeds":["` + outlet.URL + `/feed"],"mode":"publish","tags":["Rivers"],"full_text":false,"interval":"1h"}`
	res := call("POST", "/api/v1/sources", body, true)
	if res.status != http.StatusCreated || !strings.Contains(res.body, `"slug":"river-post"`) || !strings.Contains(res.body, `"interval":"1h0m0s"`) {
		t.Fatalf("add: %d %s", res.status, res.body)
	}
	if res := call("POST", "/api/v1/sources", body, true); res.status != http.StatusConflict {
		t.Errorf("adding twice: %d %s", res.status, res.body)
	}
	for _, bad := range []string{
		`{"name":"No Feeds"}`,
		`{"name":"Bad","feeds":["ftp://x.example/feed"]}`,
		`{"name":"Bad","feeds":["https://x.example/feed"],"interval":"1s"}`,
		`{"name":"Bad","feeds":["https://x.example/feed"],"mode":"yolo"}`,
		`{"feeds":["https://x.example/feed"]}`,
	} {
		if res := call("POST", "/api/v1/sources", bad, true); res.status != http.StatusBadRequest && res.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s, want a 4xx naming the problem", bad, res.status, res.body)
		}
	}
	if res := call("PUT", "/api/v1/sources/river-post", `{"section":"Regions"}`, true); res.status != http.StatusOK || !strings.Contains(res.body, `"section":"Regions"`) || !strings.Contains(res.body, `"mode":"publish"`) {
		t.Fatalf("edit: %d %s", res.status, res.body)
	}

	res = call("POST", "/api/v1/sources/river-post/fetch", "", true)
	var fetched struct {
		Imported []struct {
			Title string `json:"title"`
			URL   string `json:"url"`
		} `json:"imported"`
		Errors []string `json:"errors"`
	}
	if res.status != http.StatusOK || json.Unmarshal([]byte(res.body), &fetched) != nil || len(fetched.Imported) != 1 || fetched.Imported[0].Title != "Dam repairs finished" {
		t.Fatalf("fetch: %d %s", res.status, res.body)
	}
	page := ts.get(strings.TrimPrefix(fetched.Imported[0].URL, ts.URL))
	if page.status != http.StatusOK || !strings.Contains(page.body, "Source: <a href=\""+outlet.URL+"/story/1\"") {
		t.Errorf("imported article page: %d, no attribution link:\n%.2000s", page.status, page.body)
	}

	res = call("GET", "/api/v1/sources", "", true)
	if res.status != http.StatusOK || !strings.Contains(res.body, `"imported":1`) || !strings.Contains(res.body, `"healthy":true`) {
		t.Errorf("list: %d %s", res.status, res.body)
	}
	if res := call("DELETE", "/api/v1/sources/river-post", "", true); res.status != http.StatusNoContent {
		t.Errorf("remove: %d %s", res.status, res.body)
	}
	if res := call("GET", "/api/v1/sources/river-post", "", true); res.status != http.StatusNotFound {
		t.Errorf("after remove: %d", res.status)
	}
}
