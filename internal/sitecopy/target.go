package sitecopy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store/postgres"
)

// migrateTarget brings the PostgreSQL database's schema up to date with the
// postgres store's own migrations, under its advisory lock, as any masthead
// command opening it would.
func migrateTarget(ctx context.Context, url string) error {
	st, err := postgres.Open(ctx, url)
	if err != nil {
		return fmt.Errorf("open the PostgreSQL database: %w", err)
	}
	return st.Close()
}

// preferLZ4 asks PostgreSQL to compress what the copy writes with lz4
// rather than its default, pglz, for the copy's session only. Compressing
// the articles' bodies and revisions is most of what copying the tables
// costs the server, and lz4 does it four to five times faster (and is
// faster to read back, too).
// Servers before 14, or built without lz4, refuse, and keep their default.
// It is set before the transaction begins, so that a refusal spoils
// nothing.
func preferLZ4(ctx context.Context, conn *pgx.Conn) bool {
	_, err := conn.Exec(ctx, `SET default_toast_compression = 'lz4'`)
	return err == nil
}

// targetVersion returns the migration the PostgreSQL schema is at.
func targetVersion(ctx context.Context, tx pgx.Tx) (int64, error) {
	var v int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read the PostgreSQL schema version: %w", err)
	}
	return v, nil
}

// lockTables takes every table the copy writes, and the search index,
// for the rest of the transaction, before looking whether they are empty:
// nothing can be written to them between that look and the copy. A server
// running on the database would hold them up; rather than wait behind it
// without saying why, the copy gives up after a while.
func lockTables(ctx context.Context, tx pgx.Tx, tables []table) error {
	if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '15s'`); err != nil {
		return fmt.Errorf("lock the PostgreSQL tables: %w", err)
	}
	_, err := tx.Exec(ctx, `LOCK TABLE `+strings.Join(targetTables(tables), ", ")+` IN ACCESS EXCLUSIVE MODE`)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "55P03" { // lock_not_available
		return masthead.Errorf(masthead.ECONFLICT, "the PostgreSQL database's tables are in use "+
			"(is masthead running on it?): stop whatever uses them and try again; nothing was written")
	} else if err != nil {
		return fmt.Errorf("lock the PostgreSQL tables: %w", err)
	}
	return nil
}

// targetTables lists the tables the copy writes: the site's, and the search
// index built from them.
func targetTables(tables []table) []string {
	return append([]string{"article_search", "search_words"}, tableNames(tables)...)
}

func tableNames(tables []table) []string {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
	}
	return names
}

// checkEmpty refuses a database that holds any site data, naming the
// tables that do: the copy keeps the source's IDs, which would clash with
// rows already there, and merging two sites is not what it is for.
func checkEmpty(ctx context.Context, tx pgx.Tx, tables []table) error {
	var full []string
	for _, t := range tables {
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+t.name+`)`).Scan(&any); err != nil {
			return fmt.Errorf("look into %s in the PostgreSQL database: %w", t.name, err)
		}
		if any {
			full = append(full, t.name)
		}
	}
	if len(full) > 0 {
		return masthead.Errorf(masthead.ECONFLICT, "the PostgreSQL database already holds site data (in %s): "+
			"migrate-data copies into an empty database only, and wrote nothing", strings.Join(full, ", "))
	}
	return nil
}

// setTriggers turns the target's own triggers off for the copy, or back on.
//
// They keep derived data in step one row at a time: the approved-comment
// count (which the copy brings as it is, and the triggers would count a
// second time), the search index and its words (built once, afterwards, by
// buildSearch: row by row they cost an index update per article and per
// tag), and the change version (bumped once, by bumpVersion). USER leaves
// the foreign-key triggers on, so every reference is still checked. It
// needs the tables' owner, as migrating them did; switching triggers is
// part of the transaction, so a failed copy leaves them as they were.
func setTriggers(ctx context.Context, tx pgx.Tx, tables []table, on bool) error {
	action := "DISABLE"
	if on {
		action = "ENABLE"
	}
	for _, name := range targetTables(tables) {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+name+` `+action+` TRIGGER USER`); err != nil {
			var pgErr *pgconn.PgError
			if errors.As(err, &pgErr) && pgErr.Code == "42501" { // insufficient_privilege
				return masthead.Errorf(masthead.EFORBIDDEN, "the PostgreSQL role does not own table %s: "+
					"run migrate-data as the role that owns masthead's tables; nothing was written", name)
			}
			return fmt.Errorf("%s triggers on %s: %w", strings.ToLower(action), name, err)
		}
	}
	return nil
}

// buildSearch indexes every article for search, as the postgres store's
// migrations do for articles that existed before the index (0004, 0007),
// and returns how many documents there are.
func buildSearch(ctx context.Context, tx pgx.Tx) (int64, error) {
	if _, err := tx.Exec(ctx, `SELECT masthead_index_article(id) FROM articles`); err != nil {
		return 0, fmt.Errorf("index the articles for search: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO search_words (word)
		SELECT DISTINCT unnest(tsvector_to_array(document)) FROM article_search
		ON CONFLICT (word) DO NOTHING`); err != nil {
		return 0, fmt.Errorf("collect the search words: %w", err)
	}
	var n int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM article_search`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the search documents: %w", err)
	}
	return n, nil
}

// setSequences moves every identity column's sequence past the highest ID
// copied, so that the next row inserted gets a fresh ID. The copy gives
// IDs explicitly, which leaves the sequences where they were.
func setSequences(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `
		SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'
		ORDER BY table_name`)
	if err != nil {
		return fmt.Errorf("list the identity columns: %w", err)
	}
	type identity struct{ table, column string }
	var ids []identity
	var id identity
	_, err = pgx.ForEachRow(rows, []any{&id.table, &id.column}, func() error {
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("list the identity columns: %w", err)
	}
	for _, id := range ids {
		// An empty table starts again at 1 (is_called false: the value
		// given is the next one).
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(%[1]s), 1), max(%[1]s) IS NOT NULL) FROM %[2]s`,
			pgx.Identifier{id.column}.Sanitize(), pgx.Identifier{id.table}.Sanitize())
		if _, err := tx.Exec(ctx, q, id.table, id.column); err != nil {
			return fmt.Errorf("set the sequence of %s.%s: %w", id.table, id.column, err)
		}
	}
	return nil
}

// bumpVersion moves the change version on, once for the whole copy, so
// that a server already running on the empty database drops its cached
// pages when the copy commits. The copy wrote with the triggers that do
// that switched off; rather than know how the store keeps its version, it
// rewrites one row, as it is, of the first table that has one of those
// whose writes the contract says move the version (store.Changes). The
// store's own trigger, on again, does the rest at commit. An empty site
// changed nothing a reader sees.
func bumpVersion(ctx context.Context, tx pgx.Tx) error {
	for _, t := range []struct{ table, column string }{
		{"articles", "title"}, {"settings", "value"}, {"sections", "name"}, {"tags", "name"}, {"authors", "name"}, {"sources", "name"},
	} {
		tag, err := tx.Exec(ctx, fmt.Sprintf(`UPDATE %[1]s SET %[2]s = %[2]s WHERE ctid = (SELECT ctid FROM %[1]s LIMIT 1)`, t.table, t.column))
		if err != nil {
			return fmt.Errorf("move the change version on: %w", err)
		}
		if tag.RowsAffected() > 0 {
			return nil
		}
	}
	return nil
}

// targetCount returns how many rows the table has.
func targetCount(ctx context.Context, tx pgx.Tx, name string) (int64, error) {
	var n int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+name).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s in the PostgreSQL database: %w", name, err)
	}
	return n, nil
}
