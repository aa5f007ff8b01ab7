package articlefile

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/masthead-news/masthead"
)

// errorf returns the one kind of error Parse returns: EINVALID, with a
// message "NAME:LINE: problem" that editors and the command line can jump to.
// The message is forced onto one line because callers print it as one.
func errorf(name string, line int, format string, args ...any) *masthead.Error {
	if line < 1 {
		line = 1
	}
	msg := fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	return &masthead.Error{Code: masthead.EINVALID, Message: printable(oneLine(msg))}
}

// printable spells out control characters such as a tab the YAML parser
// complains about, which would otherwise be invisible in the message.
func printable(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r) // '\t'
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// oneLine joins the lines of s with single spaces; YAML errors come as
// several lines with source excerpts.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, " ")
}
