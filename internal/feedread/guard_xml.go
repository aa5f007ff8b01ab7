package feedread

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/net/html/charset"
)

// gofeed (v1.4.2, with goxpp v2) parses XML with encoding/xml, which never
// expands a declared entity or fetches a DTD, so the classic billion-laughs
// and XXE documents cannot hurt it. Its own code, though, has costs that grow
// faster than the document, which a 10 MiB hostile feed turns into a hang or
// gigabytes of memory (each measured against gofeed before this guard
// existed):
//
//   - extension elements (any namespace the format does not own, such as
//     media: or dc:) are read recursively, one stack frame per level: 1M
//     nested elements took 1.3 GB and a stack overflow cannot be recovered;
//   - their text is built with e.Value += fragment, so text split into many
//     pieces by comments, CDATA sections or child elements is quadratic: a
//     10 MiB extension element did not finish in 20 s;
//   - goxpp copies the whole map of namespace bindings in scope for every
//     element, so many xmlns declarations times many elements is quadratic
//     too: it did not finish in 20 s, and 64 bindings over 500,000 elements
//     took 8 s;
//   - every item costs about a kilobyte of structs whatever its size, so
//     1.5M empty <item/> took 17 s and gigabytes.
//
// checkXMLShape walks the tokens once, with a decoder configured exactly like
// gofeed's so it sees the same tokens, and refuses documents over these
// limits. They are far above what real feeds use.
const (
	// maxDepth bounds element nesting. Real feeds nest under 20 levels,
	// XHTML content included.
	maxDepth = 100
	// maxElements bounds the number of elements in the document, and with
	// it gofeed's memory (extension elements cost most, ~700 bytes each).
	// A 25,000 item feed has about 150,000.
	maxElements = 300_000
	// maxItemElements bounds <item> and <entry> elements, and JSON Feed
	// items. Parse keeps only Limits.MaxItems of them, but gofeed builds them
	// all first.
	maxItemElements = 100_000
	// maxNamespacesInScope bounds the xmlns declarations in scope at any
	// element, and maxNamespaceWork their sum over all elements, which is
	// what goxpp's copying costs (8M is about 2 s). Real feeds declare
	// under 20, so 150,000 elements cost 3M.
	maxNamespacesInScope = 64
	maxNamespaceWork     = 8_000_000
	// maxTextCopy bounds the bytes gofeed's quadratic concatenation would
	// copy, summed over the document: about a second of work.
	maxTextCopy = 1 << 30
)

// Namespaces gofeed parses itself rather than as extensions, by root. The
// bare "rss" and "rdf" are what encoding/xml reports for those prefixes when
// the feed forgets to declare them.
var (
	rssNamespaces = []string{
		"", "rss", "rdf",
		"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
		"http://purl.org/rss/1.0/",
		"http://channel.netscape.com/rdf/simple/0.9/",
		"http://my.netscape.com/rdf/simple/0.9/",
	}
	atomNamespaces = []string{
		"",
		"http://www.w3.org/2005/Atom",
		"http://purl.org/atom/ns#",
	}
)

// xmlFrame is what checkXMLShape remembers about an open element.
type xmlFrame struct {
	nsDecls int   // xmlns attributes on this element
	concat  bool  // gofeed may build this element's text by concatenation
	text    int64 // bytes of direct text seen so far in this element
}

// shapeScan is the state of one checkXMLShape walk.
type shapeScan struct {
	stack     []xmlFrame
	native    []string
	rootSpace string // the root's namespace, treated as native for RSS; see start
	rootNS    bool   // whether rootSpace still counts as native
	elements  int
	items     int
	nsInScope int
	nsWork    int
	textCopy  int64
}

// checkXMLShape reports whether data, a document gofeed detected as RSS or
// Atom, is safe to hand to gofeed. It returns nil, or an error wrapping
// ErrMalformed, ErrEntities or ErrTooComplex.
func checkXMLShape(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	// Non-strict and with a charset reader, as gofeed configures its
	// decoder, so both see the same tokens and a document refused here is
	// one gofeed would refuse too or one of the hostile shapes above.
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel

	var s shapeScan
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			// gofeed reports the missing root or unclosed elements.
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		if err := s.token(tok); err != nil {
			return fmt.Errorf("%w at byte %d", err, d.InputOffset())
		}
		if s.elements > 0 && len(s.stack) == 0 {
			// gofeed stops reading at the end of the root element, so
			// whatever trails it must not be judged either.
			return nil
		}
	}
}

func (s *shapeScan) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.Directive:
		// Entities are refused although encoding/xml would leave them
		// unexpanded: no real feed needs them, a document declaring them is
		// either an attack or would come out with literal &name; text, and
		// refusing keeps masthead safe should gofeed ever switch to a parser
		// that does expand them.
		if bytes.Contains(t, []byte("<!ENTITY")) {
			return ErrEntities
		}
	case xml.StartElement:
		return s.start(t)
	case xml.EndElement:
		if n := len(s.stack); n > 0 {
			s.nsInScope -= s.stack[n-1].nsDecls
			s.stack = s.stack[:n-1]
		}
	case xml.CharData:
		if n := len(s.stack); n > 0 {
			f := &s.stack[n-1]
			if f.concat {
				// Appending this fragment copies all the text before it.
				s.textCopy += f.text
				if s.textCopy > maxTextCopy {
					return fmt.Errorf("%w: text split into too many pieces", ErrTooComplex)
				}
			}
			f.text += int64(len(t))
		}
	}
	return nil
}

func (s *shapeScan) start(t xml.StartElement) error {
	s.elements++
	if s.elements > maxElements {
		return fmt.Errorf("%w: more than %d elements", ErrTooComplex, maxElements)
	}
	if len(s.stack) >= maxDepth {
		return fmt.Errorf("%w: elements nested more than %d deep", ErrTooComplex, maxDepth)
	}
	local := strings.ToLower(t.Name.Local)
	if local == "item" || local == "entry" {
		s.items++
		if s.items > maxItemElements {
			return fmt.Errorf("%w: more than %d items", ErrTooComplex, maxItemElements)
		}
	}
	decls := 0
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			decls++
		}
	}
	s.nsInScope += decls
	if s.nsInScope > maxNamespacesInScope {
		return fmt.Errorf("%w: more than %d namespace declarations in scope", ErrTooComplex, maxNamespacesInScope)
	}
	s.nsWork += s.nsInScope
	if s.nsWork > maxNamespaceWork {
		return fmt.Errorf("%w: too many elements under too many namespace declarations", ErrTooComplex)
	}

	space := strings.TrimSpace(t.Name.Space)
	f := xmlFrame{nsDecls: decls}
	switch len(s.stack) {
	case 0:
		// The root's children are each judged on their own, and gofeed
		// never concatenates the root's text.
		s.native = rssNamespaces
		if local == "feed" {
			s.native = atomNamespaces
		} else if space != "" && !slices.Contains(rssNamespaces, space) && !slices.Contains(atomNamespaces, space) {
			// gofeed treats the namespace some feeds wrongly put on <rss>
			// as native, unless it is a known extension namespace (a list
			// internal to gofeed). Mirror the common case: the root's
			// namespace counts as native while every child of the root is
			// in it, as in such feeds; a child elsewhere ends that, and the
			// guard then errs on the strict side.
			s.rootSpace, s.rootNS = space, true
		}
	case 1:
		if s.rootNS && space != s.rootSpace {
			s.rootNS = false
		}
		f.concat = !s.isNative(space)
	default:
		f.concat = s.stack[len(s.stack)-1].concat || !s.isNative(space)
	}
	s.stack = append(s.stack, f)
	return nil
}

func (s *shapeScan) isNative(space string) bool {
	return slices.Contains(s.native, space) || (s.rootNS && space == s.rootSpace)
}
