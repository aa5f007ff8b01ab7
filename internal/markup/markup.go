// Package markup is the one place article bodies become HTML. Everything a
// page emits as article HTML has been through Sanitize, whether it was written
// as Markdown (Render) or arrived as HTML from elsewhere.
package markup

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// md converts Markdown with the GitHub extensions writers know. Its default
// renderer replaces raw HTML with a comment and drops javascript: style link
// destinations; that is kept deliberately, so HTML typed into a body never
// reaches the page even before Sanitize sees it. The typographer is left out:
// writers type the quotes and dashes they mean.
var md = goldmark.New(
	goldmark.WithExtensions(
		// The align attribute, not a style attribute, because the
		// sanitiser allows no styles.
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
		// Bare ftp:// URLs are not worth a link nobody's browser opens.
		extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
		extension.TaskList,
	),
)

// Render converts an article body written in Markdown to sanitised HTML,
// safe to emit as is.
func Render(markdown string) (string, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(markdown), &buf); err != nil {
		return "", fmt.Errorf("markup: render Markdown: %w", err)
	}
	return Sanitize(buf.String()), nil
}
