package imaging

import (
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// codec reads one of the accepted formats. Process picks it from the file's
// first bytes (see sniff) and calls it directly instead of going through
// image.Decode: the image package's format registry is shared by the whole
// program, so a dependency that happens to import image/gif, or a BMP or
// TIFF decoder, would otherwise silently widen what editors may upload.
type codec struct {
	name         string // Result.Format: "jpeg", "png" or "webp"
	label        string // for messages: "JPEG"
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

func jpegCodec() codec { return codec{"jpeg", "JPEG", jpeg.DecodeConfig, jpeg.Decode} }
func pngCodec() codec  { return codec{"png", "PNG", png.DecodeConfig, png.Decode} }
func webpCodec() codec { return codec{"webp", "WebP", webp.DecodeConfig, webp.Decode} }

// decodeFailure turns a decoder's error into a refusal. The standard
// decoders report valid files they cannot read as UnsupportedError (an
// arithmetic-coded or 12-bit JPEG, say), which the editor can fix by saving
// the picture again; everything else means the bytes are damaged or cut
// short, typically by an interrupted upload or copy.
func (c codec) decodeFailure(err error) error {
	var (
		jpegUnsupported jpeg.UnsupportedError
		pngUnsupported  png.UnsupportedError
	)
	if errors.As(err, &jpegUnsupported) || errors.As(err, &pngUnsupported) {
		return refuse(ErrUnsupported, err, "This %s uses a feature that cannot be read; open it in an image editor, save it as a standard %s and upload it again.", c.label, c.label)
	}
	return refuse(ErrCorrupt, err, "The %s is damaged or incomplete; check that it opens on your computer, then upload it again.", c.label)
}
