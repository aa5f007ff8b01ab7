package auth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
)

// The password length bounds. The minimum counts characters (runes), since
// that is what a person typing sees. The maximum counts bytes, since that is
// what argon2 hashes: it stops a megabyte "password" from being an easy way
// to make the server work, and 256 bytes is still room for a long
// passphrase.
const (
	MinPasswordRunes = 12
	MaxPasswordBytes = 256
)

// minPersonalRunes is the shortest name or email part that a password may
// not contain. Shorter parts ("al", "jo") occur inside too many good
// passwords to forbid; a password equal to one is still refused.
const minPersonalRunes = 4

// ValidatePassword returns an EINVALID error, with a message for the person
// choosing the password, if plain may not be used by the account with this
// email and name. It checks, in order: valid UTF-8 without control
// characters, length, the account's own email and name, and the list of most
// common passwords.
func ValidatePassword(plain, email, name string) error {
	if !utf8.ValidString(plain) {
		return masthead.Errorf(masthead.EINVALID, "Your password contains characters that are not valid text; please type it again.")
	}
	if strings.ContainsFunc(plain, unicode.IsControl) {
		// Control characters (NUL, tabs, newlines, escapes) cannot be typed
		// reliably into every login form, and NUL breaks some C-based tools.
		return masthead.Errorf(masthead.EINVALID, "Passwords may not contain control characters such as tabs or line breaks.")
	}
	if utf8.RuneCountInString(plain) < MinPasswordRunes {
		return masthead.Errorf(masthead.EINVALID, "Passwords must be at least %d characters long.", MinPasswordRunes)
	}
	if len(plain) > MaxPasswordBytes {
		return masthead.Errorf(masthead.EINVALID, "Passwords may be at most %d bytes long: %d plain letters and digits, fewer if it has accents, symbols or emoji.", MaxPasswordBytes, MaxPasswordBytes)
	}
	p := fold(plain)
	for _, part := range personalParts(email, name) {
		if p == part || (utf8.RuneCountInString(part) >= minPersonalRunes && strings.Contains(p, part)) {
			return masthead.Errorf(masthead.EINVALID, "Passwords may not contain your name or email address.")
		}
	}
	if isCommonPassword(p) {
		return masthead.Errorf(masthead.EINVALID, "That password is one of the most commonly used, and attackers try those first; please choose another.")
	}
	return nil
}

// personalParts returns, folded, the strings a password must not contain:
// the email's local part and the full name, and also the words of each
// ("jane.doe" and "Jane Doe" give "jane" and "doe"), since "janedoe2026!!"
// is as guessable as the whole.
func personalParts(email, name string) []string {
	local := fold(email)
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	var parts []string
	for _, s := range []string{local, fold(name)} {
		if s == "" {
			continue
		}
		parts = append(parts, s)
		words := strings.FieldsFunc(s, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		if len(words) > 1 {
			parts = append(parts, words...)
		}
	}
	return parts
}
