package auth

import (
	_ "embed"
	"strings"
)

// commonPasswords is our own list of the passwords attackers try first, one
// per line, folded. Most classic entries ("123456", "qwerty") are already
// refused for being short; the list also holds the long ones that pass the
// length rule yet are guessed early: keyboard walks, repeated digits and
// short words stretched to twelve characters.
//
//go:embed common_passwords.txt
var commonPasswords string

// isCommonPassword reports whether the folded password p is on the list.
// A linear scan of a hundred short lines is cheaper than building a set,
// and needs no package state.
func isCommonPassword(p string) bool {
	for line := range strings.Lines(commonPasswords) {
		if strings.TrimRight(line, "\n") == p {
			return true
		}
	}
	return false
}
