package urlnorm

import (
	"cmp"
	"slices"
	"strings"
)

// param is one query parameter, escapes normalised.
type param struct {
	name, value string
	hasValue    bool // "a=" rather than "a": kept apart, as servers may
}

// normalizeQuery returns a raw query without tracking parameters, its
// parameters sorted by name, value, then whether they have one, and escapes
// normalised. The order of parameters means nothing to almost every server,
// and sorting is what makes the result a stable key. Empty parameters
// ("a=1&&b=2") are dropped. "+" is left alone: whether it means a space
// depends on the server.
func normalizeQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var params []param
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		name, value, hasValue := strings.Cut(part, "=")
		p := param{
			name:     normalizeEscapes(name, querySafe),
			value:    normalizeEscapes(value, querySafe),
			hasValue: hasValue,
		}
		if isTracking(p.name) {
			continue
		}
		params = append(params, p)
	}
	slices.SortFunc(params, func(a, b param) int {
		if c := cmp.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(a.value, b.value); c != 0 {
			return c
		}
		return boolCompare(a.hasValue, b.hasValue)
	})
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.name)
		if p.hasValue {
			b.WriteByte('=')
			b.WriteString(p.value)
		}
	}
	return b.String()
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
