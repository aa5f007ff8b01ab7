package articlefile

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize is the largest article file Parse accepts, in bytes. The longest
// features run to a few hundred KiB of Markdown; anything bigger is not an
// article.
const MaxSize = 1 << 20

// maxFrontMatter bounds the YAML handed to the lexer. Ten keys need a few
// hundred bytes; the generous limit stops early when a forgotten closing
// "---" has turned the body, up to its first horizontal rule, into YAML.
const maxFrontMatter = 64 << 10

// delimiter opens and closes the front matter.
const delimiter = "---"

// yamlOffset is the number of file lines before the front matter: a YAML
// line plus yamlOffset is the line in the file.
const yamlOffset = 1

// file is an article file cut into its two parts.
type file struct {
	yaml string // the front matter, without its delimiter lines
	body string // everything after the closing delimiter, trimmed
}

// read reads all of r, refusing more than MaxSize bytes and text that is not
// UTF-8, and splits it into front matter and body.
func read(name string, r io.Reader) (*file, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, errorf(name, 1, "cannot read the file: %v", err)
	}
	if len(data) > MaxSize {
		return nil, errorf(name, 1, "the file is larger than 1 MiB (%d bytes); an article must be smaller", MaxSize)
	}
	// Editors on Windows like to start UTF-8 files with a byte order mark.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return nil, errorf(name, invalidUTF8Line(data), "the file is not valid UTF-8 text (save it as UTF-8)")
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")

	lines := strings.Split(text, "\n")
	if !isDelimiter(lines[0]) {
		return nil, errorf(name, 1, "no front matter: the file must start with a line %q", delimiter)
	}
	for i := 1; i < len(lines); i++ {
		if !isDelimiter(lines[i]) {
			continue
		}
		f := &file{
			yaml: strings.Join(lines[1:i], "\n"),
			body: trimBody(strings.Join(lines[i+1:], "\n")),
		}
		if len(f.yaml) > maxFrontMatter {
			return nil, errorf(name, 1+yamlOffset, "the front matter is larger than %d KiB", maxFrontMatter>>10)
		}
		return f, nil
	}
	return nil, errorf(name, 1, "the front matter is not closed: no line %q after the first", delimiter)
}

// isDelimiter reports whether line is "---", forgiving trailing blanks that
// are invisible in an editor.
func isDelimiter(line string) bool {
	return strings.TrimRight(line, " \t") == delimiter
}

// invalidUTF8Line returns the 1-based line of the first byte of data that is
// not part of valid UTF-8.
func invalidUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			break
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// trimBody drops blank lines before the body and white space after it. It
// keeps the indentation of the first line: in Markdown four leading spaces
// make a code block.
func trimBody(s string) string {
	for {
		nl := strings.IndexByte(s, '\n')
		if nl < 0 || strings.TrimSpace(s[:nl]) != "" {
			break
		}
		s = s[nl+1:]
	}
	return strings.TrimRightFunc(s, unicode.IsSpace)
}
