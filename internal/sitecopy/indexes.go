package sitecopy

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// index is one secondary index of the target, as the catalog makes it
// again.
type index struct {
	name, create string
}

// dropIndexes drops the secondary indexes of the tables and returns them,
// to be made again by createIndexes once the rows are in, as pg_restore
// does: an index built from all its rows at once, by sorting, costs a
// fraction of the same index kept up to date row by row, most of all the
// search index's GIN. The statements come from the catalog, so the copy
// repeats nothing of the schema. Indexes that back a constraint stay: the
// primary keys and unique columns that references are checked against and
// that the search index's upsert needs, and that catch duplicates as they
// arrive. Dropping is part of the transaction: a failed copy leaves every
// index as it was.
func dropIndexes(ctx context.Context, tx pgx.Tx, tables []string) ([]index, error) {
	rows, err := tx.Query(ctx, `
		SELECT i.relname, pg_get_indexdef(x.indexrelid)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY ($1)
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
		ORDER BY t.relname, i.relname`, tables)
	if err != nil {
		return nil, fmt.Errorf("list the PostgreSQL indexes: %w", err)
	}
	var (
		dropped []index
		ix      index
	)
	if _, err := pgx.ForEachRow(rows, []any{&ix.name, &ix.create}, func() error {
		dropped = append(dropped, ix)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("list the PostgreSQL indexes: %w", err)
	}
	for _, ix := range dropped {
		if _, err := tx.Exec(ctx, `DROP INDEX `+pgx.Identifier{ix.name}.Sanitize()); err != nil {
			return nil, fmt.Errorf("drop index %s for the copy: %w", ix.name, err)
		}
	}
	return dropped, nil
}

// createIndexes makes the dropped indexes again. A GIN index is built in
// maintenance_work_mem, whose default (64 MB) would have it written out
// in many small runs.
func createIndexes(ctx context.Context, tx pgx.Tx, indexes []index) error {
	if _, err := tx.Exec(ctx, `SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
		return fmt.Errorf("make the indexes: %w", err)
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(ctx, ix.create); err != nil {
			return fmt.Errorf("make index %s again: %w", ix.name, err)
		}
	}
	return nil
}
