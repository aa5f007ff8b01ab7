// Package imaging turns the lead images editors upload for articles into
// small, safe renditions for an img srcset.
//
// An upload is untrusted: a reporter's phone photo with the GPS position of
// where it was taken, or a file made to crash or exhaust the server.
// Process reads it within fixed limits, decodes only JPEG, PNG and WebP
// (recognised by content, never by name or declared type), refuses
// decompression bombs from the header before decoding, turns phone photos
// upright by their Exif orientation, and re-encodes resized pixels, so no
// metadata of the upload survives.
package imaging

import (
	"bytes"
	"fmt"
	"io"
)

// Options limit what Process accepts and say what it makes. The zero value
// means the defaults.
type Options struct {
	MaxBytes  int64 // largest upload accepted; 0 means DefaultMaxBytes (15 MiB)
	MaxPixels int   // largest width×height accepted, checked from the header before decoding; 0 means DefaultMaxPixels (40 megapixels)
	Widths    []int // rendition widths; nil means DefaultWidths (480, 960, 1600). Never upscaled: widths above the original are skipped, and the original width is used if it is below all of them
	Quality   int   // JPEG quality, 1–100; 0 means DefaultQuality (82)
}

// Rendition is one resized copy of the picture, carrying no metadata.
type Rendition struct {
	Width, Height int
	ContentType   string // "image/jpeg", or "image/png" if the picture has any transparency
	Data          []byte
}

// Result is what Process makes of an upload.
type Result struct {
	Width, Height int         // of the original, after orientation is applied
	Format        string      // "jpeg", "png" or "webp", as detected from the bytes
	Renditions    []Rendition // smallest first; at least one
}

// Process reads an uploaded image from r and returns its renditions.
//
// Errors about the upload wrap one of ErrTooLarge, ErrUnsupported,
// ErrTooManyPixels or ErrCorrupt, and a *masthead.Error (EINVALID) whose
// message tells the editor what to do, such as "The image is 12000×9000
// pixels; the largest accepted is 40 megapixels. Scale it down and upload
// it again." Other errors (reading r failed, invalid Options) are internal.
//
// Cost: the upload is held in memory (up to MaxBytes). Decoding takes 1
// to 8 bytes per pixel, depending on format and depth, and up to 15 for a
// progressive JPEG, whose decoder keeps every coefficient until the end.
// Resizing adds under 2 bytes per pixel for most photos, and up to 12 for
// a picture barely wider than the largest rendition, plus 8 MiB. So
// MaxPixels bounds memory: about 16 bytes per pixel, 640 MB for the default
// 40 megapixels, at the very worst, while a 12-megapixel phone photo peaks
// near 60 MB and takes about a second of one core. Process is safe for
// concurrent use; callers should still limit how many uploads run at once.
//
// The same input and Options always give the same bytes.
func Process(r io.Reader, opt Options) (*Result, error) {
	opt, err := opt.resolved()
	if err != nil {
		return nil, err
	}
	data, err := readUpload(r, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	return safely(func() (*Result, error) { return process(data, opt) })
}

// safely returns what f returns, or ErrCorrupt if f panics. The decoders
// are written defensively and fuzzed, but an upload is exactly the input
// that finds the bug that is left, and one bad file must cost one refused
// upload, not the server.
func safely(f func() (*Result, error)) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, refuse(ErrCorrupt, fmt.Errorf("panic: %v", p), "The image could not be read; it may be damaged. Open it on your computer, save a copy and upload that.")
		}
	}()
	return f()
}

// process does Process's work on the whole upload in data.
func process(data []byte, opt Options) (*Result, error) {
	c, err := sniff(data)
	if err != nil {
		return nil, err
	}
	cfg, err := c.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, c.decodeFailure(err)
	}
	if err := checkDimensions(cfg, opt.MaxPixels, c.label); err != nil {
		return nil, err
	}

	o := upright
	if c.name == "jpeg" {
		if n := jpegScans(data, maxJPEGScans); n > maxJPEGScans {
			return nil, refuse(ErrUnsupported, nil, "This JPEG is split into more than %d scans, far more than cameras and editors write; open it in an image editor, save it again and upload the copy.", maxJPEGScans)
		}
		o = jpegOrientation(data)
	}
	w, h := o.shown(cfg.Width, cfg.Height)
	sizes := plan(opt.Widths, w, h)
	if err := checkSizes(sizes, w, h); err != nil {
		return nil, err
	}

	img, err := c.decode(bytes.NewReader(data))
	if err != nil {
		return nil, c.decodeFailure(err)
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		// Each decoder checks this itself; the pixel limit rests on it.
		return nil, refuse(ErrCorrupt, fmt.Errorf("header says %d×%d, decoded %d×%d", cfg.Width, cfg.Height, b.Dx(), b.Dy()), "The %s is damaged; check that it opens on your computer, then upload it again.", c.label)
	}

	res := &Result{Width: w, Height: h, Format: c.name, Renditions: make([]Rendition, len(sizes))}
	seeThrough := !opaque(img)
	s := shrinker{level: img}
	for i := len(sizes) - 1; i >= 0; i-- { // largest first, for the shrinker
		sw, sh := o.shown(sizes[i].X, sizes[i].Y) // the size in stored orientation
		m := o.apply(s.resize(sw, sh))
		if res.Renditions[i], err = encode(m, !seeThrough, opt.Quality); err != nil {
			return nil, err
		}
	}
	return res, nil
}
