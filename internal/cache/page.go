package cache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
)

// Page is a rendered response, ready to be written many times. Its fields
// must not be changed once the page is made.
type Page struct {
	ContentType string
	Body        []byte
	Gzip        []byte // Body gzipped, or nil when that would not pay
	ETag        string // quoted strong validator of Body
}

// minGzip is the smallest body worth compressing: below it the gzip header
// and the CPU cost outweigh the saving.
const minGzip = 512

// NewPage prepares body for serving: computes its ETag and, for text, its
// gzipped form, once, so that cache hits only copy bytes.
func NewPage(contentType string, body []byte) *Page {
	sum := sha256.Sum256(body)
	p := &Page{
		ContentType: contentType,
		Body:        body,
		ETag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
	}
	if len(body) >= minGzip && compressible(contentType) {
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(body)
		zw.Close()
		gzipWriters.Put(zw)
		if buf.Len() < len(body) {
			p.Gzip = buf.Bytes()
		}
	}
	return p
}

// gzipWriters are reused: each holds the compressor's tables, most of a
// megabyte, which would otherwise be allocated on every cache miss.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") ||
		strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "xml") ||
		strings.Contains(contentType, "javascript")
}

func (p *Page) size() int64 { return int64(len(p.Body) + len(p.Gzip) + 128) }
