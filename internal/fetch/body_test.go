package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// emptyBlocks is a valid gzip stream of n empty deflate blocks: a lot of
// bytes on the wire that decode to nothing at all.
func emptyBlocks(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for range n {
		if err := zw.Flush(); err != nil { // each Flush writes an empty stored block
			t.Fatal(err)
		}
	}
	zw.Close()
	return buf.Bytes()
}

// TestBody serves bodies in several encodings and sizes against a
// MaxBytes of 1 KiB.
func TestBody(t *testing.T) {
	const limit = 1 << 10
	exact := bytes.Repeat([]byte("a"), limit)
	over := bytes.Repeat([]byte("a"), limit+1)
	bomb := gzipped(t, make([]byte, 4<<20)) // 4 MiB of zeros in about 4 KiB
	padding := emptyBlocks(t, 4096)         // 20 KiB decoding to nothing

	type body struct {
		encoding string
		data     []byte
		noLength bool // send chunked, with no Content-Length to refuse early
	}
	bodies := map[string]body{
		"/plain":           {"", []byte("hello"), false},
		"/gzip":            {"gzip", gzipped(t, []byte("hello, gzip")), false},
		"/x-gzip":          {"x-gzip", gzipped(t, []byte("hello, x-gzip")), false},
		"/exact":           {"", exact, false},
		"/exact-gzip":      {"gzip", gzipped(t, exact), false},
		"/over-length":     {"", over, false},
		"/over-chunked":    {"", over, true},
		"/over-gzip":       {"gzip", gzipped(t, over), false},
		"/bomb":            {"gzip", bomb, false},
		"/padding":         {"gzip", padding, true},
		"/corrupt-gzip":    {"gzip", []byte("\x1f\x8b\x08\x00 this is not deflate"), false},
		"/truncated-gzip":  {"gzip", gzipped(t, exact)[:20], false},
		"/brotli":          {"br", []byte("pretend"), false},
		"/empty-gzip":      {"gzip", nil, false},
		"/identity":        {"identity", []byte("as is"), false},
		"/plain-uppercase": {"GZIP", gzipped(t, []byte("shouty")), false},
	}
	srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if b.encoding != "" {
			w.Header().Set("Content-Encoding", b.encoding)
		}
		if !b.noLength {
			w.Header().Set("Content-Length", strconv.Itoa(len(b.data)))
		}
		w.Write(b.data)
	})
	c := newTestClient(t, Options{AllowPrivate: true, MaxBytes: limit})

	tests := []struct {
		path    string
		want    string // the decoded body on success
		wantErr error  // sentinel to match; nil with wantMsg set means any error
		wantMsg string // part of the error message
	}{
		{"/plain", "hello", nil, ""},
		{"/gzip", "hello, gzip", nil, ""},
		{"/x-gzip", "hello, x-gzip", nil, ""},
		{"/plain-uppercase", "shouty", nil, ""},
		{"/identity", "as is", nil, ""},
		{"/empty-gzip", "", nil, ""},
		{"/exact", string(exact), nil, ""},
		{"/exact-gzip", string(exact), nil, ""},
		{"/over-length", "", ErrTooLarge, "1024-byte limit"},
		{"/over-chunked", "", ErrTooLarge, "1024-byte limit"},
		{"/over-gzip", "", ErrTooLarge, "1024-byte limit"},
		{"/bomb", "", ErrTooLarge, "1024-byte limit"},
		{"/padding", "", ErrTooLarge, "compressed body"},
		{"/corrupt-gzip", "", nil, "decode gzip body"},
		{"/truncated-gzip", "", nil, "decode gzip body"},
		{"/brotli", "", nil, `Content-Encoding "br"`},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			res, err := c.Get(context.Background(), Request{URL: srv.URL + tt.path})
			if tt.wantErr == nil && tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				if string(res.Body) != tt.want {
					t.Errorf("body = %.40q (%d bytes), want %.40q (%d bytes)", res.Body, len(res.Body), tt.want, len(tt.want))
				}
				return
			}
			if err == nil {
				t.Fatalf("Get succeeded with %d bytes, want an error", len(res.Body))
			}
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("err = %q, want it to name %q and contain %q", err, tt.path, tt.wantMsg)
			}
		})
	}
}
