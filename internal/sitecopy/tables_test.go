package sitecopy

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/masthead-news/masthead/internal/store/sqlite"
)

// The copy knows every table and column the sqlite store's migrations
// make. A migration that adds one fails this test until siteTables learns
// it (and the copy refuses to run, naming it); one that changes only
// indexes or derived tables passes. (TestCopy holds the PostgreSQL schema
// to the same.)
func TestSourceSchemaIsKnown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	src, err := openSource(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	if err := checkSourceSchema(t.Context(), src.tx, siteTables()); err != nil {
		t.Errorf("%v\n\nTeach siteTables the new tables and columns, or isDerived the new derived tables.", err)
	}
}

// Every table of the copy names each column once, with a kind, and is read
// in an order made of its own columns.
func TestSiteTables(t *testing.T) {
	seen := map[string]bool{}
	for _, tb := range siteTables() {
		if seen[tb.name] {
			t.Errorf("table %s listed twice", tb.name)
		}
		seen[tb.name] = true
		cols := map[string]bool{}
		for _, c := range tb.columns {
			if cols[c.name] {
				t.Errorf("%s.%s listed twice", tb.name, c.name)
			}
			cols[c.name] = true
		}
		for _, o := range strings.Split(tb.order, ",") {
			if !cols[strings.TrimSpace(o)] {
				t.Errorf("%s is ordered by %q, which is not one of its columns", tb.name, o)
			}
		}
		if isDerived("sqlite", tb.name) || isDerived("postgres", tb.name) {
			t.Errorf("%s is both copied and derived", tb.name)
		}
	}
}
