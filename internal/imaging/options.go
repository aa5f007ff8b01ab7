package imaging

import (
	"fmt"
	"slices"
)

// Defaults for the zero Options.
const (
	// DefaultMaxBytes is well above what phones and cameras write for one
	// photo (3–8 MiB for 12–24 megapixels) and well below what would let one
	// upload crowd out others in memory.
	DefaultMaxBytes = 15 << 20
	// DefaultMaxPixels admits every phone and most camera photos. Decoding
	// costs 3–15 bytes per pixel (see Process), so this is the knob that
	// bounds memory.
	DefaultMaxPixels = 40_000_000
	// DefaultQuality is where JPEG artefacts stop being visible in photos at
	// screen sizes while files stay about half the size of quality 95.
	DefaultQuality = 82
)

// DefaultWidths returns the rendition widths used when Options.Widths is
// empty: phone, tablet or narrow column, and wide or high-density screens.
// It is a function so no caller can change the defaults of another.
func DefaultWidths() []int { return []int{480, 960, 1600} }

// maxJPEGSide is the largest width or height a JPEG can record; renditions
// must fit it.
const maxJPEGSide = 65535

// resolved returns opt with defaults filled in and the widths sorted and
// without repeats, or an error for a setting that can only be a programming
// mistake. It never changes the caller's Widths slice.
func (opt Options) resolved() (Options, error) {
	if opt.MaxBytes < 0 || opt.MaxPixels < 0 {
		return opt, fmt.Errorf("imaging: Options.MaxBytes (%d) and MaxPixels (%d) must not be negative", opt.MaxBytes, opt.MaxPixels)
	}
	if opt.Quality < 0 || opt.Quality > 100 {
		return opt, fmt.Errorf("imaging: Options.Quality is %d; it must be from 1 to 100, or 0 for %d", opt.Quality, DefaultQuality)
	}
	if opt.MaxBytes == 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxPixels == 0 {
		opt.MaxPixels = DefaultMaxPixels
	}
	if opt.Quality == 0 {
		opt.Quality = DefaultQuality
	}
	if len(opt.Widths) == 0 {
		opt.Widths = DefaultWidths()
	} else {
		opt.Widths = slices.Clone(opt.Widths)
	}
	for _, w := range opt.Widths {
		if w < 1 || w > maxJPEGSide {
			return opt, fmt.Errorf("imaging: Options.Widths has %d; widths must be from 1 to %d", w, maxJPEGSide)
		}
	}
	slices.Sort(opt.Widths)
	opt.Widths = slices.Compact(opt.Widths)
	return opt, nil
}
