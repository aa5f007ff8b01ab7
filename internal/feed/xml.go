package feed

import (
	"encoding/xml"
	"fmt"
	"io"
)

// writeXML writes the XML declaration followed by v, indented. Both XML
// encoders go through here so their framing is identical.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	// A trailing newline keeps the files friendly to diff and cat.
	_, err := io.WriteString(w, "\n")
	return err
}

// wrapErr prefixes err with the format name, keeping it unwrappable.
func wrapErr(format string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("feed: write %s: %w", format, err)
}
