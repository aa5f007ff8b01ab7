package articlefile

import (
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// text is a string value of the front matter and the line it is on.
type text struct {
	value string // trimmed; "" when the key is absent or has no value
	line  int    // 0 when the key is absent
}

// str returns the trimmed string value of key. Only YAML strings are taken:
// a title such as 1984 must be quoted, so that a value YAML reads as a number
// or boolean is never silently rewritten (1.50 would become 1.5).
func (fm frontMatter) str(name, key string) (text, error) {
	e, ok := fm[key]
	if !ok {
		return text{}, nil
	}
	s, isNull, ok := scalar(e.value)
	switch {
	case isNull:
		return text{line: e.line}, nil
	case !ok:
		return text{}, errorf(name, e.line, "%s must be a string, not %s%s", key, describe(e.value), quoteHint(e.value))
	}
	return text{value: s, line: e.line}, nil
}

// list returns the trimmed strings of key, which may be a list of strings or
// a single string, with the line of each.
func (fm frontMatter) list(name, key string) ([]text, error) {
	e, ok := fm[key]
	if !ok {
		return nil, nil
	}
	if s, isNull, ok := scalar(e.value); ok || isNull {
		if s == "" {
			return nil, nil
		}
		return []text{{value: s, line: e.line}}, nil
	}
	seq, ok := e.value.(*ast.SequenceNode)
	if !ok {
		return nil, errorf(name, e.line, "%s must be a list of strings or a single string, not %s%s",
			key, describe(e.value), quoteHint(e.value))
	}
	items := make([]text, 0, len(seq.Values))
	for _, v := range seq.Values {
		line := lineOf(v)
		if line == 0 {
			line = e.line
		}
		s, _, ok := scalar(v)
		if !ok {
			return nil, errorf(name, line, "each of %s must be a string, not %s%s", key, describe(v), quoteHint(v))
		}
		items = append(items, text{value: s, line: line})
	}
	return items, nil
}

// scalar returns the trimmed value of a YAML string node, or isNull for a
// key with no value; ok is false for every other kind of node.
func scalar(n ast.Node) (s string, isNull, ok bool) {
	switch n := n.(type) {
	case nil, *ast.NullNode:
		return "", true, false
	case *ast.StringNode:
		return strings.TrimSpace(n.Value), false, true
	case *ast.LiteralNode: // | and > block scalars
		if n.Value == nil {
			return "", false, true
		}
		return strings.TrimSpace(n.Value.Value), false, true
	}
	return "", false, false
}

// quoteHint suggests quoting a number or boolean that was meant as text.
func quoteHint(n ast.Node) string {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return ` (put it in quotes, "` + tokenText(n) + `", to use it as text)`
	}
	return ""
}
