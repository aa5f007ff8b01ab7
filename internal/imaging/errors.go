package imaging

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/masthead-news/masthead"
)

// Errors Process wraps, so callers can tell the kinds of refusal apart with
// errors.Is (a web handler might answer 413 for ErrTooLarge and 415 for
// ErrUnsupported). Every error Process returns about the upload itself
// wraps exactly one of them.
var (
	// ErrUnsupported: the file is not a JPEG, PNG or WebP (GIF, HEIC, SVG,
	// HTML…), or uses a feature of one that is not read (animated WebP,
	// arithmetic-coded JPEG, an absurd number of progressive scans).
	ErrUnsupported = errors.New("imaging: unsupported file")
	// ErrTooLarge: the upload is longer than Options.MaxBytes.
	ErrTooLarge = errors.New("imaging: file too large")
	// ErrTooManyPixels: the header declares more than Options.MaxPixels
	// pixels, or a shape whose renditions no JPEG could hold.
	ErrTooManyPixels = errors.New("imaging: too many pixels")
	// ErrCorrupt: the file starts like a supported image but is damaged or
	// incomplete, or a decoder panicked on it.
	ErrCorrupt = errors.New("imaging: damaged image")
)

// refusal is the error for an upload Process will not take. Besides its
// sentinel it carries a *masthead.Error (EINVALID) whose message is written
// for the editor who uploaded the file, so the web layer can show it as it
// shows every other input error; the decoder's own words stay in cause, for
// the log only.
type refusal struct {
	kind  error
	msg   string
	cause error // may be nil
}

// refuse returns a refusal of the given kind; cause is what a decoder or
// parser said, if anything.
func refuse(kind, cause error, format string, args ...any) error {
	return &refusal{kind: kind, msg: fmt.Sprintf(format, args...), cause: cause}
}

func (e *refusal) Error() string {
	if e.cause == nil {
		return "imaging: " + e.msg
	}
	return "imaging: " + e.msg + " (" + e.cause.Error() + ")"
}

func (e *refusal) Unwrap() []error {
	errs := []error{e.kind, &masthead.Error{Code: masthead.EINVALID, Message: e.msg}}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	return errs
}

// byteSize spells a byte count the way editors read file sizes: "15 MiB",
// "800 KiB", "100 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return oneDecimal(float64(n)/(1<<20)) + " MiB"
	case n >= 1<<10:
		return oneDecimal(float64(n)/(1<<10)) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// oneDecimal formats f with at most one decimal: "15", "2.5".
func oneDecimal(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// pixelCount spells a pixel limit: "40 megapixels" for the limits people
// use, exact pixels for the small ones tests use.
func pixelCount(n int) string {
	if n >= 1_000_000 {
		return oneDecimal(float64(n)/1e6) + " megapixels"
	}
	return strconv.Itoa(n) + " pixels"
}
