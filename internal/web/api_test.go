package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/masthead-news/masthead"
)

func TestAPIArticle(t *testing.T) {
	ts := newTestServer(t)
	a := seedSeed(ts)
	ts.mustComment(&masthead.Comment{ArticleID: a.ID, Name: "Ann", Body: "Hi"})
	draft := ts.mustSave(articleSpec{title: "Draft", status: masthead.StatusDraft})

	res := ts.get(fmt.Sprintf("/api/v1/articles/%d", a.ID))
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("status %d, type %q", res.status, res.header.Get("Content-Type"))
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(res.body), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id":            float64(a.ID),
		"slug":          "nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg",
		"url":           ts.URL + "/2024/02/27/nato-does-not-plan-to-send-troops-to-ukraine-stoltenberg/",
		"title":         "NATO does not plan to send troops to Ukraine – Stoltenberg",
		"standfirst":    "Standfirst of NATO does not plan to send troops to Ukraine – Stoltenberg",
		"section":       "World",
		"tags":          []any{"NATO", "Ukraine", "Jens Stoltenberg"},
		"author":        "News desk",
		"source":        map[string]any{"name": "Focus", "url": "https://focus.ua/"},
		"published_at":  "2024-02-27T10:00:00Z",
		"updated_at":    got["updated_at"],
		"comment_count": float64(1),
		"views":         float64(0),
		"body_html":     "<p>NATO Secretary General Jens Stoltenberg said that the alliance has no plans to send troops.</p>\n<p>Second paragraph.</p>\n",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("article JSON (-want +got):\n%s", diff)
	}
	if _, err := time.Parse(time.RFC3339, got["updated_at"].(string)); err != nil {
		t.Fatalf("updated_at: %v", err)
	}

	errorsTests := []struct {
		name, method, path string
		status             int
	}{
		{"Draft", "GET", fmt.Sprintf("/api/v1/articles/%d", draft.ID), http.StatusNotFound},
		{"Unknown", "GET", "/api/v1/articles/999", http.StatusNotFound},
		{"NotANumber", "GET", "/api/v1/articles/abc", http.StatusNotFound},
		{"UnknownEndpoint", "GET", "/api/v1/nothing", http.StatusNotFound},
		{"BadLimit", "GET", "/api/v1/articles?limit=0", http.StatusBadRequest},
		{"HugeLimit", "GET", "/api/v1/articles?limit=1000", http.StatusBadRequest},
		{"BadCursor", "GET", "/api/v1/articles?cursor=!!", http.StatusBadRequest},
		{"WriteWithoutToken", "POST", "/api/v1/articles", http.StatusUnauthorized},
		{"DeleteWithoutToken", "DELETE", fmt.Sprintf("/api/v1/articles/%d", a.ID), http.StatusUnauthorized},
		{"Patch", "PATCH", fmt.Sprintf("/api/v1/articles/%d", a.ID), http.StatusMethodNotAllowed},
	}
	for _, tt := range errorsTests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.do(tt.method, tt.path)
			if res.status != tt.status {
				t.Fatalf("%s %s: status %d, want %d", tt.method, tt.path, res.status, tt.status)
			}
			var e struct{ Error string }
			if err := json.Unmarshal([]byte(res.body), &e); err != nil || e.Error == "" {
				t.Fatalf("error body %q is not {\"error\": ...}", res.body)
			}
		})
	}
}

func TestAPIArticlesCursorPaging(t *testing.T) {
	ts := newTestServer(t)
	want := map[string]bool{}
	for i := range 23 {
		// Pairs share a publication time, so the cursor must break ties.
		a := ts.mustSave(articleSpec{title: fmt.Sprintf("Item %02d", i), published: testNow.Add(-time.Duration(i/2) * time.Hour)})
		want[a.Slug] = true
	}
	ts.mustSave(articleSpec{title: "Not yet", published: testNow.Add(time.Hour)})

	seen := map[string]bool{}
	var last time.Time
	cursor, pages := "", 0
	for {
		path := "/api/v1/articles?limit=5"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		res := ts.get(path)
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, res.status, res.body)
		}
		var page struct {
			Articles []struct {
				Slug        string    `json:"slug"`
				PublishedAt time.Time `json:"published_at"`
				Source      any       `json:"source"`
				Tags        []string  `json:"tags"`
				BodyHTML    *string   `json:"body_html"`
			} `json:"articles"`
			NextCursor *string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(res.body), &page); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.body, `"next_cursor":`) {
			t.Fatal("next_cursor missing from the response")
		}
		pages++
		for _, a := range page.Articles {
			if seen[a.Slug] {
				t.Fatalf("article %s listed twice", a.Slug)
			}
			if !last.IsZero() && a.PublishedAt.After(last) {
				t.Fatalf("article %s out of order", a.Slug)
			}
			if a.Source != nil || a.Tags == nil || a.BodyHTML != nil {
				t.Fatalf("list item shape: source %v, tags %v, body_html %v", a.Source, a.Tags, a.BodyHTML)
			}
			seen[a.Slug], last = true, a.PublishedAt
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if pages != 5 {
		t.Fatalf("%d pages of 5 for 23 articles, want 5", pages)
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Fatalf("articles seen (-want +got):\n%s", diff)
	}
}
