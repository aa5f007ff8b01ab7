package fetch

import (
	"errors"
	"net/url"
)

// checkTarget accepts only absolute http and https URLs with a host. It
// runs on the URL given to Get and on every redirect.
func checkTarget(u *url.URL) error {
	switch u.Scheme {
	case "http", "https":
	case "":
		return newRefusal(ErrSchemeNotAllowed, "not an absolute URL (want http or https)")
	default:
		return newRefusal(ErrSchemeNotAllowed, "scheme %q is not allowed", u.Scheme)
	}
	if u.Hostname() == "" {
		return errors.New("URL has no host")
	}
	return nil
}
