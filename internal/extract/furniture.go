package extract

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// furniture names the rule by which blocks[i] is page furniture, or
// returns "".
func furniture(blocks []block, i int, h hints) string {
	b, count := blocks[i], len(blocks)
	switch {
	case b.n.Data == "h1" && i == 0:
		// An h1 opening the body is the headline, which is not body
		// text, whatever its wording.
		return "h1"
	case h.titles[b.norm]:
		return "headline"
	case i < 2 && isHeading(b.n) && b.norm == h.description && count > i+3:
		// The standfirst, set as a heading under the headline and
		// repeated as the page's description. (A paragraph equal to
		// the description is usually the lede, which is body text.)
		return "standfirst"
	case b.words <= 10 && byline.MatchString(b.text):
		return "byline"
	case b.norm == h.author && h.author != "":
		// A byline without "By": the name the page declares as its
		// author, alone in a block.
		return "byline"
	case b.words <= 14 && dateline.MatchString(b.text):
		return "dateline"
	case b.words <= 40 && plug.MatchString(b.text) && looksLikePlug(b) &&
		!(isHeading(b.n) && i+1 < count && blocks[i+1].stats.linkDensity() < 0.3):
		// (A heading such as "More from the meeting" over prose is a
		// sub-heading.)
		return "plug"
	case b.words <= 40 && callToAction.MatchString(b.text):
		return "call to action"
	case b.words <= 40 && socialVerb.in(b.norm) && socialNetwork.in(b.norm):
		return "social plug"
	case b.words <= 60 && newsletter.in(b.norm) && signUp.in(b.norm):
		return "newsletter plug"
	case b.words <= 30 && clickHere.in(b.norm):
		return "plug"
	case b.words <= 40 && commentForm.in(b.norm):
		// What is left of a comment form whose markup did not give it
		// away: the stock phrases of WordPress and its themes.
		return "comment form"
	case b.words <= 8 && isCommentPrompt(b.norm):
		return "comment prompt"
	case b.words <= 30 && credit.MatchString(b.text):
		return "credit"
	case b.words <= 5 && isAdLabel(b.norm):
		return "ad label"
	case b.words <= 15 && isCopyright(b):
		return "copyright"
	case b.words <= 50 && affiliate.in(b.norm) && disclosed.in(b.norm):
		return "affiliate disclosure"
	case b.words <= 20 && scriptNotice.in(b.norm):
		// "This slideshow requires JavaScript": a widget that did not
		// run, in the stock words of its plugin.
		return "script notice"
	case !hasLetterOrDigit(b.text):
		// "___", "* * *": separators, not text.
		return "separator"
	case b.words <= 20 && b.stats.linkDensity() >= 0.8 && !addressLike.MatchString(b.text):
		// A block that is nothing but a link points elsewhere: tags,
		// related articles, "more" links. A written-out address is the
		// exception: a reference the article gives.
		return "links"
	}
	return ""
}

var (
	// byline matches "By Jane Doe" and its translations, with the name
	// capitalised so "By then, ..." is not taken.
	byline = regexp.MustCompile(`^(?i:(?:written |reported |posted |story |words |text |published )?(?:by|por|par|von|di|oleh|door|av|af|от|автор))[:\s]+\p{Lu}`)

	monthNames = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`
	// dateline matches a short block that starts with a date, or with
	// "Published/Updated/Posted" (and translations) and holds a date or
	// time.
	dateline = regexp.MustCompile(`^(?i:(?:(?:published|first published|updated|posted|last updated|modified|publicado|atualizado|actualizado|aggiornato|pubblicato|veröffentlicht|aktualisiert|mis à jour|publié)\b.*(?:\d{1,2}[:.]\d{2}|\d{4}|` + monthNames + `\s+\d)|` +
		monthNames + `\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+` + monthNames + `\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}))`)

	// recircHeading matches the heading of a recirculation block.
	recircHeading = regexp.MustCompile(`^(?i:(?:more|other|related|recommended|popular|trending|latest|top|editor'?s'?)\b.{0,40}\b(?:stories|articles|posts|news|reads|videos|coverage|picks|headlines)|related|related articles|related posts|related stories|related content|related coverage|you may also like|you might also like|you may be interested in|read next|what to read next|recommended for you|most read|most popular|trending now|also read|see also|further reading|more from .{1,40}|more on this( story| topic)?|explore further)[:.!]?$`)

	// credit matches production credits at the foot of an article.
	credit = regexp.MustCompile(`^(?i:(?:additional )?reporting by|editing by|edited by|writing by|compiled by|contributing:|(?:photos?|images?|video|graphics?)(?: by| credit)?:|source:)`)

	// addressLike matches text holding a URL or an e-mail address.
	addressLike = regexp.MustCompile(`(?i)https?://|www\.|\S@\S+\.\w|^doi:`)

	// plug matches the start of a block pointing the reader elsewhere:
	// related articles, other media, further reading. The same words
	// can open a sentence ("Related to this, ..."), so looksLikePlug
	// must agree.
	plug = regexp.MustCompile(`^(?i:read more|read also|also read|related|see more|see also|more from|more on|don'?t miss|recommended|must read|watch|listen|download|leia também|leia mais|veja também|lesen sie auch|mehr zum thema|à lire aussi|lire aussi|ver también|lee también|leggi anche|baca juga)\b`)

	// callToAction matches the start of a block asking the reader to do
	// something for the site: these never open article prose.
	callToAction = regexp.MustCompile(`^(?i:click here|sign up|subscribe|follow us|follow @|like this story|share this|get the latest|don'?t forget to)\b`)
)

// looksLikePlug tells a plug ("Related: ...", "Read more", "Watch: ...")
// from a sentence that happens to start with the same word ("Related to
// this, ..."): a plug is short, labelled with a colon, or mostly link.
func looksLikePlug(b block) bool {
	head := b.text[:min(len(b.text), 30)]
	return b.words <= 6 || strings.ContainsAny(head, ":|»›>") || b.stats.linkDensity() >= 0.3
}

// isLabel reports whether b is a bare plug label, as "DON'T MISS" or
// "Related:", with the links it announces in the blocks after it.
func isLabel(b block) bool {
	return b.words <= 4 && (plug.MatchString(b.text) || recircHeading.MatchString(b.text))
}

// hasLetterOrDigit reports whether s holds any letter or digit.
func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// isHeading reports whether n is an h2 to h6.
func isHeading(n *html.Node) bool {
	return isElement(n, "h2", "h3", "h4", "h5", "h6")
}
