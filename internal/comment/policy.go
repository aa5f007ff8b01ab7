package comment

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

// Score thresholds. Points are hundredths of the score, so sums are exact.
const (
	spamPoints    = 90 // at or above: straight to spam
	pendingPoints = 50 // at or above: waits for a moderator whatever the mode
)

var (
	// wwwLink is a link typed without a scheme; bareURL (format.go) covers
	// the rest.
	wwwLink = regexp.MustCompile(`(?i)(^|[^/\w.])www\.[^\s<>"']+\.[^\s<>"']+`)
	// markupLink is HTML or BBCode link markup. Nobody types it into a
	// plain-text form by hand; link-spam tools paste it everywhere.
	markupLink = regexp.MustCompile(`(?i)<a\s[^>]*>|\[url[=\]]`)
	// domainName is a name that is a web address, such as "cheap-pills.com".
	domainName = regexp.MustCompile(`(?i)(^|\s)[\w-]+(\.[\w-]+)*\.(com|net|org|info|biz|ru|cn|xyz|top|io|co|online|site|shop|store|club|pro|vip|link|click)(/|\s|$)`)
	// scriptAgent is the user agent of a script rather than a browser.
	scriptAgent = regexp.MustCompile(`(?i)curl|wget|python|go-http-client|java/|libwww|httpclient|okhttp|scrapy|bot\b`)
)

// Score rates how likely a comment is spam, from 0 to 1, and says why in
// words a moderator can read. It looks only at the comment itself and the
// site's blocked words, so it needs no outside service; the fields should be
// normalised as Post does. At 0.9 a comment goes to spam, at 0.5 it waits
// for a moderator.
func Score(in Input, set masthead.CommentSettings) (float64, []string) {
	points, reasons := score(in, set, true)
	return float64(points) / 100, reasons
}

// score returns the score in points. Edits come without a user agent, so
// withAgent leaves that signal out for them.
func score(in Input, set masthead.CommentSettings, withAgent bool) (int, []string) {
	var points int
	var reasons []string
	add := func(p int, format string, args ...any) {
		points += p
		reasons = append(reasons, fmt.Sprintf(format, args...))
	}

	body := in.Comment
	markup := len(markupLink.FindAllStringIndex(body, -1))
	// Count typed URLs outside markup, so <a href="URL"> counts once.
	plain := markupLink.ReplaceAllString(body, " ")
	links := markup + len(bareURL.FindAllStringIndex(plain, -1)) + len(wwwLink.FindAllStringIndex(plain, -1))

	if links > 2 {
		add(min(30+10*(links-3), 60), "%d links", links)
	}
	if markup > 0 {
		add(30, "HTML or BBCode link markup")
	}
	if words := blockedWords(strings.Join([]string{body, in.Name, in.Email, in.Website}, "\n"), set.BlockedWords); len(words) > 0 {
		add(min(60+20*(len(words)-1), 100), "blocked words: %s", strings.Join(words, ", "))
	}
	if strings.Contains(in.Name, "://") || strings.Contains(strings.ToLower(in.Name), "www.") || domainName.MatchString(in.Name) {
		add(40, "name is a web address")
	} else if digits, n := countDigits(in.Name); digits >= 4 && digits*2 >= n {
		add(20, "name is mostly digits")
	}
	if in.Website != "" && links >= 2 {
		add(20, "a website and %d links in the text", links)
	}
	if shouting(body) {
		add(30, "written in capitals")
	}
	if links > 0 {
		rest := bareURL.ReplaceAllString(wwwLink.ReplaceAllString(plain, " "), " ")
		if utf8.RuneCountInString(strings.Join(strings.Fields(rest), " ")) < 20 {
			add(40, "little text besides links")
		}
	}
	if repeatedRun(body) >= 10 || repeatedRun(in.Name) >= 6 {
		add(20, "long runs of one character")
	}
	if sig := in.signals; sig != nil {
		switch n := sig.Addresses[in.IP]; {
		case n >= 3:
			add(90, "%d comments from this address were marked spam", n)
		case n == 2:
			add(50, "2 comments from this address were marked spam")
		case n == 1:
			add(30, "a comment from this address was marked spam")
		}
		var known []string
		for _, d := range linkDomains(in) {
			if sig.Domains[d] > 0 {
				known = append(known, d)
			}
		}
		if len(known) > 0 {
			add(min(40*len(known), 80), "links to domains seen in spam: %s", strings.Join(known, ", "))
		}
	}
	switch ua := strings.TrimSpace(in.UserAgent); {
	case !withAgent:
	case ua == "":
		add(20, "no user agent")
	case scriptAgent.MatchString(ua):
		add(20, "user agent of a script")
	}
	return min(points, 100), reasons
}

// statusForPoints decides where a comment with the given points goes before the
// moderation mode has its say; "" leaves it to the mode.
func statusForPoints(points int) masthead.CommentStatus {
	switch {
	case points >= spamPoints:
		return masthead.CommentSpam
	case points >= pendingPoints:
		return masthead.CommentPending
	}
	return ""
}

// blockedWords returns the blocked words and phrases that occur in text as
// whole words, case-insensitively, in the order of the list. "ass" blocks
// "ass" but not "class"; a phrase matches however much white space
// separates its words.
func blockedWords(text string, blocked []string) []string {
	if len(blocked) == 0 {
		return nil
	}
	text = strings.Join(strings.Fields(strings.ToLower(text)), " ")
	var found []string
	for _, w := range blocked {
		if w = strings.Join(strings.Fields(strings.ToLower(w)), " "); w != "" && containsWord(text, w) {
			found = append(found, w)
		}
	}
	return found
}

func containsWord(text, w string) bool {
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(w)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		from = start + size
	}
	return false
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
}

func countDigits(s string) (digits, runes int) {
	for _, r := range s {
		runes++
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return digits, runes
}

// shouting reports a text of some length written mostly in capitals.
func shouting(s string) bool {
	var upper, letters int
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
			letters++
		} else if unicode.IsLower(r) {
			letters++
		}
	}
	return letters >= 20 && upper*10 >= letters*9
}

// repeatedRun returns the longest run of one character, white space aside.
func repeatedRun(s string) int {
	longest, run := 0, 0
	var last rune = -1
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			run, last = 0, -1
		case r == last:
			run++
		default:
			run, last = 1, r
		}
		longest = max(longest, run)
	}
	return longest
}

// blockedIP reports whether the address is in one of the blocked ranges.
func blockedIP(addr netip.Addr, nets []netip.Prefix) bool {
	if !addr.IsValid() {
		return false
	}
	addr = addr.Unmap()
	for _, p := range nets {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// blockedDomain returns the blocked domain that the email's domain is or is
// under, or "".
func blockedDomain(email string, domains []string) string {
	i := strings.LastIndexByte(email, '@')
	if i < 0 {
		return ""
	}
	d := strings.ToLower(email[i+1:])
	for _, b := range domains {
		if d == b || strings.HasSuffix(d, "."+b) {
			return b
		}
	}
	return ""
}
