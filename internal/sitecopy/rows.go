package sitecopy

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// rowReader hands a table's rows from SQLite to pgx's CopyFrom one at a
// time, each value converted to what its PostgreSQL column takes, so that a
// table of any size streams through the same small amount of memory.
type rowReader struct {
	table table
	rows  *sql.Rows
	// dest and values are reused from row to row: CopyFrom encodes a
	// row's values before it asks for the next row.
	dest   []any
	values []any
	n      int64 // rows read so far
	err    error
}

var _ pgx.CopyFromSource = (*rowReader)(nil)

func newRowReader(t table, rows *sql.Rows) *rowReader {
	r := &rowReader{table: t, rows: rows, dest: make([]any, len(t.columns)), values: make([]any, len(t.columns))}
	for i, c := range t.columns {
		switch c.kind {
		case integer, boolean:
			r.dest[i] = new(int64)
		case nullInteger:
			r.dest[i] = new(sql.NullInt64)
		case text, jsonText:
			r.dest[i] = new(string)
		case real:
			r.dest[i] = new(float64)
		case blob:
			r.dest[i] = new([]byte)
		default:
			panic(fmt.Sprintf("sitecopy: column %s.%s has no kind", t.name, c.name))
		}
	}
	return r
}

// Next reads and converts the next row.
func (r *rowReader) Next() bool {
	if r.err != nil || !r.rows.Next() {
		return false
	}
	r.n++
	if err := r.rows.Scan(r.dest...); err != nil {
		r.err = fmt.Errorf("%s, row %d: %w", r.table.name, r.n, err)
		return false
	}
	for i, c := range r.table.columns {
		v, err := convert(c.kind, r.dest[i])
		if err != nil {
			r.err = fmt.Errorf("%s, row %d (%s): %s: %w", r.table.name, r.n, r.key(), c.name, err)
			return false
		}
		r.values[i] = v
	}
	return true
}

// Values returns the row Next read.
func (r *rowReader) Values() ([]any, error) { return r.values, nil }

// Err returns what stopped the rows early, if anything did.
func (r *rowReader) Err() error {
	if r.err != nil {
		return r.err
	}
	if err := r.rows.Err(); err != nil {
		return fmt.Errorf("read %s from the SQLite database: %w", r.table.name, err)
	}
	return nil
}

// key names the current row in an error by its first column, the ID or
// the first part of the key in every table.
func (r *rowReader) key() string {
	c := r.table.columns[0]
	switch v := r.dest[0].(type) {
	case *int64:
		return fmt.Sprintf("%s %d", c.name, *v)
	case *string:
		return fmt.Sprintf("%s %q", c.name, *v)
	}
	return c.name + " ?"
}

// convert turns a value scanned from SQLite into the one its PostgreSQL
// column takes. PostgreSQL refuses text that is not UTF-8 or holds a NUL
// byte, and JSON it cannot parse, all of which SQLite keeps; checking here
// names the table, row and column rather than failing the whole copy with
// a message naming none of them.
func convert(k kind, scanned any) (any, error) {
	switch k {
	case integer:
		return *scanned.(*int64), nil
	case nullInteger:
		n := *scanned.(*sql.NullInt64)
		if !n.Valid {
			return nil, nil
		}
		return n.Int64, nil
	case boolean:
		switch n := *scanned.(*int64); n {
		case 0:
			return false, nil
		case 1:
			return true, nil
		default:
			return nil, fmt.Errorf("%d is no boolean (want 0 or 1)", n)
		}
	case text:
		s := *scanned.(*string)
		return s, checkText(s)
	case jsonText:
		s := *scanned.(*string)
		if err := checkText(s); err != nil {
			return nil, err
		}
		if !json.Valid([]byte(s)) {
			return nil, fmt.Errorf("not valid JSON: %.60q", s)
		}
		return s, nil
	case real:
		return *scanned.(*float64), nil
	case blob:
		return *scanned.(*[]byte), nil
	}
	return nil, fmt.Errorf("unknown kind %d", k)
}

// checkText reports text PostgreSQL would refuse.
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("text that is not UTF-8: %.60q", s)
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return fmt.Errorf("text with a NUL byte at %d, which PostgreSQL cannot keep", i)
	}
	return nil
}
