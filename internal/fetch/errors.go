package fetch

import (
	"errors"
	"fmt"
)

// Sentinel errors, for errors.Is. The errors returned by Get wrap them with
// the URL and the details, so log the error itself and test with errors.Is.
var (
	// ErrForbiddenAddress means the host resolved to an address that is not
	// on the public internet and Options.AllowPrivate is off. errors.As with
	// *AddressError gives the host, the address and the reason.
	ErrForbiddenAddress = errors.New("forbidden address")
	// ErrSchemeNotAllowed means the URL, or a redirect, was not http or https.
	ErrSchemeNotAllowed = errors.New("scheme not allowed")
	// ErrTooManyRedirects means a Get met more than Options.MaxRedirects
	// redirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTooLarge means the body was larger than Options.MaxBytes once
	// decoded (or its compressed form was implausibly larger than that).
	ErrTooLarge = errors.New("response too large")
)

// refusal is an error with its own wording that still matches one of the
// sentinels, so messages can read naturally ("scheme "file" is not
// allowed") without a sentinel's prefix.
type refusal struct {
	kind error
	msg  string
}

func newRefusal(kind error, format string, args ...any) error {
	return &refusal{kind: kind, msg: fmt.Sprintf(format, args...)}
}

func (e *refusal) Error() string { return e.msg }
func (e *refusal) Unwrap() error { return e.kind }
