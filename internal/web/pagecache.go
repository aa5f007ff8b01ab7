package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/masthead-news/masthead/internal/cache"
)

// Cache-Control values. Pages may change any second, so browsers revalidate
// them every time (cheaply, with the ETag); assets never change under a URL.
var (
	cacheRevalidate = []string{"no-cache"}
	cacheImmutable  = []string{"public, max-age=31536000, immutable"}
	cacheNoStore    = []string{"private, no-store"}
	varyEncoding    = []string{"Accept-Encoding"}
	encodingGzip    = []string{"gzip"}
)

// cacheKeyParams are the query parameters that change what a cached route
// shows. Others (utm_source and the like) are ignored, so they cannot make
// copies of a page or fill the cache.
var cacheKeyParams = []string{"cursor", "limit", "page"}

func cacheKey(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return r.URL.Path
	}
	q := r.URL.Query()
	var b strings.Builder
	b.WriteString(r.URL.Path)
	sep := "?"
	for _, k := range cacheKeyParams {
		if v, ok := q[k]; ok {
			b.WriteString(sep + k + "=" + url.QueryEscape(v[0]))
			sep = "&"
		}
	}
	return b.String()
}

// cached serves a route from the page cache, filling it on a miss. Only
// complete 200 answers are kept: errors and redirects are answered fresh.
// Requests for which fresh(r) holds skip the cache altogether.
func (s *Server) cached(h http.Handler, fresh func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fresh != nil && fresh(r) {
			w.Header()["Cache-Control"] = cacheNoStore
			if s.acquireRender(r) {
				defer s.releaseRender()
				h.ServeHTTP(w, r)
			}
			return
		}
		key := cacheKey(r)
		if p, ok := s.pages.Get(key); ok {
			s.countCachedView(r, p)
			writePage(w, r, p, cacheRevalidate)
			return
		}
		if !s.acquireRender(r) {
			return
		}
		defer s.releaseRender()
		if p, ok := s.pages.Get(key); ok { // cached while this one waited
			s.countCachedView(r, p)
			writePage(w, r, p, cacheRevalidate)
			return
		}
		gen := s.pages.Generation()
		rec := &recorder{header: http.Header{}, body: getBuffer()}
		defer putBuffer(rec.body)
		h.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		ctype := rec.header.Get("Content-Type")
		if rec.status != http.StatusOK || ctype == "" || len(rec.header) > 1 {
			rec.replay(w)
			return
		}
		p := cache.NewPage(ctype, rec.body.Bytes())
		p.Article = rec.article
		s.pages.Put(key, gen, p)
		writePage(w, r, p, cacheRevalidate)
	})
}

// acquireRender waits for a render slot, and reports false if the client
// gave up first. Renders are CPU-bound, so more at once than there are cores
// gains nothing; and each holds a page's buffers and a compressor, so a
// burst of misses would otherwise balloon memory.
func (s *Server) acquireRender(r *http.Request) bool {
	select {
	case s.renders <- struct{}{}:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) releaseRender() { <-s.renders }

// writePage writes a prepared page, answering 304 when the client has it and
// the gzipped body when the client takes it.
func writePage(w http.ResponseWriter, r *http.Request, p *cache.Page, cacheControl []string) {
	h := w.Header()
	h["Content-Type"] = []string{p.ContentType}
	h["Etag"] = []string{p.ETag}
	h["Cache-Control"] = cacheControl
	if p.Gzip != nil {
		h["Vary"] = varyEncoding
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, p.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	var body []byte
	if p.Gzip != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h["Content-Encoding"] = encodingGzip
		body = p.Gzip
	} else if r.Method == http.MethodHead {
		h["Content-Length"] = []string{itoa(p.Size())}
		w.WriteHeader(http.StatusOK)
		return
	} else {
		body = p.Plain()
	}
	h["Content-Length"] = []string{itoa(len(body))}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatch reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header takes gzip, honouring
// an explicit q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// recorder holds a handler's answer so it can be cached before it is sent.
type recorder struct {
	header  http.Header
	status  int
	body    *bytes.Buffer
	article int64 // set by markArticle
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// replay sends the recorded answer as it was.
func (r *recorder) replay(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
