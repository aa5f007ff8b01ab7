package fetch

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestGetPlain(t *testing.T) {
	var rec recorder
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		w.Write([]byte("<rss/>"))
	})
	c := newTestClient(t, Options{AllowPrivate: true})

	res, err := c.Get(context.Background(), Request{URL: srv.URL + "/feed", Accept: "application/rss+xml"})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	want := Response{
		URL:          srv.URL + "/feed",
		StatusCode:   200,
		Body:         []byte("<rss/>"),
		ContentType:  "application/rss+xml; charset=utf-8",
		ETag:         `"v1"`,
		LastModified: "Mon, 02 Jan 2006 15:04:05 GMT",
	}
	if res.URL != want.URL || res.StatusCode != want.StatusCode || string(res.Body) != string(want.Body) ||
		res.ContentType != want.ContentType || res.ETag != want.ETag || res.LastModified != want.LastModified || res.NotModified {
		t.Errorf("response = %+v, want %+v", *res, want)
	}
	seen := rec.last().Header
	gotUA, gotAccept, gotEncoding := seen.Get("User-Agent"), seen.Get("Accept"), seen.Get("Accept-Encoding")
	if gotUA != testUA {
		t.Errorf("server saw User-Agent %q, want %q", gotUA, testUA)
	}
	if gotAccept != "application/rss+xml" {
		t.Errorf("server saw Accept %q, want %q", gotAccept, "application/rss+xml")
	}
	if gotEncoding != "gzip" {
		t.Errorf("server saw Accept-Encoding %q, want %q", gotEncoding, "gzip")
	}
}

func TestConditional(t *testing.T) {
	const etag, lastMod = `"abc"`, "Tue, 03 Jan 2006 10:00:00 GMT"
	var rec recorder
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		if r.URL.Path == "/bare304" || r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			if r.URL.Path != "/quiet" && r.URL.Path != "/bare304" {
				w.Header().Set("ETag", etag)
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Write([]byte("fresh"))
	})
	c := newTestClient(t, Options{AllowPrivate: true})

	tests := []struct {
		name     string
		req      Request
		wantNM   bool
		wantETag string
		wantLM   string
		wantErr  bool
	}{
		{"ETagMatches", Request{URL: srv.URL + "/", ETag: etag}, true, etag, "", false},
		{"ETagDiffers", Request{URL: srv.URL + "/", ETag: `"old"`}, false, etag, "", false},
		{"ModifiedSince", Request{URL: srv.URL + "/", LastModified: lastMod}, true, etag, lastMod, false},
		// A 304 without validators repeats the request's, so the caller can store them as they are.
		{"ValidatorsEchoed", Request{URL: srv.URL + "/quiet", ETag: etag, LastModified: lastMod}, true, etag, lastMod, false},
		{"Unconditional", Request{URL: srv.URL + "/"}, false, etag, "", false},
		// A 304 to a request that asked for no such thing leaves the caller with nothing.
		{"Unasked304", Request{URL: srv.URL + "/bare304"}, false, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.Get(context.Background(), tt.req)
			if tt.wantErr {
				var se *StatusError
				if !errors.As(err, &se) || se.Code != http.StatusNotModified {
					t.Fatalf("err = %v, want a *StatusError with code 304", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			seen := rec.last().Header
			if got := seen.Get("If-None-Match"); got != tt.req.ETag {
				t.Errorf("server saw If-None-Match %q, want %q", got, tt.req.ETag)
			}
			if got := seen.Get("If-Modified-Since"); got != tt.req.LastModified {
				t.Errorf("server saw If-Modified-Since %q, want %q", got, tt.req.LastModified)
			}
			if res.NotModified != tt.wantNM {
				t.Errorf("NotModified = %v, want %v", res.NotModified, tt.wantNM)
			}
			if tt.wantNM && len(res.Body) != 0 {
				t.Errorf("Body = %q, want empty on 304", res.Body)
			}
			if !tt.wantNM && string(res.Body) != "fresh" {
				t.Errorf("Body = %q, want %q", res.Body, "fresh")
			}
			if res.ETag != tt.wantETag || res.LastModified != tt.wantLM {
				t.Errorf("validators = %q, %q, want %q, %q", res.ETag, res.LastModified, tt.wantETag, tt.wantLM)
			}
		})
	}
}

func TestBadURLs(t *testing.T) {
	c := newTestClient(t, Options{})
	tests := []struct {
		url     string
		wantErr error  // nil: any error
		wantMsg string // the whole message, when set
	}{
		{"file:///etc/passwd", ErrSchemeNotAllowed, `fetch "file:///etc/passwd": scheme "file" is not allowed`},
		{"ftp://example.com/feed.xml", ErrSchemeNotAllowed, ""},
		{"gopher://example.com/", ErrSchemeNotAllowed, ""},
		{"javascript:alert(1)", ErrSchemeNotAllowed, ""},
		{"example.com/feed", ErrSchemeNotAllowed, ""},
		{"", ErrSchemeNotAllowed, ""},
		{"http:///no-host", nil, `fetch "http:///no-host": URL has no host`},
		{"http://[::1", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := c.Get(context.Background(), Request{URL: tt.url})
			if err == nil {
				t.Fatal("Get succeeded, want an error")
			}
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("err = %q, want %q", err, tt.wantMsg)
			}
		})
	}
}

// TestNoCookies checks that a cookie set by one response is sent neither
// on the redirect it came with nor on the next Get.
func TestNoCookies(t *testing.T) {
	var rec recorder
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		if r.URL.Path == "/login" {
			http.SetCookie(w, &http.Cookie{Name: "track", Value: "me", Path: "/"})
			http.Redirect(w, r, "/feed", http.StatusFound)
			return
		}
		w.Write([]byte("ok"))
	})
	c := newTestClient(t, Options{AllowPrivate: true})
	for _, path := range []string{"/login", "/feed"} {
		if _, err := c.Get(context.Background(), Request{URL: srv.URL + path}); err != nil {
			t.Fatalf("Get %s: %v", path, err)
		}
	}
	for _, r := range rec.all() {
		if c := r.Header.Get("Cookie"); c != "" {
			t.Errorf("server saw Cookie %q on %s, want none", c, r.URL.Path)
		}
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		ok   bool
	}{
		{"Minimal", Options{UserAgent: testUA}, true},
		{"NoUserAgent", Options{}, false},
		{"HeaderInjection", Options{UserAgent: "Masthead\r\nX-Evil: 1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.opt)
			if (err == nil) != tt.ok {
				t.Fatalf("New err = %v, want ok=%v", err, tt.ok)
			}
			if c != nil {
				c.CloseIdleConnections()
			}
		})
	}
	got := Options{UserAgent: testUA, MaxRedirects: -1}.withDefaults()
	want := Options{UserAgent: testUA, Timeout: DefaultTimeout, MaxBytes: DefaultMaxBytes, MaxRedirects: 0, PerHost: DefaultPerHost}
	if got != want {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
}
