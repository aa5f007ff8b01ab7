package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
)

// readBody returns the decoded body of resp, or an error if it is encoded
// in a way we did not offer, is corrupt, or is larger than limit decoded.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	switch enc {
	case "", "identity":
		// Refuse before reading when the server says up front it is too big.
		if resp.ContentLength > limit {
			return nil, newRefusal(ErrTooLarge, "body of %d bytes is over the %d-byte limit (MaxBytes)", resp.ContentLength, limit)
		}
		return readAtMost(resp.Body, "body", limit, resp.ContentLength)
	case "gzip", "x-gzip":
		return readGzip(resp.Body, limit)
	default:
		return nil, fmt.Errorf("body has Content-Encoding %q, and only gzip was offered", enc)
	}
}

// readGzip decodes a gzip body. The decoded size is what MaxBytes limits,
// which is what stops a small "gzip bomb" from expanding into gigabytes. The
// compressed size is bounded too: deflate can pad a stream with empty blocks
// that decode to nothing, and that stream would otherwise be read until the
// timeout.
func readGzip(body io.Reader, limit int64) ([]byte, error) {
	// Incompressible data grows by a few bytes per 64 KiB block in deflate;
	// this margin is far above that and far below anything abusive.
	rawLimit := limit + limit/64 + 4096
	if rawLimit < limit {
		rawLimit = math.MaxInt64 // overflowed
	}
	zr, err := gzip.NewReader(&cappedReader{r: body, limit: rawLimit, decoded: limit})
	if errors.Is(err, io.EOF) {
		return []byte{}, nil // an empty body, whatever its header says
	}
	if err != nil {
		return nil, fmt.Errorf("decode gzip body: %w", err)
	}
	defer zr.Close()
	b, err := readAtMost(zr, "decoded body", limit, -1)
	if err != nil && !errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("decode gzip body: %w", err)
	}
	return b, err
}

// readAtMost reads r to the end, failing once more than limit bytes
// arrive. size is the expected length when known, or -1; what names the
// body in the error.
func readAtMost(r io.Reader, what string, limit, size int64) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 && size <= limit {
		buf.Grow(int(size))
	}
	// Read one byte past the limit to tell "exactly limit" from "more".
	n, err := buf.ReadFrom(io.LimitReader(r, plusOne(limit)))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if n > limit {
		return nil, newRefusal(ErrTooLarge, "%s is over the %d-byte limit (MaxBytes)", what, limit)
	}
	return buf.Bytes(), nil
}

// cappedReader fails once more than limit bytes have been read, so a
// stream that is too long reads as "too large" rather than as whatever the
// decoder makes of a cut-off stream.
type cappedReader struct {
	r       io.Reader
	read    int64
	limit   int64
	decoded int64 // the decoded limit, for the message
}

func (c *cappedReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += int64(n)
	if c.read > c.limit {
		return n, newRefusal(ErrTooLarge, "compressed body is over %d bytes, more than the %d-byte limit (MaxBytes) allows", c.limit, c.decoded)
	}
	return n, err
}

// plusOne is n+1 without overflowing.
func plusOne(n int64) int64 {
	if n == math.MaxInt64 {
		return n
	}
	return n + 1
}
