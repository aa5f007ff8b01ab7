package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/masthead-news/masthead"
)

// browser is one reader: a cookie jar and a client that does not follow
// redirects, so tests see the post/redirect/get.
type browser struct {
	ts     *testServer
	client *http.Client
}

func (ts *testServer) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{ts: ts, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (b *browser) do(req *http.Request) response {
	b.ts.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.ts.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(body)}
}

func (b *browser) get(path string) (response, *goquery.Document) {
	b.ts.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.ts.URL+path, nil)
	res := b.do(req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.body))
	if err != nil {
		b.ts.t.Fatal(err)
	}
	return res, doc
}

// post submits the comment form of the article at path the way a browser
// does: it loads the page, waits past the form's time trap, and sends the
// fields with the hidden ones the page carried.
func (b *browser) post(path string, fields map[string]string) (response, *goquery.Document) {
	b.ts.t.Helper()
	_, page := b.get(path)
	form := url.Values{}
	page.Find("form.comment-form input, form.comment-form textarea").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if t, _ := s.Attr("type"); t == "checkbox" {
			return
		}
		v, _ := s.Attr("value")
		if goquery.NodeName(s) == "textarea" {
			v = s.Text()
		}
		form.Set(name, v)
	})
	for k, v := range fields {
		form.Set(k, v)
	}
	action, _ := page.Find("form.comment-form").Attr("action")
	b.ts.advance(5 * time.Second) // a person takes longer than the time trap
	req, _ := http.NewRequest(http.MethodPost, b.ts.URL+action, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := b.do(req)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(res.body))
	return res, doc
}

func TestCommentPostingFlow(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	path := articlePath(a)
	alice, bob := ts.browser(), ts.browser()

	res, _ := alice.post(path, map[string]string{"comment": "First thoughts.\n\nSecond paragraph.", "name": "Alice", "email": "alice@example.com", "remember": "yes"})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), path+"#comment-") {
		t.Fatalf("post: status %d, Location %q\n%.400s", res.status, res.header.Get("Location"), res.body)
	}
	id := strings.TrimPrefix(res.header.Get("Location"), path+"#comment-")

	_, doc := alice.get(path)
	mine := doc.Find("#comment-" + id)
	if text(mine.Find(".pending")) != "Your comment is awaiting moderation." || !strings.Contains(text(mine.Find(".comment-body")), "First thoughts.") {
		t.Fatalf("the writer does not see their pending comment:\n%s", text(doc.Find("#comments")))
	}
	if v, _ := doc.Find("#name").Attr("value"); v != "Alice" {
		t.Fatalf("remembered name %q", v)
	}
	if doc.Find("#remember[checked]").Length() != 1 {
		t.Fatal("consent box not ticked for a remembered reader")
	}
	if _, doc := bob.get(path); doc.Find("#comment-"+id).Length() != 0 || strings.Contains(doc.Text(), "First thoughts") {
		t.Fatal("another reader sees a pending comment")
	}

	n, err := ts.comments.Moderate(t.Context(), masthead.CommentApproved, mustID(t, id))
	if err != nil || n != 1 {
		t.Fatalf("approve: %d, %v", n, err)
	}
	ts.InvalidateCache()
	_, doc = bob.get(path)
	if doc.Find("#comment-"+id).Length() != 1 || doc.Find("#comment-"+id+" .pending").Length() != 0 {
		t.Fatal("approved comment not shown to everyone")
	}
	if got := text(doc.Find("#comments-heading")); got != "1 comment" {
		t.Fatalf("heading %q", got)
	}

	// Bob replies without JavaScript: the Reply link opens the form with
	// parent set.
	href, _ := doc.Find("#comment-" + id + " a.reply").Attr("href")
	_, replyDoc := bob.get(path + href[:strings.Index(href, "#")])
	if v, _ := replyDoc.Find("input[name=parent]").Attr("value"); v != id {
		t.Fatalf("reply form parent %q, want %s", v, id)
	}
	if got := text(replyDoc.Find("#reply-title")); got != "Reply to Alice" {
		t.Fatalf("reply heading %q", got)
	}
	res, _ = bob.post(path+href[:strings.Index(href, "#")], map[string]string{"comment": "I disagree.", "name": "Bob"})
	if res.status != http.StatusSeeOther {
		t.Fatalf("reply: status %d", res.status)
	}
	_, doc = bob.get(path)
	if doc.Find("#comment-"+id+" .replies .comment .pending").Length() != 1 {
		t.Fatal("the pending reply is not nested under its parent for its writer")
	}

	// Unticked, nothing is remembered.
	carol := ts.browser()
	carol.post(path, map[string]string{"comment": "Hello.", "name": "Carol", "email": "carol@example.com"})
	if _, doc := carol.get(path); doc.Find("#name").AttrOr("value", "") != "" {
		t.Fatal("name remembered without consent")
	}
}

func TestCommentFormKeepsInput(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	path := articlePath(a)

	tests := []struct {
		name    string
		fields  map[string]string
		status  int
		errors  map[string]string
		notice  string
		keepTxt string
	}{
		{"Empty", map[string]string{"comment": " ", "name": ""}, http.StatusUnprocessableEntity,
			map[string]string{"comment": "Please enter your comment!", "name": "Please enter your name here"}, "", ""},
		{"BadEmailAndWebsite", map[string]string{"comment": "Kept text", "name": "Dan", "email": "dan@", "website": "javascript:alert(1)"}, http.StatusUnprocessableEntity,
			map[string]string{"email": "You have entered an incorrect email address!", "website": "Please enter a web address starting with http:// or https://"}, "", "Kept text"},
		{"TooLong", map[string]string{"comment": strings.Repeat("x", 10001), "name": "Dan"}, http.StatusUnprocessableEntity,
			map[string]string{"comment": "Your comment is too long: at most 10,000 characters (yours has 10,001)."}, "", ""},
		{"Honeypot", map[string]string{"comment": "Buy now", "name": "Bot", honeypotField: "http://spam.example"}, http.StatusUnprocessableEntity,
			nil, "Your comment could not be accepted. If you are a person, please wait a few seconds and send it again.", "Buy now"},
		{"ForgedToken", map[string]string{"comment": "Quick", "name": "Bot", formTokenField: "nonsense"}, http.StatusUnprocessableEntity,
			nil, "Your comment could not be accepted. If you are a person, please wait a few seconds and send it again.", "Quick"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, doc := ts.browser().post(path, tt.fields)
			if res.status != tt.status {
				t.Fatalf("status %d, want %d", res.status, tt.status)
			}
			for field, msg := range tt.errors {
				if got := text(doc.Find("#" + field + "-error")); got != msg {
					t.Errorf("%s message %q, want %q", field, got, msg)
				}
			}
			if got := text(doc.Find(".form-notice")); got != tt.notice {
				t.Errorf("notice %q, want %q", got, tt.notice)
			}
			if tt.keepTxt != "" && doc.Find("#comment").Text() != tt.keepTxt {
				t.Errorf("comment field holds %q, want what was typed", doc.Find("#comment").Text())
			}
			if name := tt.fields["name"]; doc.Find("#name").AttrOr("value", "") != name {
				t.Errorf("name field holds %q, want %q", doc.Find("#name").AttrOr("value", ""), name)
			}
		})
	}
}

func TestCommentRefusals(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	path := articlePath(a)

	t.Run("RateLimited", func(t *testing.T) {
		ts.comments.SetSetting(t.Context(), "comments.rate_per_minute", "1")
		b := ts.browser()
		var last response
		var doc *goquery.Document
		for i := range 6 {
			last, doc = b.post(path, map[string]string{"comment": fmt.Sprintf("Comment %d", i), "name": "Eve"})
			if last.status == http.StatusTooManyRequests {
				break
			}
		}
		if last.status != http.StatusTooManyRequests {
			t.Fatalf("never rate-limited; last status %d", last.status)
		}
		if doc.Find("#comment").Text() == "" || text(doc.Find(".form-notice")) == "" {
			t.Fatal("the 429 page lost the form or its message")
		}
		ts.comments.SetSetting(t.Context(), "comments.rate_per_minute", "0")
	})
	t.Run("Closed", func(t *testing.T) {
		if err := ts.comments.SetClosed(t.Context(), a.ID, true); err != nil {
			t.Fatal(err)
		}
		ts.InvalidateCache()
		_, doc := ts.browser().get(path)
		if got := text(doc.Find("#reply-title")); got != "Comments are closed" || doc.Find("form.comment-form").Length() != 0 {
			t.Fatalf("closed article shows %q and %d forms", got, doc.Find("form.comment-form").Length())
		}
		ts.comments.SetClosed(t.Context(), a.ID, false)
	})
	t.Run("CrossOrigin", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path+"comments", strings.NewReader("comment=x&name=y"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res := ts.browser().do(req); res.status != http.StatusForbidden {
			t.Fatalf("cross-site post: status %d, want 403", res.status)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path+"comments", strings.NewReader("comment="+strings.Repeat("x", 200<<10)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if res := ts.browser().do(req); res.status != http.StatusBadRequest {
			t.Fatalf("oversized post: status %d, want 400", res.status)
		}
	})
}

func TestCommentEditWindow(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	path := articlePath(a)
	alice := ts.browser()
	res, _ := alice.post(path, map[string]string{"comment": "Tpyo here.", "name": "Alice"})
	id := strings.TrimPrefix(res.header.Get("Location"), path+"#comment-")

	if res, _ := ts.browser().get("/comments/" + id + "/edit"); res.status != http.StatusForbidden {
		t.Fatalf("a stranger may edit: status %d", res.status)
	}
	_, doc := alice.get("/comments/" + id + "/edit")
	if doc.Find("#comment").Text() != "Tpyo here." {
		t.Fatal("edit form lacks the comment")
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/comments/"+id+"/edit", strings.NewReader("comment=Typo+fixed."))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := alice.do(req); res.status != http.StatusSeeOther {
		t.Fatalf("edit: status %d\n%.300s", res.status, res.body)
	}
	if _, doc := alice.get(path); !strings.Contains(text(doc.Find("#comment-"+id)), "Typo fixed.") {
		t.Fatal("edit not shown")
	}

	ts.advance(16 * time.Minute)
	req, _ = http.NewRequest(http.MethodPost, ts.URL+"/comments/"+id+"/edit", strings.NewReader("comment=Too+late."))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := alice.do(req); res.status != http.StatusForbidden {
		t.Fatalf("edit after 15 minutes: status %d", res.status)
	}
	req, _ = http.NewRequest(http.MethodPost, ts.URL+"/comments/"+id+"/delete", nil)
	if res := alice.do(req); res.status != http.StatusForbidden {
		t.Fatalf("delete after 15 minutes: status %d", res.status)
	}
}

func TestCommentAPI(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	base := fmt.Sprintf("/api/v1/articles/%d/comments", a.ID)
	post := func(body string) response {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+base, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		return ts.browser().do(req)
	}

	res := post(`{"comment":"","name":""}`)
	if res.status != http.StatusUnprocessableEntity || res.body != `{"errors":{"comment":"Please enter your comment!","name":"Please enter your name here"}}`+"\n" {
		t.Fatalf("empty: %d %s", res.status, res.body)
	}
	res = post(`{"comment":"From the app","name":"Fay","email":"fay@example.com","website":"https://fay.example"}`)
	var created struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	if res.status != http.StatusCreated || json.Unmarshal([]byte(res.body), &created) != nil || created.ID == 0 || created.Status != "pending" {
		t.Fatalf("create: %d %s", res.status, res.body)
	}
	if res := post(`{"comment":"x","name":"y","extra":1}`); res.status != http.StatusBadRequest {
		t.Fatalf("unknown field: %d", res.status)
	}

	// Moderation needs a token.
	moderate := func(token, body string) response {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/comments/moderate", strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return ts.browser().do(req)
	}
	if res := moderate("", `{"action":"approve","ids":[1]}`); res.status != http.StatusUnauthorized {
		t.Fatalf("no token: %d", res.status)
	}
	if res := moderate("wrong", `{"action":"approve","ids":[1]}`); res.status != http.StatusUnauthorized {
		t.Fatalf("wrong token: %d", res.status)
	}
	token := mustToken(t, ts)
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/comments?status=pending", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	list := ts.browser().do(req)
	if list.status != http.StatusOK || !strings.Contains(list.body, `"email":"fay@example.com"`) || !strings.Contains(list.body, `"ip":"127.0.0.1"`) {
		t.Fatalf("moderation list: %d %s", list.status, list.body)
	}
	if res := moderate(token, fmt.Sprintf(`{"action":"approve","ids":[%d]}`, created.ID)); res.status != http.StatusOK || res.body != `{"changed":1}`+"\n" {
		t.Fatalf("approve: %d %s", res.status, res.body)
	}
	res = ts.get(base)
	var public struct {
		Comments []map[string]any `json:"comments"`
	}
	if err := json.Unmarshal([]byte(res.body), &public); err != nil || len(public.Comments) != 1 {
		t.Fatalf("public list: %d %s", res.status, res.body)
	}
	c := public.Comments[0]
	if c["name"] != "Fay" || c["website"] != "https://fay.example" || c["body_html"] != "<p>From the app</p>\n" || c["parent_id"] != nil {
		t.Fatalf("public comment %v", c)
	}
	for _, secret := range []string{"email", "ip", "fay@example.com"} {
		if strings.Contains(res.body, secret) {
			t.Fatalf("public comments reveal %q", secret)
		}
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(s, &id); err != nil {
		t.Fatalf("comment ID %q: %v", s, err)
	}
	return id
}
