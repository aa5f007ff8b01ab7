package web

import (
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"
)

// commentsHTML renders comment threads. It is Go rather than a template for
// speed: an article may carry hundreds of comments, and html/template spends
// most of a render calling escapers and finding fields by reflection, ten
// times what writing the same markup here costs. Every string a commenter
// controls passes through html.EscapeString, and a website becomes a link
// only when it is an http(s) URL (html/template's own rule for URLs).
func commentsHTML(nodes []*commentNode) template.HTML {
	var b strings.Builder
	b.Grow(len(nodes) * 1024)
	writeComments(&b, nodes)
	return template.HTML(b.String()) // built from escaped parts only
}

func writeComments(b *strings.Builder, nodes []*commentNode) {
	for _, n := range nodes {
		id := strconv.FormatInt(n.ID, 10)
		name := html.EscapeString(n.Name)
		b.WriteString(`<li class="comment" id="comment-` + id + `">
  <article>
    <header class="comment-meta">
      <span class="avatar" aria-hidden="true">` + html.EscapeString(n.Initial) + `</span>
      <span class="comment-author">`)
		if href, ok := safeWebsite(n.Website); ok {
			b.WriteString(`<a href="` + html.EscapeString(href) + `" rel="nofollow ugc noopener">` + name + `</a>`)
		} else {
			b.WriteString(name)
		}
		b.WriteString(`</span>
      <a class="permalink" href="#comment-` + id + `"><time datetime="` + n.Datetime + `">` + n.Date + `</time></a>
    </header>`)
		if n.Pending {
			b.WriteString("\n    " + `<p class="pending">Your comment is awaiting moderation.</p>`)
		}
		b.WriteString("\n    " + `<div class="comment-body">` + string(n.Body) + `</div>
    <div class="comment-actions">`)
		if !n.Pending {
			b.WriteString("\n      " + `<a class="reply" href="?replytocom=` + id + `#respond" data-reply="` + id + `" aria-label="Reply to ` + name + `">Reply</a>`)
		}
		if n.Editable {
			b.WriteString("\n      " + `<a href="/comments/` + id + `/edit">Edit</a>
      <form method="post" action="/comments/` + id + `/delete" class="inline-form">
        <button type="submit" class="link-button">Delete</button>
      </form>`)
		}
		b.WriteString("\n    </div>\n  </article>")
		if len(n.Replies) > 0 {
			b.WriteString("\n  <ol class=\"replies\">\n")
			writeComments(b, n.Replies)
			b.WriteString("  </ol>")
		}
		b.WriteString("\n</li>\n")
	}
}

// safeWebsite returns a commenter's website when it is an absolute http(s)
// URL, the only kind worth a link and the only kind that cannot run script.
func safeWebsite(raw string) (string, bool) {
	if raw == "" {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}
