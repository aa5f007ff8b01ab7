package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image/gif"
	"strings"
	"testing"

	"github.com/masthead-news/masthead"
)

// FuzzProcess feeds Process arbitrary bytes under small limits, so each
// run is quick. It checks that every outcome is either renditions that
// keep Process's promises or a refusal of exactly one kind, and it fails on
// a decoder panic even though Process recovers from one, since that is a
// bug to report upstream.
func FuzzProcess(f *testing.F) {
	seeThrough := quadrants(12, 8)
	seeThrough.Pix[3] = 0
	var animation bytes.Buffer
	if err := gif.Encode(&animation, quadrants(4, 4), nil); err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		encodeJPEG(f, quadrants(24, 16)),
		withSegment(encodeJPEG(f, quadrants(16, 24)), markerAPP1, exifPayload(binary.BigEndian, 6, "GPS")),
		encodePNG(f, quadrants(16, 16)),
		encodePNG(f, seeThrough),
		riff("VP8L", vp8l(f, seeThrough)),
		riff("VP8X", vp8x(12, 8, vp8xAlpha), "VP8L", vp8l(f, seeThrough)),
		pngHeader(100000, 100000),
		animation.Bytes(),
		[]byte("<html><body>hi</body></html>"),
	} {
		f.Add(seed)
	}
	sentinels := []error{ErrUnsupported, ErrTooLarge, ErrTooManyPixels, ErrCorrupt}
	opt := Options{MaxBytes: 64 << 10, MaxPixels: 64 * 64, Widths: []int{8, 16, 40}}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Process(bytes.NewReader(data), opt)
		if err != nil {
			var r *refusal
			if errors.As(err, &r) && r.cause != nil && strings.HasPrefix(r.cause.Error(), "panic:") {
				t.Fatalf("decoder panicked: %v", err)
			}
			kinds := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					kinds++
				}
			}
			if kinds != 1 || masthead.ErrorCode(err) != masthead.EINVALID {
				t.Fatalf("error %v wraps %d kinds, code %q", err, kinds, masthead.ErrorCode(err))
			}
			return
		}
		if res.Width*res.Height > opt.MaxPixels || len(res.Renditions) == 0 {
			t.Fatalf("Result %d×%d with %d renditions", res.Width, res.Height, len(res.Renditions))
		}
		prev := 0
		for _, r := range res.Renditions {
			if r.Width <= prev || r.Width > res.Width {
				t.Fatalf("rendition %d wide after %d, original %d", r.Width, prev, res.Width)
			}
			prev = r.Width
			decodeRendition(t, r)
		}
	})
}
