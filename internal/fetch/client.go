package fetch

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"time"
)

// Ceilings for single phases of a request. The whole Get is bounded by
// Options.Timeout; these make a dead phase fail early instead of using up
// the whole budget, and each is cut to Timeout when that is shorter.
const (
	dialTimeout           = 10 * time.Second
	tlsHandshakeTimeout   = 10 * time.Second
	responseHeaderTimeout = 15 * time.Second
	idleConnTimeout       = 30 * time.Second
	maxIdleConns          = 32
	maxHeaderBytes        = 256 << 10
)

// Client fetches untrusted URLs. It is safe for concurrent use; make one and
// share it, so the per-host limit and the idle connections are shared too.
type Client struct {
	opt    Options
	dialer *dialer
	tr     *http.Transport
	hc     *http.Client
	hosts  *hostLimiter
	now    func() time.Time // reads Retry-After dates; tests stop it
}

// New returns a Client for opt, or an error if opt fails Validate.
func New(opt Options) (*Client, error) {
	if err := opt.Validate(); err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	opt = opt.withDefaults()
	d := newDialer(min(dialTimeout, opt.Timeout), opt.AllowPrivate)
	tr := &http.Transport{
		// Never take a proxy from the environment: behind a proxy the
		// address check would see the proxy, not the real destination.
		Proxy:       nil,
		DialContext: d.dialContext,
		// Our own DialContext would otherwise switch HTTP/2 off.
		ForceAttemptHTTP2:     true,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   min(tlsHandshakeTimeout, opt.Timeout),
		ResponseHeaderTimeout: min(responseHeaderTimeout, opt.Timeout),
		ExpectContinueTimeout: time.Second,
		// We ask for gzip and decode it ourselves, so that MaxBytes counts
		// decoded bytes.
		DisableCompression:     true,
		MaxIdleConns:           maxIdleConns,
		MaxIdleConnsPerHost:    opt.PerHost,
		IdleConnTimeout:        idleConnTimeout,
		MaxResponseHeaderBytes: maxHeaderBytes,
	}
	c := &Client{
		opt:    opt,
		dialer: d,
		tr:     tr,
		hosts:  newHostLimiter(opt.PerHost),
		now:    time.Now,
	}
	// No Jar: cookies from one outlet must not follow us to the next poll.
	// No Timeout: Get puts the deadline on the context instead, so that it
	// also covers reading the body and the error says which limit it was.
	c.hc = &http.Client{Transport: tr, CheckRedirect: c.checkRedirect}
	return c, nil
}

// CloseIdleConnections closes connections kept for reuse. Call it when the
// Client is no longer needed.
func (c *Client) CloseIdleConnections() { c.tr.CloseIdleConnections() }
