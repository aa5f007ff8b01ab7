// Package fetch is the HTTP client masthead uses to poll other outlets'
// feeds, pages and lead images. Everything it fetches is untrusted: the
// server may be hostile, broken or simply slow, and the URL itself may have
// been chosen to reach something it should not.
//
// One Client is shared by all pollers:
//
//	c, err := fetch.New(fetch.Options{UserAgent: "Masthead/1.0 (+https://site.example/)"})
//	res, err := c.Get(ctx, fetch.Request{URL: src.FeedURL, ETag: st.ETag, LastModified: st.LastModified})
//	switch {
//	case err != nil:
//		// *StatusError carries Code and RetryAfter for back-off.
//	case res.NotModified:
//		// keep what we had; store res.ETag and res.LastModified
//	default:
//		// parse res.Body; store res.ETag and res.LastModified
//	}
//
// What a Get guarantees:
//
//   - Only http and https URLs are fetched, including every redirect hop
//     (ErrSchemeNotAllowed).
//   - Unless Options.AllowPrivate is set, no connection is made to an
//     address that is not on the public internet (loopback, RFC 1918 and
//     fc00::/7, link-local including 169.254.169.254, CGNAT, multicast,
//     reserved ranges, and IPv4-mapped or -embedded forms of those). The
//     check runs at dial time on the resolved addresses, so redirects and DNS
//     rebinding are covered (ErrForbiddenAddress, *AddressError). Proxy
//     settings from the environment are ignored, so the check is what
//     decides.
//   - The body is decoded here (only gzip is offered), and MaxBytes applies
//     to the decoded bytes: a larger body is an error (ErrTooLarge), never a
//     silently truncated document.
//   - Timeout bounds the whole exchange, body included, so a server that
//     drips one byte a second ends in an error that matches
//     context.DeadlineExceeded.
//   - At most PerHost requests are in flight to one host name (port, case
//     and a trailing dot ignored). A Get waiting for a slot gives up when its
//     context ends; a redirect to another host gives up the old slot and
//     queues for the new one, inside the Timeout.
//   - Non-2xx answers are *StatusError, with RetryAfter for back-off; a 304
//     to a conditional request is a Response with NotModified set (a 304 to
//     an unconditional one is a *StatusError).
//   - No cookies are kept, and every request carries the User-Agent.
//
// Every error names the URL that was asked for and, after a redirect, the
// hop where things went wrong.
package fetch
