package fetch

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// hopServer answers /hop/N with a redirect to /hop/N-1, and /hop/0 with
// "done". It records every request it sees.
func hopServer(t *testing.T, rec *recorder) *countingServer {
	return newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		switch {
		case err != nil:
			http.NotFound(w, r)
		case n == 0:
			w.Write([]byte("done"))
		default:
			// Relative Location, as many servers send.
			http.Redirect(w, r, "/hop/"+strconv.Itoa(n-1), http.StatusMovedPermanently)
		}
	})
}

func TestRedirects(t *testing.T) {
	tests := []struct {
		name         string
		maxRedirects int
		start        int
		wantErr      error
	}{
		{"None", 0, 0, nil},
		{"UpToLimit", 0, DefaultMaxRedirects, nil},
		{"OverLimit", 0, DefaultMaxRedirects + 1, ErrTooManyRedirects},
		{"CustomLimit", 2, 2, nil},
		{"OverCustomLimit", 2, 3, ErrTooManyRedirects},
		{"NoneAllowed", -1, 1, ErrTooManyRedirects},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec recorder
			srv := hopServer(t, &rec)
			c := newTestClient(t, Options{AllowPrivate: true, MaxRedirects: tt.maxRedirects})
			start := srv.URL + "/hop/" + strconv.Itoa(tt.start)
			res, err := c.Get(context.Background(), Request{URL: start, ETag: `"e"`})
			wantErr(t, err, tt.wantErr)
			if err != nil {
				if !strings.Contains(err.Error(), start) {
					t.Errorf("err = %q, want it to name %q", err, start)
				}
				return
			}
			if want := srv.URL + "/hop/0"; res.URL != want {
				t.Errorf("final URL = %q, want %q", res.URL, want)
			}
			if string(res.Body) != "done" {
				t.Errorf("body = %q, want %q", res.Body, "done")
			}
			seen := rec.all()
			if len(seen) != tt.start+1 {
				t.Errorf("server saw %d requests, want %d", len(seen), tt.start+1)
			}
			// Every hop is a request of ours: same User-Agent, same validators.
			for _, r := range seen {
				if ua := r.Header.Get("User-Agent"); ua != testUA {
					t.Errorf("%s: User-Agent %q, want %q", r.URL.Path, ua, testUA)
				}
				if inm := r.Header.Get("If-None-Match"); inm != `"e"` {
					t.Errorf("%s: If-None-Match %q, want %q", r.URL.Path, inm, `"e"`)
				}
			}
		})
	}
}

func TestRedirectScheme(t *testing.T) {
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", r.URL.Query().Get("to"))
		w.WriteHeader(http.StatusFound)
	})
	c := newTestClient(t, Options{AllowPrivate: true})
	for _, to := range []string{"file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "data:text/plain,hi"} {
		t.Run(to, func(t *testing.T) {
			_, err := c.Get(context.Background(), Request{URL: srv.URL + "/?to=" + to})
			if !errors.Is(err, ErrSchemeNotAllowed) {
				t.Fatalf("err = %v, want ErrSchemeNotAllowed", err)
			}
			if want := `redirected to "` + to + `"`; !strings.Contains(err.Error(), want) {
				t.Errorf("err = %q, want it to contain %q", err, want)
			}
		})
	}
}
