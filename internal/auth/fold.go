package auth

import (
	"strings"

	"golang.org/x/text/cases"
)

// fold returns s trimmed and Unicode case-folded, the one form in which this
// package compares emails, names and passwords "case-insensitively". Full
// folding (ß and ss fold alike) is coarser than strings.ToLower, which is the
// safe direction for throttling: spellings the user lookup may treat as one
// account can never land on different throttle keys.
func fold(s string) string {
	// cases.Fold's Caser is stateless, so building one per call is cheap and
	// keeps this package free of shared state.
	return cases.Fold().String(strings.TrimSpace(s))
}
