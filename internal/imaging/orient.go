package imaging

import "image"

// orientation is the Exif Orientation tag: which of the eight combinations
// of mirroring and quarter turns takes the stored pixels to the picture as
// the photographer held the camera. Phones store pixels as the sensor read
// them and set this tag rather than turning the picture. Since the
// renditions carry no metadata, the turn must be done to their pixels.
//
// Numbered as in Exif 2.3, by where the stored first row and first column
// end up when shown:
//
//	1 top, left (upright)     5 left, top    (transposed)
//	2 top, right (mirrored)   6 right, top   (turn 90° clockwise)
//	3 bottom, right (180°)    7 right, bottom (transversed)
//	4 bottom, left (flipped)  8 left, bottom (turn 90° anticlockwise)
type orientation uint8

const upright orientation = 1

// swapsAxes reports whether o turns the picture a quarter, so that stored
// width becomes shown height.
func (o orientation) swapsAxes() bool { return o >= 5 && o <= 8 }

// shown returns the size of a w×h stored picture once o is applied.
func (o orientation) shown(w, h int) (int, int) {
	if o.swapsAxes() {
		return h, w
	}
	return w, h
}

// stored returns the stored pixel (x, y) of a w×h stored picture that o
// shows at (u, v).
func (o orientation) stored(u, v, w, h int) (x, y int) {
	switch o {
	case 2:
		return w - 1 - u, v
	case 3:
		return w - 1 - u, h - 1 - v
	case 4:
		return u, h - 1 - v
	case 5:
		return v, u
	case 6:
		return v, h - 1 - u
	case 7:
		return w - 1 - v, h - 1 - u
	case 8:
		return w - 1 - v, u
	}
	return u, v
}

// apply returns m shown as o says: m itself when o is upright, otherwise a
// new image.
//
// Process applies the orientation to each rendition after resizing rather
// than to the decoded original first: mirroring and quarter turns commute
// with resizing by a symmetric kernel on a pixel-centred grid, so the result
// is the same, and turning a rendition costs a copy of at most a few
// megabytes instead of one of the full picture (160 MB at 40 megapixels).
func (o orientation) apply(m *image.RGBA) *image.RGBA {
	if o == upright || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	sw, sh := o.shown(w, h)
	out := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for v := range sh {
		row := out.Pix[v*out.Stride:]
		for u := range sw {
			x, y := o.stored(u, v, w, h)
			copy(row[4*u:4*u+4], m.Pix[m.PixOffset(m.Rect.Min.X+x, m.Rect.Min.Y+y):])
		}
	}
	return out
}
