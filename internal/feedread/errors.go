package feedread

import "errors"

// Errors Parse wraps, so callers can tell a broken or hostile source (worth
// flagging to an editor) from a temporary problem. Every error Parse returns
// about the document wraps exactly one of them.
var (
	// ErrTooLarge: the document is longer than Limits.MaxBytes.
	ErrTooLarge = errors.New("feedread: document too large")
	// ErrNotFeed: the document is not RSS, Atom or JSON Feed, or its root
	// element does not start within gofeed's 4 KiB detection window.
	ErrNotFeed = errors.New("feedread: not a feed")
	// ErrMalformed: the document is not well-formed XML or valid JSON, or is
	// in a charset that cannot be decoded.
	ErrMalformed = errors.New("feedread: malformed document")
	// ErrEntities: the XML declares entities in its DOCTYPE. See guard_xml.go.
	ErrEntities = errors.New("feedread: document declares XML entities")
	// ErrTooComplex: the document is within MaxBytes but its shape (nesting,
	// element or item count, namespaces, fragmented text) would cost the
	// parser too much time or memory. See guard_xml.go.
	ErrTooComplex = errors.New("feedread: document too complex")
	// ErrParser: the parser panicked. This is a bug in a dependency or
	// here, reported as an error so one bad feed cannot take down polling.
	ErrParser = errors.New("feedread: parser failure")
)
