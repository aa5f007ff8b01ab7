package masthead

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a newsroom account may do; internal/auth holds the rules.
type Role string

const (
	RoleAdmin     Role = "admin"     // everything, users and settings included
	RoleEditor    Role = "editor"    // all articles, sections, tags, sources and comments
	RoleAuthor    Role = "author"    // their own articles
	RoleModerator Role = "moderator" // comments only
)

// Roles lists the roles, most powerful first.
var Roles = []Role{RoleAdmin, RoleEditor, RoleAuthor, RoleModerator}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is a newsroom account.
type User struct {
	ID           int64
	Email        string // unique, compared case-insensitively; stored lowercased
	Name         string
	Role         Role
	PasswordHash string // argon2id PHC string; never shown
	Disabled     bool
	CreatedAt    time.Time
	LastLoginAt  time.Time // zero until the first login
	// TokensValidAfter invalidates the user's sessions begun before it, on
	// a password change or when the account is disabled.
	TokensValidAfter time.Time
}

// Limits on user fields.
const (
	MaxEmailLen = 254
	MaxUserName = 100
)

// NormalizeEmail is how emails are stored and compared.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Validate checks the fields a person types and returns an EINVALID error
// naming the first problem.
func (u *User) Validate() error {
	switch {
	case u.Email == "" || len(u.Email) > MaxEmailLen:
		return Errorf(EINVALID, "an email address of at most %d characters is required", MaxEmailLen)
	case !validEmail(u.Email):
		return Errorf(EINVALID, "%q is not an email address", u.Email)
	case strings.TrimSpace(u.Name) == "" || utf8.RuneCountInString(u.Name) > MaxUserName:
		return Errorf(EINVALID, "a name of 1 to %d characters is required", MaxUserName)
	case !u.Role.Valid():
		return Errorf(EINVALID, "role must be admin, editor, author or moderator, not %q", u.Role)
	case u.PasswordHash == "":
		return Errorf(EINVALID, "a password is required")
	}
	return nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, "@")
}

// Token is an API token, acting for an account. Only a hash of its
// secret is stored.
type Token struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	// UserID is the account the token acts for, with its role; 0 for a
	// token made before tokens had users, which acts as an admin.
	UserID int64
}
