// Package feedread turns a feed document fetched from another outlet (RSS
// 0.9x, RSS 1.0, RSS 2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1) into the few
// fields masthead needs to republish an item with attribution.
//
// The documents are untrusted. Parse must end in an error or a sane result in
// bounded time and memory whatever it is given, so it checks the shape of a
// document before handing it to gofeed (see guard_xml.go and guard_json.go),
// trims every field it returns, and turns a parser panic into an error.
// It never reads a file or the network: encoding/xml, under gofeed, does not
// resolve external entities or DTDs, and documents that declare entities at
// all are refused.
//
// Costs: on the worst documents found at the default 10 MiB limit, Parse
// takes a few seconds of CPU and up to about 35 times the document's size in
// memory (gofeed parses and re-renders Atom HTML content to resolve
// xml:base), and about twice that under the race detector. Lower
// Limits.MaxBytes, or bound how many feeds are parsed at once, to spend less.
//
// Summary and Content are returned as the raw HTML the feed carried. The
// caller must sanitise them before showing them to anyone, and must
// HTML-escape the plain-text fields (Title, Author, Categories) when
// rendering them: an undeclared entity such as "&xxe;" is kept as literal
// text, never expanded.
package feedread
