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
}
