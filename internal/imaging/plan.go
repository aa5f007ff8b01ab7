package imaging

import "image"

// plan returns the sizes of the renditions of a picture shown at w×h, for
// the wanted widths (sorted, without repeats), smallest first. Widths above
// w are skipped, since upscaling only makes a bigger file of the same
// detail; when all are above w, the one rendition is w wide. Heights keep
// the aspect ratio, rounded to the nearest pixel and at least 1.
func plan(widths []int, w, h int) []image.Point {
	var sizes []image.Point
	for _, dw := range widths {
		if dw <= w {
			sizes = append(sizes, image.Pt(dw, scaledSide(h, dw, w)))
		}
	}
	if len(sizes) == 0 {
		sizes = append(sizes, image.Pt(w, h))
	}
	return sizes
}

// scaledSide returns side×num/den rounded to the nearest integer, at least
// 1, computed in 64 bits so no picture the pixel limit admits can overflow.
func scaledSide(side, num, den int) int {
	s := (2*int64(side)*int64(num) + int64(den)) / (2 * int64(den))
	return int(max(s, 1))
}
