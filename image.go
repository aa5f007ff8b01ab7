package masthead

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Image is a lead image uploaded for an article: the original's size, and
// the renditions made of it for srcset, smallest first.
type Image struct {
	ID         int64
	Alt        string // what the image shows, for people who cannot see it; required
	Caption    string
	Credit     string
	Width      int
	Height     int
	Renditions []Rendition
	CreatedAt  time.Time
}

// Rendition is one resized copy of an image, stored as File in the image's
// folder of the media directory.
type Rendition struct {
	Width, Height int
	File          string // e.g. "960.jpg"
}

// Limits on image texts.
const (
	MaxAltLen     = 300
	MaxCaptionLen = 500
	MaxCreditLen  = 200
)

// Validate checks the texts an editor types and returns an EINVALID error
// naming the first problem.
func (im *Image) Validate() error {
	switch {
	case strings.TrimSpace(im.Alt) == "":
		return Errorf(EINVALID, "Describe the image for people who cannot see it (alt text).")
	case utf8.RuneCountInString(im.Alt) > MaxAltLen:
		return Errorf(EINVALID, "The alt text is longer than %d characters.", MaxAltLen)
	case utf8.RuneCountInString(im.Caption) > MaxCaptionLen:
		return Errorf(EINVALID, "The caption is longer than %d characters.", MaxCaptionLen)
	case utf8.RuneCountInString(im.Credit) > MaxCreditLen:
		return Errorf(EINVALID, "The credit is longer than %d characters.", MaxCreditLen)
	case len(im.Renditions) == 0:
		return Errorf(EINVALID, "An image needs at least one rendition.")
	}
	return nil
}

// Largest is the widest rendition.
func (im *Image) Largest() Rendition { return im.Renditions[len(im.Renditions)-1] }
