package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// heldKey finds the *heldHost of a Get in its request's context.
type heldKey struct{}

// heldHost is the per-host slot a Get holds right now, if any.
type heldHost struct {
	host string
	held bool
}

// checkRedirect is the http.Client's CheckRedirect. via holds the requests
// made so far, so len(via) is the number of the redirect being considered.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if err := c.allowRedirect(req, len(via)); err != nil {
		return &redirectError{to: req.URL, err: err}
	}
	return nil
}

func (c *Client) allowRedirect(req *http.Request, n int) error {
	if n > c.opt.MaxRedirects {
		return newRefusal(ErrTooManyRedirects, "stopped after %d redirects (MaxRedirects)", c.opt.MaxRedirects)
	}
	if err := checkTarget(req.URL); err != nil {
		return err
	}
	// Politeness follows the request: give up the old host's slot and
	// queue for the new one. Holding only one slot at a time means two
	// Gets redirected towards each other's hosts cannot deadlock.
	held, _ := req.Context().Value(heldKey{}).(*heldHost)
	if next := hostKey(req.URL); held != nil && held.held && next != held.host {
		c.hosts.release(held.host)
		held.held = false
		if err := c.hosts.acquire(req.Context(), next); err != nil {
			return fmt.Errorf("waiting for a free slot for %s: %w", next, err)
		}
		held.host, held.held = next, true
	}
	return nil
}

// redirectError is a redirect that checkRedirect refused. It names the
// absolute target itself, because net/http reports such errors against the
// raw Location header, which may be relative.
type redirectError struct {
	to  *url.URL
	err error
}

func (e *redirectError) Error() string {
	return fmt.Sprintf("redirected to %q: %v", e.to.Redacted(), e.err)
}

func (e *redirectError) Unwrap() error { return e.err }

// withHeld returns ctx carrying held, for checkRedirect.
func withHeld(ctx context.Context, held *heldHost) context.Context {
	return context.WithValue(ctx, heldKey{}, held)
}
