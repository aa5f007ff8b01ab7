package imaging

import (
	"fmt"
	"image"
	"io"
)

// readUpload reads all of r if it is at most max bytes long. It reads one
// byte more than max to tell a file of exactly max bytes from a longer one,
// and never more, so a hostile client cannot make it buffer an endless
// stream.
func readUpload(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("imaging: reading the upload: %w", err)
	}
	if int64(len(data)) > max {
		return nil, refuse(ErrTooLarge, nil, "The file is larger than %s, the most accepted; save the picture at a smaller size or higher compression and upload it again.", byteSize(max))
	}
	return data, nil
}

// checkDimensions refuses a picture whose header declares more than
// maxPixels pixels. It runs on the header alone, before anything is
// decoded: decoders allocate for the declared size, so a small file saying
// 100000×100000 would otherwise cost tens of gigabytes.
func checkDimensions(cfg image.Config, maxPixels int, label string) error {
	w, h := cfg.Width, cfg.Height
	if w < 1 || h < 1 {
		return refuse(ErrCorrupt, nil, "The %s says it is %d×%d pixels, which is not a picture; check that it opens on your computer, then upload it again.", label, w, h)
	}
	if int64(w)*int64(h) > int64(maxPixels) {
		return refuse(ErrTooManyPixels, nil, "The image is %d×%d pixels; the largest accepted is %s. Scale it down and upload it again.", w, h, pixelCount(maxPixels))
	}
	return nil
}

// checkSizes refuses a picture so much taller than wide that a rendition
// would exceed the 65535 pixels a JPEG can record.
func checkSizes(sizes []image.Point, w, h int) error {
	for _, s := range sizes {
		if s.X > maxJPEGSide || s.Y > maxJPEGSide {
			return refuse(ErrTooManyPixels, nil, "The image is %d×%d pixels; a picture this tall for its width cannot be made into web images. Crop it and upload it again.", w, h)
		}
	}
	return nil
}
