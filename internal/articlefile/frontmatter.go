package articlefile

import (
	"errors"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// knownKeys are the front matter keys, in the order the error for an unknown
// key lists them.
var knownKeys = []string{
	"title", "standfirst", "slug", "section", "tags", "author",
	"source", "source_url", "published_at", "status",
}

// maxTokens bounds the YAML tokens of a front matter. The parser takes time
// superlinear in nesting depth and in the number of keys (16 KiB of "[" takes
// seconds), while a real front matter has under two hundred tokens. The
// lexer, which counts them, is linear.
const maxTokens = 1000

// entry is one key of the front matter with the file line it is on.
type entry struct {
	line  int
	value ast.Node // nil or *ast.NullNode when the key has no value
}

// frontMatter holds the keys of the front matter; a missing key is absent.
type frontMatter map[string]entry

// parseFrontMatter parses the YAML between the delimiters into its keys,
// refusing unknown and repeated keys and anything that is not a flat list of
// "key: value" lines.
func parseFrontMatter(name, src string) (frontMatter, error) {
	tokens := lexer.Tokenize(src)
	if len(tokens) > maxTokens {
		return nil, errorf(name, tokenLine(tokens[maxTokens]),
			"the front matter is too long or too deeply nested (more than %d YAML tokens)", maxTokens)
	}
	// Repeated keys are allowed here only to be reported below with both
	// lines in file terms; the library would give YAML-relative positions.
	f, err := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, yamlError(name, err)
	}
	fm := frontMatter{}
	if len(f.Docs) > 1 {
		return nil, errorf(name, lineOf(f.Docs[1]), "the front matter must be a single YAML document")
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return fm, nil
	}

	var pairs []*ast.MappingValueNode
	switch body := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		pairs = body.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{body}
	default:
		return nil, errorf(name, lineOf(body), "the front matter must be \"key: value\" lines, not %s", describe(body))
	}
	for _, p := range pairs {
		line := lineOf(p.Key)
		key, ok := p.Key.(*ast.StringNode)
		if !ok || !slices.Contains(knownKeys, key.Value) {
			text := strings.TrimSpace(p.Key.String())
			if ok {
				text = key.Value
			}
			return nil, errorf(name, line, "unknown key %q (known keys: %s)", text, strings.Join(knownKeys, ", "))
		}
		if first, dup := fm[key.Value]; dup {
			return nil, errorf(name, line, "%s is given twice (first on line %d)", key.Value, first.line)
		}
		fm[key.Value] = entry{line: line, value: p.Value}
	}
	return fm, nil
}

// yamlError turns an error of the YAML parser into a one-line Parse error at
// the line the parser points to.
func yamlError(name string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		return errorf(name, tokenLine(ye.GetToken()), "broken YAML: %s", ye.GetMessage())
	}
	return errorf(name, 1+yamlOffset, "broken YAML: %v", err)
}

// lineOf returns the file line where n starts, or 0 when the parser did not
// record one.
func lineOf(n ast.Node) int {
	if n == nil {
		return 0
	}
	return tokenLine(n.GetToken())
}

// tokenLine returns the file line of tk, or 0 when it is unknown.
func tokenLine(tk *token.Token) int {
	if tk == nil || tk.Position == nil {
		return 0
	}
	return tk.Position.Line + yamlOffset
}

// describe names what n is, for messages that say a value has the wrong
// type: "the number 5", "a list".
func describe(n ast.Node) string {
	switch n := n.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + tokenText(n)
	case *ast.BoolNode:
		return "the boolean " + tokenText(n)
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.AnchorNode, *ast.AliasNode:
		return "a YAML anchor or alias"
	case *ast.TagNode:
		return "a value tagged " + tokenText(n)
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case nil, *ast.NullNode:
		return "nothing"
	default:
		return "a " + strings.ToLower(n.Type().String())
	}
}

// tokenText returns the source text of n's first token.
func tokenText(n ast.Node) string {
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}
