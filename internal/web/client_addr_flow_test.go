package web

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/comment"
)

// forwardedBy sends every request as if through a proxy that saw the
// reader at addr.
type forwardedBy struct{ addr string }

func (f forwardedBy) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.addr)
	return http.DefaultTransport.RoundTrip(r)
}

// Behind a trusted proxy, each reader is known by the address the proxy
// forwards: it is stored with the comment and rate-limited on its own, so
// one reader's flood does not silence everyone behind the same proxy.
func TestCommentsBehindTrustedProxy(t *testing.T) {
	ts := newTestServer(t, func(s *Server) {
		s.opts.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	if err := ts.comments.SetSetting(t.Context(), comment.SettingRatePerMinute, "1"); err != nil {
		t.Fatal(err)
	}
	a := seedSeed(ts)
	path := articlePath(a)
	reader := func(addr string) *browser {
		b := ts.browser()
		b.client.Transport = forwardedBy{addr}
		return b
	}
	first, second := reader("203.0.113.9"), reader("198.51.100.20")

	if res, _ := first.post(path, map[string]string{"comment": "One.", "name": "Ann"}); res.status != http.StatusSeeOther {
		t.Fatalf("first comment: status %d\n%.300s", res.status, res.body)
	}
	if res, _ := first.post(path, map[string]string{"comment": "Two.", "name": "Ann"}); res.status == http.StatusSeeOther || !strings.Contains(res.body, "too quickly") {
		t.Fatalf("a second comment at once from the same reader: status %d, want the rate limit", res.status)
	}
	if res, _ := second.post(path, map[string]string{"comment": "Three.", "name": "Bo"}); res.status != http.StatusSeeOther {
		t.Fatalf("another reader behind the same proxy: status %d\n%.300s", res.status, res.body)
	}

	stored, _, err := ts.store.FindComments(t.Context(), masthead.CommentFilter{ArticleID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	ips := map[string]string{}
	for _, c := range stored {
		ips[c.Body] = c.IP
	}
	if ips["One."] != "203.0.113.9" || ips["Three."] != "198.51.100.20" {
		t.Fatalf("stored addresses %v, want the forwarded ones", ips)
	}
}
