package sitecopy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

// sameRows compares every copied table row by row and column by column,
// each value written out as what it means (a boolean as true or false, JSON
// with its keys in order), so that nothing the contract does not show is
// lost either.
func sameRows(t *testing.T, path, url string) {
	t.Helper()
	ctx := t.Context()
	src, err := openSource(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	for _, tb := range siteTables() {
		rows, err := src.tx.QueryContext(ctx, tb.selectAll())
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for rows.Next() {
			vals := make([]any, len(tb.columns))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			want = append(want, rowText(t, tb, vals))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()

		pgRows, err := conn.Query(ctx, tb.selectAll())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for pgRows.Next() {
			vals, err := pgRows.Values()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, rowText(t, tb, vals))
		}
		if err := pgRows.Err(); err != nil {
			t.Fatal(err)
		}
		// Text keys sort by bytes in SQLite and by collation in PostgreSQL.
		slices.Sort(want)
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s differs (-SQLite +PostgreSQL):\n%s", tb.name, diff)
		}
	}
}

// rowText writes a row out as its values mean, the same from either
// driver.
func rowText(t *testing.T, tb table, vals []any) string {
	t.Helper()
	out := make([]string, len(vals))
	for i, v := range vals {
		c := tb.columns[i]
		switch {
		case v == nil:
			out[i] = "NULL"
		case c.kind == boolean:
			switch v := v.(type) {
			case int64:
				out[i] = fmt.Sprint(v != 0)
			default:
				out[i] = fmt.Sprint(v)
			}
		case c.kind == jsonText:
			var decoded any
			if s, ok := v.(string); ok {
				if err := json.Unmarshal([]byte(s), &decoded); err != nil {
					t.Fatalf("%s.%s: %v", tb.name, c.name, err)
				}
			} else {
				decoded = v // pgx decodes JSONB
			}
			b, err := json.Marshal(decoded)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = string(b)
		case c.kind == blob:
			out[i] = fmt.Sprintf("%x", v)
		default:
			out[i] = fmt.Sprint(v) // integers of any width, text, floats
		}
		out[i] = c.name + "=" + out[i]
	}
	return strings.Join(out, " ")
}
