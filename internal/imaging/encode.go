package imaging

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
)

// opaque reports whether every pixel of m is fully opaque. It looks at the
// pixels, not the format: PNGs and WebPs from most tools carry an alpha
// channel whether or not anything is see-through, and such pictures are
// better served as JPEG. The image types the decoders return all have an
// Opaque method (which for palette images checks only the colours used);
// others are scanned.
func opaque(m image.Image) bool {
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := m.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}

// encode returns m as a JPEG of the given quality when the picture is
// opaque, and as a PNG otherwise, since JPEG has no transparency. Neither
// encoder writes metadata, so nothing of the upload but its pixels
// survives: no Exif (with the GPS position of a reporter's phone), XMP,
// comments or ICC profile.
func encode(m *image.RGBA, opaque bool, quality int) (Rendition, error) {
	var buf bytes.Buffer
	r := Rendition{Width: m.Rect.Dx(), Height: m.Rect.Dy()}
	if opaque {
		r.ContentType = "image/jpeg"
		if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
			return r, fmt.Errorf("imaging: encoding %d×%d JPEG: %w", r.Width, r.Height, err)
		}
	} else {
		r.ContentType = "image/png"
		if err := png.Encode(&buf, m); err != nil {
			return r, fmt.Errorf("imaging: encoding %d×%d PNG: %w", r.Width, r.Height, err)
		}
	}
	r.Data = buf.Bytes()
	return r, nil
}
