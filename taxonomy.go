package masthead

// TermKind names one of the ways articles are grouped: sections, tags,
// bylines (authors) and sources. Each has its list page at /KIND/SLUG/.
type TermKind string

const (
	KindSection TermKind = "section"
	KindTag     TermKind = "tag"
	KindAuthor  TermKind = "author"
	KindSource  TermKind = "source"
)

// TermKinds lists the kinds.
var TermKinds = []TermKind{KindSection, KindTag, KindAuthor, KindSource}

// Valid reports whether k is one of the kinds.
func (k TermKind) Valid() bool {
	for _, x := range TermKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Term is a section, tag, author or source, with how many articles have it.
type Term struct {
	Kind     TermKind
	ID       int64
	Slug     string
	Name     string
	Articles int
}
