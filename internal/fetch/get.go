package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Request is one thing to fetch.
type Request struct {
	URL          string // absolute http or https URL
	ETag         string // from the previous Response, sent as If-None-Match
	LastModified string // from the previous Response, sent as If-Modified-Since
	Accept       string // optional Accept header
}

// conditional reports whether the request asks "only if changed".
func (r Request) conditional() bool { return r.ETag != "" || r.LastModified != "" }

// Response is a successful fetch: a 2xx with its body, or a 304 to a
// conditional request.
type Response struct {
	URL         string // final URL, after redirects
	StatusCode  int
	NotModified bool   // 304: Body is empty and the caller keeps what it had
	Body        []byte // decoded; never more than Options.MaxBytes
	ContentType string // the Content-Type header as sent
	// ETag and LastModified are the validators to send next time. On a 304
	// without them they repeat the Request's, so the caller can always
	// store what it gets.
	ETag         string
	LastModified string
}

// Get fetches r.URL. It returns an error for anything but a 2xx answer or
// a 304 to a conditional request; a non-2xx answer is a *StatusError.
// Errors name the URL and wrap the cause, so errors.Is works with the
// package's sentinels and with context.Canceled and
// context.DeadlineExceeded.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err) // the error quotes the URL
	}
	if err := checkTarget(u); err != nil {
		return nil, fmt.Errorf("fetch %q: %w", u.Redacted(), err)
	}

	held := &heldHost{host: hostKey(u)}
	if err := c.hosts.acquire(ctx, held.host); err != nil {
		return nil, fmt.Errorf("fetch %q: waiting for a free slot for %s: %w", u.Redacted(), held.host, err)
	}
	held.held = true
	// checkRedirect may move the slot to another host, or lose it.
	defer func() {
		if held.held {
			c.hosts.release(held.host)
		}
	}()

	// The deadline starts once we have a slot: queueing behind our own
	// requests to a slow host is not the host's fault.
	reqCtx, cancel := context.WithTimeout(withHeld(ctx, held), c.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", u.Redacted(), err)
	}
	c.setHeaders(req, r)

	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.fail(ctx, reqCtx, u, err)
	}
	defer resp.Body.Close() // unread error bodies are dropped with their connection
	final := resp.Request.URL.String()

	switch {
	case resp.StatusCode == http.StatusNotModified && r.conditional():
		return notModified(final, resp, r), nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		serr := &StatusError{
			URL:        final,
			Code:       resp.StatusCode,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.now()),
		}
		return nil, c.fail(ctx, reqCtx, u, &url.Error{Op: "Get", URL: final, Err: serr})
	}

	body, err := readBody(resp, c.opt.MaxBytes)
	if err != nil {
		return nil, c.fail(ctx, reqCtx, u, &url.Error{Op: "Get", URL: final, Err: err})
	}
	return &Response{
		URL:          final,
		StatusCode:   resp.StatusCode,
		Body:         body,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}, nil
}

func (c *Client) setHeaders(req *http.Request, r Request) {
	h := req.Header
	h.Set("User-Agent", c.opt.UserAgent)
	// Setting this ourselves stops net/http from decoding transparently;
	// readBody decodes so that MaxBytes counts decoded bytes.
	h.Set("Accept-Encoding", "gzip")
	if r.Accept != "" {
		h.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		h.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		h.Set("If-Modified-Since", r.LastModified)
	}
}

func notModified(final string, resp *http.Response, r Request) *Response {
	out := &Response{
		URL:          final,
		StatusCode:   resp.StatusCode,
		NotModified:  true,
		Body:         []byte{},
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	if out.ETag == "" {
		out.ETag = r.ETag
	}
	if out.LastModified == "" {
		out.LastModified = r.LastModified
	}
	return out
}

// fail turns an error from any step of Get into one that names the URL
// asked for and, after a redirect, the URL where it went wrong. A timeout
// says so, and matches context.DeadlineExceeded whichever layer noticed it.
func (c *Client) fail(ctx, reqCtx context.Context, asked *url.URL, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
		var re *redirectError
		if hop, perr := url.Parse(ue.URL); perr == nil && !sameURL(hop, asked) && !errors.As(err, &re) {
			err = fmt.Errorf("redirected to %q: %w", hop.Redacted(), err)
		}
	}
	if ctx.Err() == nil && isTimeout(err) {
		if !errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
		}
		if reqCtx.Err() != nil {
			return fmt.Errorf("fetch %q: no complete answer within the %s Timeout: %w", asked.Redacted(), c.opt.Timeout, err)
		}
		return fmt.Errorf("fetch %q: timed out: %w", asked.Redacted(), err)
	}
	return fmt.Errorf("fetch %q: %w", asked.Redacted(), err)
}

// sameURL compares URLs ignoring passwords, which net/http masks in the
// URLs of its errors.
func sameURL(a, b *url.URL) bool {
	strip := func(u *url.URL) string {
		v := *u
		if v.User != nil {
			v.User = url.User(v.User.Username())
		}
		return v.String()
	}
	return strip(a) == strip(b)
}

// isTimeout reports whether err comes from a deadline rather than from the
// server or the network refusing.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}
