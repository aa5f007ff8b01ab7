package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// MaxPageSize is the largest page Extract reads. Article pages are rarely
// above 1 MiB; anything far beyond is not an article page, or is hostile,
// and every later step costs memory in proportion to the input.
const MaxPageSize = 5 << 20

// ErrTooLarge is returned for pages longer than MaxPageSize.
var ErrTooLarge = errors.New("extract: page larger than 5 MiB")

// readPage reads at most MaxPageSize bytes and decodes them to UTF-8.
func readPage(page io.Reader, contentType string) ([]byte, error) {
	raw, err := readAll(page, MaxPageSize+1)
	if err != nil {
		return nil, fmt.Errorf("extract: read page: %w", err)
	}
	if len(raw) > MaxPageSize {
		return nil, ErrTooLarge
	}
	enc := pageEncoding(raw, contentType)
	out := raw
	if enc != encoding.Nop {
		if dec, err := enc.NewDecoder().Bytes(raw); err == nil {
			out = dec
		}
		// else: a decoder only fails on bytes it cannot map at all; the
		// undecoded page is still better than no page.
	}
	// Everything downstream, and every caller, may rely on valid UTF-8.
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return out, nil
}

// readAll reads r to its end, or to limit bytes. It is io.ReadAll with the
// buffer sized once when the reader knows its length (as bytes.Reader
// and strings.Reader do): growing it step by step to the size of a page
// cost a few percent of the extraction time.
func readAll(r io.Reader, limit int) ([]byte, error) {
	size := 512
	if l, ok := r.(interface{ Len() int }); ok {
		// One byte more, to see the end without growing.
		size = min(l.Len(), limit) + 1
	}
	b := make([]byte, 0, size)
	lr := io.LimitReader(r, int64(limit))
	for {
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// metaCharset finds a charset declared in a meta tag. The standard prescan
// (charset.DetermineEncoding) looks at the first 1024 bytes only, and many
// pages declare their charset after a longer run of other head elements.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// findMetaCharset returns the submatches of metaCharset in head, or nil.
// The expression only runs on the tags around each "charset": matching it
// over the whole head would cost more than parsing the page.
func findMetaCharset(head []byte) [][]byte {
	for _, word := range []string{"harset", "HARSET"} {
		if m := findMetaCharsetWord(head, []byte(word)); m != nil {
			return m
		}
	}
	return nil
}

func findMetaCharsetWord(head, word []byte) [][]byte {
	for off := 0; ; {
		i := bytes.Index(head[off:], word)
		if i < 0 {
			return nil
		}
		i += off
		start := bytes.LastIndexByte(head[:i], '<')
		if start >= 0 && i-start < 1024 {
			end := min(len(head), i+64)
			if m := metaCharset.FindSubmatch(head[start:end]); m != nil {
				return m
			}
		}
		off = i + 1
	}
}

// metaWindow is how far into the page metaCharset looks.
const metaWindow = 64 << 10

// pageEncoding chooses the encoding of raw, in the order browsers do: byte
// order mark, then the HTTP header, then a meta declaration. With none of
// these it is UTF-8 if the bytes mostly are, else Windows-1252 (the web's
// default for undeclared pages).
func pageEncoding(raw []byte, contentType string) encoding.Encoding {
	enc, name, certain := charset.DetermineEncoding(raw, contentType)
	if certain {
		if name == "utf-8" {
			return encoding.Nop
		}
		return enc
	}
	if m := findMetaCharset(raw[:min(len(raw), metaWindow)]); m != nil {
		if e, n := charset.Lookup(string(m[1])); e != nil {
			switch n {
			case "utf-8", "utf-16le", "utf-16be":
				// A page whose meta tag could be read as ASCII is not
				// UTF-16, whatever it says; browsers read it as UTF-8.
				return encoding.Nop
			}
			return e
		}
	}
	if utf8.Valid(raw) || mostlyUTF8(raw) {
		return encoding.Nop
	}
	return enc
}

// mostlyUTF8 reports whether raw has more well-formed multi-byte UTF-8
// sequences than invalid bytes. A UTF-8 page with a few broken bytes (a
// common sight) must stay UTF-8: decoding it as Windows-1252 would garble
// every accented letter to repair a handful.
func mostlyUTF8(raw []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(raw); {
		if raw[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return valid >= invalid
}
