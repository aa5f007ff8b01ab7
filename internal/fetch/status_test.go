package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

func TestStatusError(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if ra := r.URL.Query().Get("retry"); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		code, _ := strconv.Atoi(r.URL.Query().Get("code"))
		w.WriteHeader(code)
		w.Write([]byte("go away"))
	})
	c := newTestClient(t, Options{AllowPrivate: true})
	c.now = func() time.Time { return now }

	tests := []struct {
		name       string
		code       int
		retryAfter string
		want       time.Duration
	}{
		{"TooManySeconds", 429, "120", 2 * time.Minute},
		{"UnavailableDate", 503, now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"UnavailableNoHeader", 503, "", 0},
		{"UnavailablePastDate", 503, now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"Garbage", 429, "soon", 0},
		{"Negative", 429, "-5", 0},
		{"Huge", 429, "99999999999999999999999", maxRetryAfter},
		{"NotFound", 404, "", 0},
		{"ServerError", 500, "", 0},
		{"Gone", 410, "", 0},
		{"RedirectWithoutLocation", 302, "", 0},
		{"Unknown", 599, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := srv.URL + "/?code=" + strconv.Itoa(tt.code) + "&retry=" + url.QueryEscape(tt.retryAfter)
			res, err := c.Get(context.Background(), Request{URL: u})
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("Get = %v, %v; want a *StatusError", res, err)
			}
			if se.Code != tt.code || se.RetryAfter != tt.want || se.URL != u {
				t.Errorf("StatusError = %+v, want Code %d, RetryAfter %s, URL %q", *se, tt.code, tt.want, u)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"0", 0},
		{" 30 ", 30 * time.Second},
		{"604800", maxRetryAfter},
		{"604801", maxRetryAfter},
		{"Sun, 01 Mar 2026 12:05:00 GMT", 5 * time.Minute},
		{"Sunday, 01-Mar-26 12:05:00 GMT", 5 * time.Minute}, // RFC 850, still to be accepted
		{"Sun Mar  1 12:05:00 2026", 5 * time.Minute},       // asctime
		{"Wed, 01 Jan 2100 00:00:00 GMT", maxRetryAfter},
		{"1.5", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
