package imaging

import (
	"image"

	"golang.org/x/image/draw"
)

// shrinker makes the renditions of one picture, largest first, each from
// the smallest halving of the picture that is still at least as large.
type shrinker struct {
	level image.Image // the picture, or the last halving of it
}

// resize returns the picture scaled to w×h (in stored orientation). Calls
// must come in decreasing size, since halvings are not undone.
//
// It works in two steps, as libvips and Pillow do. First the picture is
// halved while it is at least twice the wanted size: ApproxBiLinear at
// exactly 2:1 samples half-way between pixel pairs, so it averages each
// 2×2 block, a box filter, which is the right low-pass for halving and
// costs four reads per pixel. Then CatmullRom does the rest, less than
// 2:1: it is the sharpest of x/image/draw's kernels, and it widens its
// support when shrinking so that no source pixel is skipped, which keeps
// fine patterns (fabric, brickwork, text in the picture) free of moiré.
// CatmullRom all the way from a 12-megapixel original is about five times
// slower; ApproxBiLinear all the way skips pixels, and so aliases, at any
// step beyond 2:1.
func (s *shrinker) resize(w, h int) *image.RGBA {
	for b := s.level.Bounds(); b.Dx() >= 2*w && b.Dy() >= 2*h; b = s.level.Bounds() {
		half := image.NewRGBA(image.Rect(0, 0, (b.Dx()+1)/2, (b.Dy()+1)/2))
		draw.ApproxBiLinear.Scale(half, half.Rect, s.level, b, draw.Src, nil)
		s.level = half
	}
	return kernelScale(s.level, w, h)
}

// scratchBudget bounds the scratch memory of each CatmullRom call.
// x/image/draw's kernel scaler keeps 32 bytes (four float64s) for every
// pixel of destination width × source height between its horizontal and
// vertical passes: 150 MB for a 1600-wide rendition of a 4000×3000 photo,
// and over a gigabyte for a tall, narrow picture the pixel limit admits.
const scratchBudget = 8 << 20

const scratchPerPixel = 32

// kernelScale returns src resized to w×h with CatmullRom, in two passes
// that each scale one axis while the other stays 1:1 (where CatmullRom
// weighs the pixel itself 1 and its neighbours 0, so the pass is exact).
// That lets each pass run in bands of rows or columns sized to
// scratchBudget, with a w × source-height image in between. The result
// differs from one call's only in that the in-between image is rounded to
// 8 bits and clipped to black and white, which shows, if at all, as
// slightly less ringing at the hardest edges.
func kernelScale(src image.Image, w, h int) *image.RGBA {
	sr := src.Bounds()
	sw, sh := sr.Dx(), sr.Dy()

	var mid *image.RGBA
	if sw == w {
		mid = toRGBA(src)
	} else {
		mid = image.NewRGBA(image.Rect(0, 0, w, sh))
		rows := max(1, scratchBudget/(scratchPerPixel*w))
		for y := 0; y < sh; y += rows {
			y1 := min(y+rows, sh)
			band := image.Rect(sr.Min.X, sr.Min.Y+y, sr.Max.X, sr.Min.Y+y1)
			draw.CatmullRom.Scale(mid, image.Rect(0, y, w, y1), src, band, draw.Src, nil)
		}
	}
	if sh == h {
		return mid
	}

	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	cols := max(1, scratchBudget/(scratchPerPixel*sh))
	for x := 0; x < w; x += cols {
		x1 := min(x+cols, w)
		draw.CatmullRom.Scale(dst, image.Rect(x, 0, x1, h), mid, image.Rect(x, 0, x1, sh), draw.Src, nil)
	}
	return dst
}

// toRGBA returns m as an *image.RGBA with its origin at (0, 0): m itself
// when it already is one, otherwise a converted copy.
func toRGBA(m image.Image) *image.RGBA {
	if rgba, ok := m.(*image.RGBA); ok && rgba.Rect.Min == (image.Point{}) {
		return rgba
	}
	b := m.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Rect, m, b.Min, draw.Src)
	return rgba
}
