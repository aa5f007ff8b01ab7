package feedread

import (
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// MaxCategories bounds Item.Categories: a story filed under more than this
// many is spamming its tags, and the first ones are the feed's own choice.
const MaxCategories = 32

// itemFrom builds an Item from gofeed's. feedAuthors is used when the item
// names no author of its own; published is the item's already checked date.
func itemFrom(it *gofeed.Item, base *url.URL, feedAuthors string, published time.Time, lim Limits) Item {
	out := Item{
		GUID:       plainText(it.GUID, lim.MaxField),
		URL:        itemURL(it, base, lim.MaxField),
		Title:      plainText(it.Title, lim.MaxField),
		Author:     authorNames(it.Authors, it.Author, lim.MaxField),
		Categories: categories(it.Categories, lim.MaxField),
		Published:  published,
		Summary:    rawHTML(it.Description, lim.MaxContent),
		Content:    rawHTML(it.Content, lim.MaxContent),
		Image:      itemImage(it, base, lim.MaxField),
	}
	if out.Author == "" {
		out.Author = feedAuthors
	}
	return out
}

// itemURL returns the item's link. An RSS guid is a permalink unless the
// feed says otherwise, and some feeds put the link only there, so a guid that
// is an http(s) URL is the last resort.
func itemURL(it *gofeed.Item, base *url.URL, max int) string {
	candidates := append([]string{it.Link}, it.Links...)
	candidates = append(candidates, it.GUID)
	for _, c := range candidates {
		if u := absoluteURL(base, c, max); u != "" {
			return u
		}
	}
	return ""
}

// authorNames joins the distinct names of authors with ", ". E-mail
// addresses are left out: RSS puts them in <author>, but printing them next
// to an imported story would help spammers and nobody else.
func authorNames(authors []*gofeed.Person, author *gofeed.Person, max int) string {
	if len(authors) == 0 && author != nil {
		authors = []*gofeed.Person{author}
	}
	var names []string
	size := 0
	for _, p := range authors {
		if p == nil {
			continue
		}
		name := plainText(p.Name, max)
		if name == "" || containsFold(names, name) {
			continue
		}
		names = append(names, name)
		if size += len(name) + 2; size > max {
			break
		}
	}
	return cut(strings.Join(names, ", "), max)
}

// categories cleans, de-duplicates (ignoring case) and bounds cats.
func categories(cats []string, max int) []string {
	var out []string
	for _, c := range cats {
		c = plainText(c, max)
		if c == "" || containsFold(out, c) {
			continue
		}
		out = append(out, c)
		if len(out) == MaxCategories {
			break
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// itemImage returns the item's picture. Explicit image enclosures and Media
// RSS come first because they are the publisher's choice for the story;
// gofeed's own pick (itunes:image, JSON Feed image) comes last. gofeed's
// fallback of scanning the HTML for an <img> is turned off in parse.go: it
// is an HTML parse per item and usually finds a tracking pixel or an icon.
func itemImage(it *gofeed.Item, base *url.URL, max int) string {
	var candidates []string
	for _, e := range it.Enclosures {
		if e != nil && strings.HasPrefix(strings.ToLower(e.Type), "image/") {
			candidates = append(candidates, e.URL)
		}
	}
	candidates = append(candidates, mediaImages(it.Extensions)...)
	if it.Image != nil {
		candidates = append(candidates, it.Image.URL)
	}
	for _, c := range candidates {
		if u := absoluteURL(base, c, max); u != "" {
			return u
		}
	}
	return ""
}

// mediaImages returns the image URLs of Media RSS elements, in order of
// preference: media:content that is an image, then media:thumbnail, looking
// inside media:group too.
func mediaImages(exts ext.Extensions) []string {
	media := exts["media"]
	if media == nil {
		return nil
	}
	var contents, thumbs []ext.Extension
	contents = append(contents, media["content"]...)
	thumbs = append(thumbs, media["thumbnail"]...)
	for _, g := range media["group"] {
		contents = append(contents, g.Children["content"]...)
		thumbs = append(thumbs, g.Children["thumbnail"]...)
	}
	var urls []string
	for _, c := range contents {
		if c.Attrs["medium"] == "image" || strings.HasPrefix(strings.ToLower(c.Attrs["type"]), "image/") {
			urls = append(urls, c.Attrs["url"])
		}
	}
	for _, t := range thumbs {
		urls = append(urls, t.Attrs["url"])
	}
	return urls
}
