package masthead

import "time"

// CommentStatus is where a comment stands in moderation.
type CommentStatus string

const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentSpam     CommentStatus = "spam"
	CommentTrash    CommentStatus = "trash"
)

// Comment is a reader's message under an article. Every field a reader
// controls (Body, Name, Email, Website) is untrusted and stored as typed.
type Comment struct {
	ID        int64
	ArticleID int64
	ParentID  int64 // 0 for a top-level comment
	Status    CommentStatus
	Name      string
	Email     string
	Website   string
	IP        string
	Body      string // plain text as typed
	SpamScore float64
	CreatedAt time.Time
	// RateKey groups the comments that the per-address rate limit counts
	// together: the address, or its IPv6 /64, as the comment service keys
	// it. It is kept so that every instance sharing the database counts the
	// same comments; empty, the comment counts for no address.
	RateKey string
}

// CommentFilter selects comments for moderation. Zero fields do not filter.
type CommentFilter struct {
	ArticleID int64
	Status    CommentStatus
	// Text, when set, keeps comments whose text, name, email or website
	// contains it, ignoring case (the moderation queue's search).
	Text   string
	Limit  int // 0 means the store's default
	Offset int
}

// Moderation modes: which new comments wait for a moderator.
const (
	ModerateAll       = "all"        // every comment waits
	ModerateFirstTime = "first-time" // only people with no approved comment yet
	ModerateNone      = "none"       // publish at once unless spam is suspected
)

// CommentSettings are the site's comment rules, editable while it runs.
type CommentSettings struct {
	Moderation     string // ModerateAll, ModerateFirstTime or ModerateNone
	MaxDepth       int    // deepest reply level shown; deeper replies attach there
	CloseAfterDays int    // 0: comments never close by age
	RatePerMinute  int    // posts per IP address per minute; 0: no limit
	// ArticleRatePerMinute bounds posts on one article from everyone
	// together, so many addresses cannot bury a thread; 0: no limit.
	ArticleRatePerMinute int
	MinSeconds           int // the form's time trap; 0: none
	// Blocklists, one entry per element, matched case-insensitively.
	BlockedWords        []string
	BlockedIPs          []string // exact addresses or CIDR prefixes
	BlockedEmailDomains []string
}

// DefaultCommentSettings are the rules of a new site.
func DefaultCommentSettings() CommentSettings {
	return CommentSettings{
		Moderation:    ModerateFirstTime,
		MaxDepth:      5,
		RatePerMinute: 5,
		// A busy story may draw a comment every second; a flood, more.
		ArticleRatePerMinute: 60,
		MinSeconds:           3,
	}
}

// SpamSignals is what moderators' spam marks taught: how many comments
// from each address were marked spam, and the domains spam linked to, with
// how often.
type SpamSignals struct {
	Addresses map[string]int
	Domains   map[string]int
}
