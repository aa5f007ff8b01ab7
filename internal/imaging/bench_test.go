package imaging

import (
	"bytes"
	"image"
	"image/color"
	"testing"
)

// BenchmarkProcess measures a typical upload: a 12-megapixel (4000×3000)
// phone-sized JPEG into the default three renditions. Its content has
// smooth gradients and fine detail, so the encoders and the resampler do
// realistic work.
func BenchmarkProcess(b *testing.B) {
	const w, h = 4000, 3000
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		for x := range w {
			yy, cb, cr := color.RGBToYCbCr(uint8(x*255/w), uint8(y*255/h), uint8((x^y)&0x3f+96))
			m.Y[m.YOffset(x, y)] = yy
			if x%2 == 0 && y%2 == 0 {
				i := m.COffset(x, y)
				m.Cb[i], m.Cr[i] = cb, cr
			}
		}
	}
	data := encodeJPEG(b, m)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
