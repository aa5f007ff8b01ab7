// Package store declares what Masthead keeps and how it asks for it. Each
// database (SQLite now, PostgreSQL later) implements the whole contract with
// its own SQL, and storetest holds the one behaviour suite they all pass.
package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/masthead-news/masthead"
)

// DefaultLimit is the page size used when a filter asks for none, and
// MaxLimit the largest page a filter may ask for.
const (
	DefaultLimit = 20
	MaxLimit     = 200
)

// SearchCountLimit is how many of the newest matches a search ranks and
// counts. Each costs a relevance score (some 20 µs in SQLite on a
// 100,000-article archive), so 500 keep a search for a word most articles
// have near 20 ms; a reader pages through 25 pages of them before the
// results stop, and is told there are at least that many.
const SearchCountLimit = 500

// Articles keeps articles and the sections, tags, authors and sources they
// refer to. Sections, tags, authors and sources are created on first use,
// matched by slug; saving one under an existing slug renames it. Times are
// kept to the millisecond.
type Articles interface {
	// Article returns ENOTFOUND if no article has the ID.
	Article(ctx context.Context, id int64) (*masthead.Article, error)
	// ArticleBySlug returns ENOTFOUND if no article has the slug.
	ArticleBySlug(ctx context.Context, slug string) (*masthead.Article, error)
	// FindArticles returns one page of matches, newest first (by publication
	// time, then ID), and the total number of matches ignoring Limit, Offset
	// and Before. A filter slug that names nothing gives an empty list; a
	// negative Limit or Offset counts as unset. Body is never loaded, and
	// BodyHTML only with WithBody.
	FindArticles(ctx context.Context, f masthead.ArticleFilter) ([]*masthead.Article, int, error)
	// SaveArticle creates the article, or updates the one with the same slug,
	// and fills in ID, CreatedAt, UpdatedAt and the IDs of its section, tags,
	// author and source. It reports whether the article was created. An
	// existing source keeps its homepage.
	SaveArticle(ctx context.Context, a *masthead.Article) (created bool, err error)
	// SitemapArticles returns the articles visible at visibleAt in chunk n
	// of size (see masthead.SitemapChunk), by ID, reading only slugs and
	// times; none for a chunk out of range.
	SitemapArticles(ctx context.Context, visibleAt time.Time, chunk, size int) ([]masthead.SitemapEntry, error)
	// DeleteArticle removes an article for good, with its comments,
	// revisions and counts; ENOTFOUND if none has the ID.
	DeleteArticle(ctx context.Context, id int64) error
	// SitemapChunks returns the chunks of size holding articles visible at
	// visibleAt, in order, each with its last modification, for the
	// sitemap index, without reading the articles one by one. A size of 0
	// or less is an error.
	SitemapChunks(ctx context.Context, visibleAt time.Time, size int) ([]masthead.SitemapChunk, error)

	// Section, Tag, Author and Source return ENOTFOUND for an unknown slug.
	Section(ctx context.Context, slug string) (*masthead.Section, error)
	Tag(ctx context.Context, slug string) (*masthead.Tag, error)
	Author(ctx context.Context, slug string) (*masthead.Author, error)
	Source(ctx context.Context, slug string) (*masthead.Source, error)
	// Sections returns every section that has an article visible at now, by name.
	Sections(ctx context.Context, now time.Time) ([]*masthead.Section, error)
	// RelatedArticles returns up to limit articles visible at visibleAt that
	// are most like a (sharing its tags, section and title words, newer
	// first among equals), never a itself. Tags are not loaded.
	RelatedArticles(ctx context.Context, a *masthead.Article, visibleAt time.Time, limit int) ([]*masthead.Article, error)
}

// Sources keeps the outlets the site follows and what it imported from
// them. Polling state (feeds' validators, times and errors) never changes
// ChangeVersion; reports do, as they show on article pages.
type Sources interface {
	// SaveSourceConfig creates or updates the source (by slug) and how it is
	// followed, and fills in the IDs. Feeds are matched by URL: a kept feed
	// keeps its polling state, a new one is polled at once, and one no
	// longer listed is dropped.
	SaveSourceConfig(ctx context.Context, c *masthead.SourceConfig) error
	// SourceConfig returns ENOTFOUND unless the source is followed.
	SourceConfig(ctx context.Context, slug string) (*masthead.SourceConfig, error)
	// SourceConfigs returns every followed source, by name.
	SourceConfigs(ctx context.Context) ([]*masthead.SourceConfig, error)
	// RemoveSourceConfig stops following the source; its articles keep their
	// attribution. ENOTFOUND unless the source is followed.
	RemoveSourceConfig(ctx context.Context, slug string) error
	// SaveFeedState stores a feed's polling state, by its ID.
	SaveFeedState(ctx context.Context, f *masthead.Feed) error

	// ItemImported reports whether an item with this normalised URL was
	// imported, as an article or as a report.
	ItemImported(ctx context.Context, url string) (bool, error)
	// FingerprintCandidates returns the imported articles, oldest first,
	// whose fingerprint has at least one of its eight bytes equal to fp's
	// byte at the same position, which every fingerprint within 7 bits of
	// fp has; the caller measures the distance. A zero fp has none.
	FingerprintCandidates(ctx context.Context, fp uint64) ([]masthead.ImportedArticle, error)
	// ImportArticle saves a new article imported from item, recording the
	// item's URL and fingerprint in the same transaction. It returns
	// ECONFLICT, saving nothing, if the URL was already imported or the
	// slug is taken.
	ImportArticle(ctx context.Context, a *masthead.Article, item masthead.ImportedItem) error
	// AddReport records another outlet's copy of the article, and the
	// item's URL as imported. ECONFLICT if the URL was already imported. A
	// nil report records the URL alone: the article's own source
	// republishing it under a new address.
	AddReport(ctx context.Context, articleID int64, r *masthead.Report, item masthead.ImportedItem) error
	// Reports returns the article's reports, oldest first.
	Reports(ctx context.Context, articleID int64) ([]masthead.Report, error)
}

// Users keeps newsroom accounts. Emails are stored lowercased and matched
// case-insensitively.
type Users interface {
	// CreateUser stores a new account and fills in ID and CreatedAt;
	// ECONFLICT if the email is taken.
	CreateUser(ctx context.Context, u *masthead.User) error
	// User and UserByEmail return ENOTFOUND for no such account.
	User(ctx context.Context, id int64) (*masthead.User, error)
	UserByEmail(ctx context.Context, email string) (*masthead.User, error)
	// Users returns every account, by name.
	Users(ctx context.Context) ([]*masthead.User, error)
	// UpdateUser stores every field but ID and CreatedAt; ENOTFOUND for no
	// such account, ECONFLICT if the new email is taken.
	UpdateUser(ctx context.Context, u *masthead.User) error
	// CountUsers returns how many accounts there are.
	CountUsers(ctx context.Context) (int, error)
}

// Sessions keeps browser sessions for alexedwards/scs, shared by every
// instance on the database.
type Sessions interface {
	// SessionFind returns a session's data, and false when there is no
	// such session or it expired.
	SessionFind(ctx context.Context, token string) ([]byte, bool, error)
	// SessionCommit stores a session, replacing one with the same token.
	SessionCommit(ctx context.Context, token string, data []byte, expiry time.Time) error
	SessionDelete(ctx context.Context, token string) error
	// PruneSessions deletes sessions expired at now, and failed logins
	// older than a day; it returns how many sessions went.
	PruneSessions(ctx context.Context, now time.Time) (int, error)
}

// LoginFailures keeps failed logins by key for throttling
// (auth.AttemptStore), shared by every instance on the database.
type LoginFailures interface {
	// RecordFailure adds a failure for key at t and returns how many key
	// has at or after since.
	RecordFailure(ctx context.Context, key string, t, since time.Time) (int, error)
	// Failures returns how many failures key has at or after since.
	Failures(ctx context.Context, key string, since time.Time) (int, error)
	// ClearFailures forgets key's failures.
	ClearFailures(ctx context.Context, key string) error
}

// Revisions keeps what the newsroom's editor saves.
type Revisions interface {
	// EditArticle saves an article from the editor, its lead image
	// (a.Image, by ID) included: a new one when a.ID is
	// 0, else the one with a.ID (whose slug may change), provided nobody
	// saved it after base, its UpdatedAt when the editor opened it. It
	// returns ECONFLICT, saving nothing, when someone did or when another
	// article has the slug; ENOTFOUND for an unknown ID. Every save keeps a
	// revision by user `by` (0 for none); a new article records `by` as
	// its CreatedBy.
	EditArticle(ctx context.Context, a *masthead.Article, base time.Time, by int64) error
	// Revisions returns the article's revisions, newest first.
	Revisions(ctx context.Context, articleID int64) ([]masthead.Revision, error)
	// Revision returns ENOTFOUND for no such revision.
	Revision(ctx context.Context, id int64) (*masthead.Revision, error)
	// CreateImage stores an uploaded image's record (its files are the
	// caller's) and fills in ID and CreatedAt.
	CreateImage(ctx context.Context, im *masthead.Image) error
	// Image returns ENOTFOUND for no such image.
	Image(ctx context.Context, id int64) (*masthead.Image, error)
	// UpdateImage changes an image's alt text, caption and credit.
	UpdateImage(ctx context.Context, im *masthead.Image) error
}

// Views keeps how often articles are read. Counting views never changes
// ChangeVersion: a view alone is no reason to drop cached pages.
type Views interface {
	// AddViews adds the counts to the hourly and all-time totals. Counts of
	// articles that no longer exist are dropped.
	AddViews(ctx context.Context, counts []masthead.ViewCount) error
	// MostRead returns up to limit articles visible at visibleAt with the
	// most views since `since` (by hour), most read first, each with Views
	// set to its all-time total. Tags are not loaded.
	MostRead(ctx context.Context, since, visibleAt time.Time, limit int) ([]*masthead.Article, error)
	// DailyActivity returns, for each UTC day from the day of `from` to the
	// day of `to`, the views counted and the comments received (spam
	// excluded), oldest first, days without either included.
	DailyActivity(ctx context.Context, from, to time.Time) ([]masthead.DayActivity, error)
}

// Taxonomy manages sections, tags, authors and sources as a newsroom does:
// created ahead of use, renamed, merged. A rename or merge keeps the old
// slug as a redirect to the new one. Each changes ChangeVersion.
type Taxonomy interface {
	// Terms returns every term of the kind, by name, with its number of
	// articles (drafts included).
	Terms(ctx context.Context, kind masthead.TermKind) ([]masthead.Term, error)
	// CreateTerm adds a term; ECONFLICT if its slug exists.
	CreateTerm(ctx context.Context, t *masthead.Term) error
	// RenameTerm gives the term with slug a new name and slug; ENOTFOUND
	// for no such term, ECONFLICT if another term has the new slug.
	RenameTerm(ctx context.Context, kind masthead.TermKind, slug string, to *masthead.Term) error
	// MergeTerms moves every article of from to into, and deletes from;
	// ENOTFOUND if either is missing, EINVALID if they are the same.
	MergeTerms(ctx context.Context, kind masthead.TermKind, from, into string) error
	// TermRedirect returns the current slug an old slug of the kind leads
	// to, and false when it is no old slug.
	TermRedirect(ctx context.Context, kind masthead.TermKind, slug string) (string, bool, error)
}

// Search finds articles by their words.
type Search interface {
	// Search returns one page of the articles visible at q.VisibleAt that
	// match q, best match first (title matches weigh most, then standfirst,
	// tags, source and body, with a boost for recent articles; newer first
	// on a tie), and how many match in all, counted up to SearchCountLimit
	// (a total of SearchCountLimit means at least that many). Only the
	// newest SearchCountLimit matches need be ranked. A query with no words to search
	// for is EINVALID; no text is ever a syntax error. Limit and Offset are
	// bounded as in FindArticles.
	Search(ctx context.Context, q masthead.SearchQuery) ([]masthead.SearchResult, int, error)
	// SuggestQuery offers q's text with misspelt words corrected, and
	// false when it has no correction that finds articles visible at
	// q.VisibleAt. Quoted and excluded words are left as typed.
	SuggestQuery(ctx context.Context, q masthead.SearchQuery) (string, bool, error)
}

// Comments keeps reader comments.
type Comments interface {
	// CreateComment stores c durably (synced to disk before it returns) and
	// fills in ID (and CreatedAt when zero). An empty status means pending.
	// It returns ENOTFOUND if the article does not exist, and EINVALID for an
	// unknown status or a parent on another article.
	CreateComment(ctx context.Context, c *masthead.Comment) error
	// ApprovedComments returns the article's approved comments, oldest first.
	ApprovedComments(ctx context.Context, articleID int64) ([]*masthead.Comment, error)
	// Comment returns ENOTFOUND if no comment has the ID.
	Comment(ctx context.Context, id int64) (*masthead.Comment, error)
	// FindComments returns one page of matches, newest first, and the total.
	FindComments(ctx context.Context, f masthead.CommentFilter) ([]*masthead.Comment, int, error)
	// SetCommentStatus moves the comments to status and returns how many
	// existed. Unknown IDs are skipped.
	SetCommentStatus(ctx context.Context, status masthead.CommentStatus, ids ...int64) (int, error)
	// UpdateCommentBody replaces a comment's text; ENOTFOUND if none.
	UpdateCommentBody(ctx context.Context, id int64, body string) error
	// DeleteComment removes a comment for good; its replies move up to its
	// parent so a thread is never lost with one message. ENOTFOUND if none.
	DeleteComment(ctx context.Context, id int64) error
	// HasApprovedComment reports whether someone with this name and email
	// (compared case-insensitively) has an approved comment anywhere.
	HasApprovedComment(ctx context.Context, name, email string) (bool, error)
	// HasDuplicateComment reports whether the article already has a comment
	// with exactly this body from the same email, or the same name when
	// email is empty, in any status but trash.
	HasDuplicateComment(ctx context.Context, articleID int64, name, email, body string) (bool, error)
	// CountRecentComments counts the comments, in any status, created after
	// since: those with RateKey rateKey (byKey) and those on the article
	// (onArticle). An empty rateKey or a zero articleID counts nothing, so
	// a rate limit that is off costs no scan. The comment service's rate
	// limits read it, which makes them hold across instances.
	CountRecentComments(ctx context.Context, articleID int64, rateKey string, since time.Time) (byKey, onArticle int, err error)
	// SpamSignals returns what spam marks since `since` taught: the
	// addresses of comments marked spam and the domains learned with
	// LearnSpamDomains.
	SpamSignals(ctx context.Context, since time.Time) (masthead.SpamSignals, error)
	// LearnSpamDomains records domains linked from comments marked spam.
	LearnSpamDomains(ctx context.Context, domains []string, at time.Time) error
	// SetCommentsClosed closes or reopens an article's comments by hand.
	SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error
}

// Settings keeps the site's settings as text under dotted keys such as
// "comments.moderation". Writes change ChangeVersion.
type Settings interface {
	// Settings returns every stored setting.
	Settings(ctx context.Context) (map[string]string, error)
	// SetSetting stores value under key, replacing any earlier value.
	SetSetting(ctx context.Context, key, value string) error
}

// Tokens keeps admin API tokens by the SHA-256 hash of their secret.
type Tokens interface {
	// CreateToken stores a token and fills in its ID and CreatedAt.
	CreateToken(ctx context.Context, t *masthead.Token, hash []byte) error
	// TokenByHash returns EUNAUTHORIZED if no token has the hash.
	TokenByHash(ctx context.Context, hash []byte) (*masthead.Token, error)
	// Tokens lists every token, newest first; DeleteToken revokes one
	// (ENOTFOUND if none has the ID).
	Tokens(ctx context.Context) ([]*masthead.Token, error)
	DeleteToken(ctx context.Context, id int64) error
}

// Changes tells readers of the store when what they show may be stale, even
// when another process wrote the database.
type Changes interface {
	// ChangeVersion returns a number that changes whenever anything readers
	// can see is written, by any process: articles, sections, tags, authors,
	// sources, settings, and comments that are or were approved (a pending
	// comment changes no public page, so it does not drop the page cache).
	// A version is returned only once the writes it counts are committed,
	// so that a read started after it returns sees them: a cache emptied
	// when the version changes is not filled again from the state before.
	ChangeVersion(ctx context.Context) (int64, error)
	// NextPublication returns the earliest publication time after `after` of a
	// published article, and false when none is scheduled.
	NextPublication(ctx context.Context, after time.Time) (time.Time, bool, error)
}

// Pool is one connection pool, named for metrics.
type Pool struct {
	Name string
	DB   *sql.DB
}

// Store is the whole contract.
type Store interface {
	Articles
	Search
	Views
	Sources
	Revisions
	Taxonomy
	Users
	Sessions
	LoginFailures
	Comments
	Settings
	Tokens
	Changes
	// Ping returns an error when the database does not answer.
	Ping(ctx context.Context) error
	// Pools lists the connection pools, for metrics.
	Pools() []Pool
	Close() error
}

// Notifier is a store that tells of changes as they commit, from whichever
// instance made them (PostgreSQL's LISTEN/NOTIFY). Servers use it to drop
// cached pages at once rather than at their next poll.
type Notifier interface {
	// ListenChanges calls changed for every change until ctx ends, and
	// failed when it loses its connection (it reconnects by itself).
	ListenChanges(ctx context.Context, changed func(), failed func(error))
}

// Leader is a store that can choose one instance among those sharing it to
// run a loop, such as polling sources, and hand it to another when that
// instance dies.
type Leader interface {
	// RunAsLeader runs fn while this instance leads for name, and keeps
	// trying to lead until ctx ends.
	RunAsLeader(ctx context.Context, name string, fn func(ctx context.Context))
}
