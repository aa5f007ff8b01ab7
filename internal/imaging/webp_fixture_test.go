package imaging

import (
	"bytes"
	"image"
	"testing"

	"golang.org/x/image/webp"
)

// TestVP8LFixture checks the test's own WebP writer against x/image's
// decoder, so that the WebP cases of other tests test Process and not the
// fixture.
func TestVP8LFixture(t *testing.T) {
	m := quadrants(6, 4)
	m.Pix[3] = 0 // one transparent pixel
	for _, data := range [][]byte{
		riff("VP8L", vp8l(t, m)),
		riff("VP8X", vp8x(6, 4, vp8xAlpha), "VP8L", vp8l(t, m)),
	} {
		got, err := webp.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		n, ok := got.(*image.NRGBA)
		if !ok {
			t.Fatalf("decoded %T, want *image.NRGBA", got)
		}
		if !bytes.Equal(n.Pix, m.Pix) {
			t.Errorf("pixels differ:\n got %v\nwant %v", n.Pix, m.Pix)
		}
	}
}
