package sitecopy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// catalogColumn is a column as a database's catalog describes it.
type catalogColumn struct {
	table, name, typ string
	nullable         bool
}

// The schema checks make sure, before anything is written, that the tables
// of siteTables are all the site data there is, column for column, in both
// databases, and that each column's type is the one its kind converts
// between. Both databases being at the same schema version does not say
// as much: a migration may add a table or a column this package was never
// taught about, and a copy that left it behind would lose data without a
// word. Migrations that change only indexes or derived tables need no
// change here.

// checkSourceSchema compares the SQLite database's tables with tables.
func checkSourceSchema(ctx context.Context, tx *sql.Tx, tables []table) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT m.name, p.name, p.type
		FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table'
		ORDER BY m.name, p.cid`)
	if err != nil {
		return fmt.Errorf("read the SQLite schema: %w", err)
	}
	defer rows.Close()
	var cols []catalogColumn
	for rows.Next() {
		var c catalogColumn
		if err := rows.Scan(&c.table, &c.name, &c.typ); err != nil {
			return fmt.Errorf("read the SQLite schema: %w", err)
		}
		if !strings.HasPrefix(c.table, "sqlite_") && !isDerived("sqlite", c.table) && !isDerivedColumn("sqlite", c.table, c.name) {
			cols = append(cols, c)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the SQLite schema: %w", err)
	}
	// SQLite's catalog says nothing useful of NULL: a key column may be
	// NULL unless declared otherwise. A NULL where none belongs fails
	// the row's conversion instead.
	return compareSchema("SQLite", cols, tables, func(k kind, c catalogColumn) bool {
		switch k {
		case integer, nullInteger, boolean:
			return c.typ == "INTEGER"
		case text, jsonText:
			return c.typ == "TEXT"
		case real:
			return c.typ == "REAL"
		case blob:
			return c.typ == "BLOB"
		}
		return false
	})
}

// checkTargetSchema compares the PostgreSQL database's tables with tables.
func checkTargetSchema(ctx context.Context, tx pgx.Tx, tables []table) error {
	rows, err := tx.Query(ctx, `
		SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES'
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return fmt.Errorf("read the PostgreSQL schema: %w", err)
	}
	var cols []catalogColumn
	var c catalogColumn
	_, err = pgx.ForEachRow(rows, []any{&c.table, &c.name, &c.typ, &c.nullable}, func() error {
		if !isDerived("postgres", c.table) && !isDerivedColumn("postgres", c.table, c.name) {
			cols = append(cols, c)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read the PostgreSQL schema: %w", err)
	}
	return compareSchema("PostgreSQL", cols, tables, func(k kind, c catalogColumn) bool {
		if c.nullable != (k == nullInteger) {
			return false
		}
		switch k {
		case integer, nullInteger:
			return c.typ == "bigint" || c.typ == "integer" || c.typ == "smallint"
		case text:
			return c.typ == "text"
		case boolean:
			return c.typ == "boolean"
		case real:
			return c.typ == "double precision"
		case blob:
			return c.typ == "bytea"
		case jsonText:
			return c.typ == "jsonb"
		}
		return false
	})
}

// compareSchema reports every table and column of the catalog that tables
// lacks, every one of tables the catalog lacks, and every column whose type
// fits is false for, all in one error.
func compareSchema(database string, catalog []catalogColumn, tables []table, fits func(kind, catalogColumn) bool) error {
	known := map[string]map[string]kind{}
	for _, t := range tables {
		known[t.name] = map[string]kind{}
		for _, c := range t.columns {
			known[t.name][c.name] = c.kind
		}
	}
	var problems []string
	seen := map[string]map[string]bool{}
	for _, c := range catalog {
		cols, ok := known[c.table]
		if !ok {
			if seen[c.table] == nil {
				problems = append(problems, fmt.Sprintf("table %s is not copied", c.table))
				seen[c.table] = map[string]bool{}
			}
			continue
		}
		if seen[c.table] == nil {
			seen[c.table] = map[string]bool{}
		}
		seen[c.table][c.name] = true
		k, ok := cols[c.name]
		if !ok {
			problems = append(problems, fmt.Sprintf("column %s.%s is not copied", c.table, c.name))
		} else if !fits(k, c) {
			problems = append(problems, fmt.Sprintf("column %s.%s is %s, not what the copy expects", c.table, c.name, describe(c)))
		}
	}
	for _, t := range tables {
		for _, c := range t.columns {
			if !seen[t.name][c.name] {
				problems = append(problems, fmt.Sprintf("column %s.%s is missing", t.name, c.name))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	slices.Sort(problems)
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = errors.New(p)
	}
	return fmt.Errorf("the %s schema is not the one migrate-data knows (see internal/sitecopy/tables.go): %w",
		database, errors.Join(errs...))
}

func describe(c catalogColumn) string {
	if c.nullable {
		return c.typ + " NULL"
	}
	return c.typ
}
