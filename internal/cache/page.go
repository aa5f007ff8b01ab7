package cache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"sync"
)

// Page is a rendered response, ready to be written many times. Its fields
// must not be changed once the page is made.
//
// A compressible page is kept only gzipped: every browser takes gzip, the
// cache holds four or five times as many pages that way, and the rare client
// that does not is served by decompressing (see Plain).
type Page struct {
	ContentType string
	ETag        string // quoted strong validator of the plain body
	// Article is the ID of the article the page shows, or 0, so that a view
	// served from the cache is counted like a rendered one.
	Article int64
	Gzip    []byte // the body gzipped, or nil when that would not pay
	plain   []byte // the body, kept only when Gzip is nil
	size    int    // length of the plain body
}

// minGzip is the smallest body worth compressing: below it the gzip header
// and the CPU cost outweigh the saving.
const minGzip = 512

// NewPage prepares body for serving: computes its ETag and, for text, its
// gzipped form, once, so that cache hits only copy bytes. It keeps no
// reference to body.
func NewPage(contentType string, body []byte) *Page {
	sum := sha256.Sum256(body)
	p := &Page{
		ContentType: contentType,
		ETag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
		size:        len(body),
	}
	if len(body) >= minGzip && compressible(contentType) {
		buf := gzipBuffers.Get().(*bytes.Buffer)
		buf.Reset()
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(buf)
		zw.Write(body)
		zw.Close()
		gzipWriters.Put(zw)
		if buf.Len() < len(body) {
			// An exact copy: a grown buffer can be twice its length, and
			// the cache counts what pages hold.
			p.Gzip = bytes.Clone(buf.Bytes())
		}
		gzipBuffers.Put(buf)
		if p.Gzip != nil {
			return p
		}
	}
	// The caller may reuse body's memory; the page keeps its own copy.
	p.plain = bytes.Clone(body)
	return p
}

// Plain returns the body uncompressed.
func (p *Page) Plain() []byte {
	if p.Gzip == nil {
		return p.plain
	}
	zr, err := gzip.NewReader(bytes.NewReader(p.Gzip))
	if err != nil {
		panic("cache: a page's own gzip does not read: " + err.Error())
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		panic("cache: a page's own gzip does not read: " + err.Error())
	}
	return out
}

// Size is the length of the plain body.
func (p *Page) Size() int { return p.size }

// gzipWriters are reused: each holds the compressor's tables, most of a
// megabyte, which would otherwise be allocated on every cache miss. The
// fastest level compresses a large page several times faster than the
// default for a few percent more bytes, and a miss is paid by a reader.
var gzipBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // the level is valid
	return zw
}}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") ||
		strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "xml") ||
		strings.Contains(contentType, "javascript")
}

func (p *Page) cost() int64 { return int64(len(p.plain) + len(p.Gzip) + 128) }
