package comment

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/masthead-news/masthead"
)

// Store is what the comment service needs from the database: the article a
// comment is on, the comments themselves and the settings. store.Store has
// it all; tests and other stores need only this much.
type Store interface {
	Article(ctx context.Context, id int64) (*masthead.Article, error)

	CreateComment(ctx context.Context, c *masthead.Comment) error
	Comment(ctx context.Context, id int64) (*masthead.Comment, error)
	SetCommentStatus(ctx context.Context, status masthead.CommentStatus, ids ...int64) (int, error)
	UpdateCommentBody(ctx context.Context, id int64, body string) error
	DeleteComment(ctx context.Context, id int64) error
	HasApprovedComment(ctx context.Context, name, email string) (bool, error)
	HasDuplicateComment(ctx context.Context, articleID int64, name, email, body string) (bool, error)
	CountRecentComments(ctx context.Context, articleID int64, rateKey string, since time.Time) (byKey, onArticle int, err error)
	SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error

	Settings(ctx context.Context) (map[string]string, error)
	SetSetting(ctx context.Context, key, value string) error

	SpamSignals(ctx context.Context, since time.Time) (masthead.SpamSignals, error)
	LearnSpamDomains(ctx context.Context, domains []string, at time.Time) error
}

// Service is the only writer of comments: every rule about what a reader
// may post, where it goes and who may change it lives here, so the web
// pages, the API and the CLI cannot disagree. It keeps no HTTP or SQL.
type Service struct {
	st  Store
	now func() time.Time

	snap   atomic.Pointer[snapshot] // never nil after NewService
	loadMu sync.Mutex               // one settings read at a time

	ipLimits      limiters
	articleLimits limiters

	learned learned // what spam marks taught, cached
}

// NewService returns a service over st. It loads the HMAC secret that signs
// form and owner tokens, creating it on first use, so every instance and
// every restart accepts the others' tokens. now is the clock, time.Now when
// nil; rate limits, the time trap, closing by age and the edit window all
// follow it.
func NewService(ctx context.Context, st Store, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	stored, err := loadSecret(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("comment service: %w", err)
	}
	s := &Service{st: st, now: now}
	s.snap.Store(parseSnapshot(stored, nil, now()))
	return s, nil
}

// Input is a comment form as sent. IP and UserAgent come from the request,
// Honeypot from a field people never see (so never fill), FormToken from
// FormToken when the form was rendered.
type Input struct {
	ArticleID, ParentID int64

	Comment, Name, Email, Website string

	Honeypot, FormToken string
	IP, UserAgent       string

	// Article, when set, is the article ArticleID names, as the caller has
	// just read it from the store; it saves Post reading it again. Post still
	// applies every rule to it.
	Article *masthead.Article

	// WithoutForm marks a comment sent through the JSON API, which has no
	// form to carry a honeypot or a form token, so neither is checked. Those
	// are the best bot signals there are, so such a comment never publishes
	// itself: it waits for a moderator (or goes to spam by its score)
	// whatever the moderation mode. Every other rule applies.
	WithoutForm bool

	// signals are what spam marks taught, set by Post for the score.
	signals *masthead.SpamSignals
}

// RefusedMessage is all a refused poster is told.
const RefusedMessage = "Your comment could not be accepted. If you are a person, please wait a few seconds and send it again."

// Refused is the error for a comment that looks sent by a bot: a filled
// honeypot, a missing, forged, too fresh or too old form token, a blocked
// address or email domain. Its message is RefusedMessage whatever the
// reason, so a bot learns nothing from it; Reason says what happened, for
// the logs. Underneath it is an EINVALID *masthead.Error, and the web layer
// can keep the form as typed, since a person only has to send it again.
type Refused struct {
	reason string
}

func (r *Refused) Error() string { return RefusedMessage }

// Unwrap returns the EINVALID *masthead.Error shown to the poster.
func (r *Refused) Unwrap() error {
	return &masthead.Error{Code: masthead.EINVALID, Message: RefusedMessage}
}

// Reason says why the comment was refused. It is for logs, never for the
// poster.
func (r *Refused) Reason() string { return r.reason }

var (
	errRateLimited = masthead.Errorf(masthead.ERATELIMIT, "You are commenting too quickly. Please wait a minute and try again.")
	errClosed      = masthead.Errorf(masthead.EFORBIDDEN, "Comments are closed on this article.")
	errNoArticle   = masthead.Errorf(masthead.ENOTFOUND, "This article does not exist.")
	errNotOwner    = masthead.Errorf(masthead.EFORBIDDEN, "You can only change your own comment, within 15 minutes of posting it.")
)

// Post checks a reader's comment and stores it, returning it with its ID and
// its status: approved, pending (waiting for a moderator) or spam. Errors:
// FieldErrors for what the reader can fix in the form, ENOTFOUND for an
// article readers cannot see, EFORBIDDEN when its comments are closed,
// *Refused for what looks like a bot, ERATELIMIT for too many comments.
func (s *Service) Post(ctx context.Context, in Input) (*masthead.Comment, error) {
	f, fe := cleanFields(in)
	f.validate(fe)
	if len(fe) > 0 {
		return nil, fe
	}
	sn, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	set := sn.set
	now := s.now()

	a := in.Article
	if a == nil || a.ID != in.ArticleID {
		if a, err = s.visibleArticle(ctx, in.ArticleID, now); err != nil {
			return nil, err
		}
	} else if !a.VisibleAt(now) {
		return nil, errNoArticle
	}
	if closedAt(a, set, now) {
		return nil, errClosed
	}
	parentID, err := s.placeReply(ctx, a.ID, in.ParentID, set.MaxDepth)
	if err != nil {
		return nil, err
	}

	addr, ip := cleanIP(in.IP)
	if reason := refusal(in, f, addr, sn, now); reason != "" {
		return nil, &Refused{reason: reason}
	}
	// Rate limits come after the cheap refusals, so bots that are refused
	// anyway do not use up a person's allowance from the same address.
	key := ipKey(addr, ip)
	if err := s.checkRate(ctx, a.ID, key, set, now); err != nil {
		return nil, err
	}
	dup, err := s.st.HasDuplicateComment(ctx, a.ID, f.name, f.email, f.body)
	if err != nil {
		return nil, fmt.Errorf("post comment: %w", err)
	}
	if dup {
		return nil, FieldErrors{FieldComment: msgDuplicate}
	}

	clean := in
	clean.Comment, clean.Name, clean.Email, clean.Website = f.body, f.name, f.email, f.website
	sig, err := s.spamSignals(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("post comment: %w", err)
	}
	clean.IP, clean.signals = ip, &sig
	points, _ := score(clean, set, true)
	status, err := s.initialStatus(ctx, points, f, set)
	if err != nil {
		return nil, err
	}
	if in.WithoutForm && status == masthead.CommentApproved {
		status = masthead.CommentPending
	}
	c := &masthead.Comment{
		ArticleID: a.ID,
		ParentID:  parentID,
		Status:    status,
		Name:      f.name,
		Email:     f.email,
		Website:   f.website,
		IP:        ip,
		Body:      f.body,
		SpamScore: float64(points) / 100,
		CreatedAt: now,
		RateKey:   key,
	}
	if err := s.st.CreateComment(ctx, c); err != nil {
		return nil, fmt.Errorf("post comment: %w", err)
	}
	return c, nil
}

// visibleArticle returns the article if readers can see it now; an article
// they cannot see does not exist for them.
func (s *Service) visibleArticle(ctx context.Context, id int64, now time.Time) (*masthead.Article, error) {
	a, err := s.st.Article(ctx, id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND || err == nil && !a.VisibleAt(now) {
		return nil, errNoArticle
	} else if err != nil {
		return nil, fmt.Errorf("post comment: %w", err)
	}
	return a, nil
}

// Closed reports whether the article takes no more comments: closed by hand,
// or published more than CloseAfterDays ago.
func (s *Service) Closed(a *masthead.Article, set masthead.CommentSettings) bool {
	return closedAt(a, set, s.now())
}

func closedAt(a *masthead.Article, set masthead.CommentSettings, now time.Time) bool {
	if a == nil || a.CommentsClosed {
		return true
	}
	return set.CloseAfterDays > 0 && now.Sub(a.PublishedAt) > time.Duration(set.CloseAfterDays)*24*time.Hour
}

// maxThread bounds the walk up a thread. Replies are never placed deeper
// than MaxDepth (at most 20), so only a damaged database gets near it.
const maxThread = 100

// placeReply returns the parent a reply is stored under. The comment replied
// to must be approved and on the same article: a pending, spam or deleted
// comment is not on the page, so a reply to it would hang in the air. A
// reply that would sit deeper than maxDepth (a top-level comment is depth 1)
// goes to depth maxDepth instead, under the ancestor one level up, so it
// still follows the conversation it answers; with maxDepth 1 it becomes a
// top-level comment.
func (s *Service) placeReply(ctx context.Context, articleID, parentID int64, maxDepth int) (int64, error) {
	if parentID == 0 {
		return 0, nil
	}
	gone := FieldErrors{FieldComment: msgParentGone}
	p, err := s.st.Comment(ctx, parentID)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return 0, gone
	} else if err != nil {
		return 0, fmt.Errorf("post comment: look up parent: %w", err)
	}
	if p.ArticleID != articleID || p.Status != masthead.CommentApproved {
		return 0, gone
	}
	// chain[0] is the parent, chain[len-1] the top-level comment, so the
	// ancestor at depth d is chain[len-d].
	chain := []int64{p.ID}
	for cur := p; cur.ParentID != 0; {
		if len(chain) >= maxThread {
			return 0, fmt.Errorf("post comment: thread of comment %d is deeper than %d", parentID, maxThread)
		}
		cur, err = s.st.Comment(ctx, cur.ParentID)
		if masthead.ErrorCode(err) == masthead.ENOTFOUND {
			return 0, gone // deleted while we walked; the thread moved
		} else if err != nil {
			return 0, fmt.Errorf("post comment: look up ancestor: %w", err)
		}
		chain = append(chain, cur.ID)
	}
	if len(chain)+1 <= maxDepth {
		return p.ID, nil
	}
	if maxDepth <= 1 {
		return 0, nil
	}
	return chain[len(chain)-(maxDepth-1)], nil
}

// refusal returns why a comment looks sent by a bot, or "".
func refusal(in Input, f fields, addr netip.Addr, sn *snapshot, now time.Time) string {
	if !in.WithoutForm {
		if strings.TrimSpace(in.Honeypot) != "" {
			return "honeypot field filled"
		}
		if reason := checkFormToken(sn.secret, strings.TrimSpace(in.FormToken), now, sn.set.MinSeconds); reason != "" {
			return reason
		}
	}
	if blockedIP(addr, sn.ipNets) {
		return "address " + addr.String() + " is blocked"
	}
	if d := blockedDomain(f.email, sn.set.BlockedEmailDomains); d != "" {
		return "email domain " + d + " is blocked"
	}
	return ""
}

// initialStatus places a new comment: suspected spam by its score, the rest
// by the moderation mode. In first-time mode a person is trusted once a
// moderator approved a comment with the same name and email; a name alone
// proves nothing, as anyone can type it.
func (s *Service) initialStatus(ctx context.Context, points int, f fields, set masthead.CommentSettings) (masthead.CommentStatus, error) {
	if st := statusForPoints(points); st != "" {
		return st, nil
	}
	switch set.Moderation {
	case masthead.ModerateNone:
		return masthead.CommentApproved, nil
	case masthead.ModerateFirstTime:
		if f.email == "" {
			return masthead.CommentPending, nil
		}
		ok, err := s.st.HasApprovedComment(ctx, f.name, f.email)
		if err != nil {
			return "", fmt.Errorf("post comment: %w", err)
		}
		if ok {
			return masthead.CommentApproved, nil
		}
	}
	return masthead.CommentPending, nil
}

// cleanIP returns the client address parsed, and as stored: canonical when
// it parses (IPv4 never in its IPv6 form, no zone, no port), otherwise the
// text cleaned and cut short, as it is only shown to moderators.
func cleanIP(raw string) (netip.Addr, string) {
	raw = strings.TrimSpace(raw)
	addr, err := netip.ParseAddr(raw)
	if err != nil {
		ap, perr := netip.ParseAddrPort(raw)
		addr, err = ap.Addr(), perr
	}
	if err == nil {
		addr = addr.Unmap().WithZone("")
		return addr, addr.String()
	}
	text, _ := cleanLine(strings.ToValidUTF8(raw, ""))
	if len(text) > 64 {
		text = strings.ToValidUTF8(text[:64], "")
	}
	return netip.Addr{}, text
}

// Edit replaces the text of the reader's own comment, within EditWindow of
// posting it. token is the comment's OwnerToken. The new text is checked as
// in Post; an edit can move a comment to moderation (links added after
// approval are the oldest trick there is) but never out of it.
func (s *Service) Edit(ctx context.Context, id int64, body, token string) (*masthead.Comment, error) {
	sn, c, err := s.owned(ctx, id, token)
	if err != nil {
		return nil, err
	}
	if c.Status != masthead.CommentApproved && c.Status != masthead.CommentPending {
		return nil, errNotOwner
	}
	body, ok := cleanText(body)
	if !ok {
		return nil, FieldErrors{FieldComment: "Your comment " + msgUnreadableText}
	}
	if msg := bodyProblem(body); msg != "" {
		return nil, FieldErrors{FieldComment: msg}
	}
	points, _ := score(Input{Comment: body, Name: c.Name, Email: c.Email, Website: c.Website}, sn.set, false)
	status := c.Status
	if st := statusForPoints(points); st == masthead.CommentSpam || st == masthead.CommentPending && status == masthead.CommentApproved {
		status = st
	}
	// Hide first, then change the text, so spammy text is never public even
	// for a moment; should the second write fail, the old text waits for a
	// moderator, which is the safe side.
	if status != c.Status {
		if _, err := s.st.SetCommentStatus(ctx, status, c.ID); err != nil {
			return nil, fmt.Errorf("edit comment: %w", err)
		}
		c.Status = status
	}
	if err := s.st.UpdateCommentBody(ctx, c.ID, body); err != nil {
		return nil, fmt.Errorf("edit comment: %w", err)
	}
	c.Body = body
	return c, nil
}

// Delete removes the reader's own comment for good, within EditWindow of
// posting it. Replies to it move up a level.
func (s *Service) Delete(ctx context.Context, id int64, token string) error {
	_, c, err := s.owned(ctx, id, token)
	if err != nil {
		return err
	}
	if err := s.st.DeleteComment(ctx, c.ID); err != nil {
		return fmt.Errorf("delete comment: %w", err)
	}
	return nil
}

// owned returns the comment if token owns it and its edit window is open.
func (s *Service) owned(ctx context.Context, id int64, token string) (*snapshot, *masthead.Comment, error) {
	sn, err := s.current(ctx)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.st.Comment(ctx, id)
	if masthead.ErrorCode(err) == masthead.ENOTFOUND {
		return nil, nil, masthead.Errorf(masthead.ENOTFOUND, "This comment does not exist.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("look up comment: %w", err)
	}
	if !owns(sn.secret, c, token) || !s.Editable(c) {
		return nil, nil, errNotOwner
	}
	return sn, c, nil
}

// Editable reports whether c is still within EditWindow of being posted,
// by the service's clock; pages ask it to decide whether to offer Edit.
func (s *Service) Editable(c *masthead.Comment) bool {
	return s.now().Sub(c.CreatedAt) <= EditWindow
}

// Moderate moves comments to status and returns how many exist. Callers
// check that the user is a moderator.
func (s *Service) Moderate(ctx context.Context, status masthead.CommentStatus, ids ...int64) (int, error) {
	switch status {
	case masthead.CommentPending, masthead.CommentApproved, masthead.CommentSpam, masthead.CommentTrash:
	default:
		return 0, masthead.Errorf(masthead.EINVALID, "unknown comment status %q (known: %s, %s, %s, %s)", status,
			masthead.CommentPending, masthead.CommentApproved, masthead.CommentSpam, masthead.CommentTrash)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	n, err := s.st.SetCommentStatus(ctx, status, ids...)
	if err != nil {
		return 0, fmt.Errorf("moderate comments: %w", err)
	}
	if status == masthead.CommentSpam {
		if err := s.learnSpam(ctx, ids); err != nil {
			return n, err
		}
	}
	return n, nil
}

// Moderation actions, as the CLI and the admin API name them.
const (
	ActionApprove = "approve" // publish
	ActionPending = "pending" // back to the moderation queue
	ActionSpam    = "spam"
	ActionTrash   = "trash"
	ActionDelete  = "delete" // remove for good, as Remove
)

// ModerateAction applies a named moderation action to comments and returns
// how many existed. Callers check that the user is a moderator.
func (s *Service) ModerateAction(ctx context.Context, action string, ids ...int64) (int, error) {
	switch strings.ToLower(strings.TrimSpace(action)) {
	case ActionApprove:
		return s.Moderate(ctx, masthead.CommentApproved, ids...)
	case ActionPending:
		return s.Moderate(ctx, masthead.CommentPending, ids...)
	case ActionSpam:
		return s.Moderate(ctx, masthead.CommentSpam, ids...)
	case ActionTrash:
		return s.Moderate(ctx, masthead.CommentTrash, ids...)
	case ActionDelete:
		return s.Remove(ctx, ids...)
	}
	return 0, masthead.Errorf(masthead.EINVALID, "unknown moderation action %q (known: %s, %s, %s, %s, %s)",
		action, ActionApprove, ActionPending, ActionSpam, ActionTrash, ActionDelete)
}

// Remove deletes comments for good and returns how many existed; replies
// move up a level. Unknown IDs are skipped. Callers check that the user is a
// moderator.
func (s *Service) Remove(ctx context.Context, ids ...int64) (int, error) {
	var n int
	for _, id := range ids {
		err := s.st.DeleteComment(ctx, id)
		if masthead.ErrorCode(err) == masthead.ENOTFOUND {
			continue
		} else if err != nil {
			return n, fmt.Errorf("remove comment %d: %w", id, err)
		}
		n++
	}
	return n, nil
}

// SetClosed closes or reopens an article's comments by hand. Callers check
// that the user is an editor.
func (s *Service) SetClosed(ctx context.Context, articleID int64, closed bool) error {
	if err := s.st.SetCommentsClosed(ctx, articleID, closed); err != nil {
		return fmt.Errorf("close comments: %w", err)
	}
	return nil
}
