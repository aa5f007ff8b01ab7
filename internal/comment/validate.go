package comment

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/masthead-news/masthead"
)

// Limits on what a reader types, in characters (runes) after normalisation.
const (
	MaxBodyLen    = 10000
	MaxNameLen    = 100
	MaxEmailLen   = 254 // the longest address SMTP can carry
	MaxWebsiteLen = 300
)

// Messages shown next to the form's fields. They are the words readers of
// the site already know from its comment form, so they are kept as they are.
const (
	msgBodyBlank      = "Please enter your comment!"
	msgNameBlank      = "Please enter your name here"
	msgEmailBad       = "You have entered an incorrect email address!"
	msgWebsiteBad     = "Please enter a web address starting with http:// or https://"
	msgNameLong       = "Your name is too long: at most 100 characters."
	msgEmailLong      = "Your email address is too long: at most 254 characters."
	msgWebsiteLong    = "Your web address is too long: at most 300 characters."
	msgParentGone     = "The comment you replied to is no longer available."
	msgDuplicate      = "Duplicate comment detected; it looks as though you’ve already said that!"
	msgUnreadableText = "contains characters that could not be read; please type it again."
)

// The form's fields, in the order the form shows them; FieldErrors keys.
const (
	FieldComment = "comment"
	FieldName    = "name"
	FieldEmail   = "email"
	FieldWebsite = "website"
)

var fieldOrder = []string{FieldComment, FieldName, FieldEmail, FieldWebsite}

// FieldErrors says what is wrong with each field of the comment form, all
// at once, so a reader fixes everything in one go. It is an EINVALID
// *masthead.Error underneath: masthead.ErrorCode works on it, and
// masthead.ErrorMessage gives every message in one line.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string { return fe.summary() }

// Unwrap returns the EINVALID *masthead.Error carrying every message.
func (fe FieldErrors) Unwrap() error {
	return &masthead.Error{Code: masthead.EINVALID, Message: fe.summary()}
}

// summary joins the messages in the form's field order, then any other keys
// sorted, so the text is the same every time.
func (fe FieldErrors) summary() string {
	var parts []string
	seen := make(map[string]bool, len(fieldOrder))
	for _, k := range fieldOrder {
		seen[k] = true
		if m, ok := fe[k]; ok {
			parts = append(parts, m)
		}
	}
	var rest []string
	for k := range fe {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		parts = append(parts, fe[k])
	}
	return strings.Join(parts, " ")
}

// cleanText normalises text a reader typed: line endings become \n, control
// characters other than \n and \t are dropped (NUL and friends break
// terminals, logs and some databases and are never meant), as are the bidi
// override and isolate characters that could make the text around a comment
// read backwards. The result is NFC, so the same words typed on different
// systems compare equal (duplicates, blocklists) and count the same, and it
// is trimmed. ok is false for invalid UTF-8, which no browser sends.
func cleanText(s string) (clean string, ok bool) {
	if !utf8.ValidString(s) {
		return "", false
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r), isBidiControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(norm.NFC.String(s)), true
}

// cleanLine is cleanText for one-line fields: any run of white space,
// newlines included, becomes one space.
func cleanLine(s string) (string, bool) {
	s, ok := cleanText(s)
	if !ok {
		return "", false
	}
	return strings.Join(strings.Fields(s), " "), true
}

func isBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// blank reports whether s shows nothing: only spaces and invisible format
// characters such as zero-width spaces.
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

// fields is the form as typed, normalised.
type fields struct {
	body, name, email, website string
}

// cleanFields normalises the form. Invalid UTF-8 is reported per field.
func cleanFields(in Input) (fields, FieldErrors) {
	var f fields
	fe := FieldErrors{}
	var ok bool
	if f.body, ok = cleanText(in.Comment); !ok {
		fe[FieldComment] = "Your comment " + msgUnreadableText
	}
	if f.name, ok = cleanLine(in.Name); !ok {
		fe[FieldName] = "Your name " + msgUnreadableText
	}
	if f.email, ok = cleanText(in.Email); !ok {
		fe[FieldEmail] = "Your email address " + msgUnreadableText
	}
	if f.website, ok = cleanText(in.Website); !ok {
		fe[FieldWebsite] = "Your web address " + msgUnreadableText
	}
	return f, fe
}

// validate adds a message for each field that is wrong to fe, keeping any
// message a field already has.
func (f fields) validate(fe FieldErrors) {
	add := func(field, msg string) {
		if _, ok := fe[field]; !ok {
			fe[field] = msg
		}
	}
	if msg := bodyProblem(f.body); msg != "" {
		add(FieldComment, msg)
	}
	switch {
	case blank(f.name):
		add(FieldName, msgNameBlank)
	case utf8.RuneCountInString(f.name) > MaxNameLen:
		add(FieldName, msgNameLong)
	}
	switch {
	case f.email == "":
	case utf8.RuneCountInString(f.email) > MaxEmailLen:
		add(FieldEmail, msgEmailLong)
	case !validEmail(f.email):
		add(FieldEmail, msgEmailBad)
	}
	switch {
	case f.website == "":
	case utf8.RuneCountInString(f.website) > MaxWebsiteLen:
		add(FieldWebsite, msgWebsiteLong)
	case !validWebsite(f.website):
		add(FieldWebsite, msgWebsiteBad)
	}
}

// bodyProblem returns the message for a comment text that cannot be posted,
// or "". Post and Edit share it.
func bodyProblem(body string) string {
	if blank(body) {
		return msgBodyBlank
	}
	if n := utf8.RuneCountInString(body); n > MaxBodyLen {
		return "Your comment is too long: at most 10,000 characters (yours has " + thousands(n) + ")."
	}
	return ""
}

// thousands formats n with commas, as the limit in the message is written.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// validEmail accepts what people actually type: one @, a local part without
// spaces, quotes or brackets, and a domain of at least two dot-separated
// labels of letters (any script), digits and inner hyphens. It does not try
// to accept every address RFC 5322 allows; quoted local parts are not used
// in practice and the looser the check, the more typos get through.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return false
	}
	for _, r := range local {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`"(),:;<>[\]`, r) {
			return false
		}
	}
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	return validDomain(domain, 2)
}

// validDomain reports whether s is a host name of at least minLabels labels,
// each of letters, digits and inner hyphens; the last must not be numeric.
func validDomain(s string, minLabels int) bool {
	labels := strings.Split(s, ".")
	if len(labels) < minLabels || len(s) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	last := labels[len(labels)-1]
	return strings.IndexFunc(last, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0
}

// validWebsite accepts absolute http and https URLs with a host. A user name
// in the URL is refused: "https://bank.example@evil.example" reads as one
// site and goes to another.
func validWebsite(s string) bool {
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.Opaque != "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return (scheme == "http" || scheme == "https") && u.Hostname() != ""
}
