// Package masthead holds the domain of a news site: articles, the outlets they
// are republished from, reader comments, and the errors users may see. It
// imports nothing but the standard library; storage, HTTP and the command line
// live under internal/ and depend on this package, never the other way round.
package masthead
