package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/masthead-news/masthead"
)

// termTable is where a kind lives and how articles refer to it: by a
// column of articles, or (tags) through article_tags.
type termTable struct {
	table, column string
}

var termTables = map[masthead.TermKind]termTable{
	masthead.KindSection: {"sections", "section_id"},
	masthead.KindTag:     {"tags", ""},
	masthead.KindAuthor:  {"authors", "author_id"},
	masthead.KindSource:  {"sources", "source_id"},
}

func tableOf(kind masthead.TermKind) (termTable, error) {
	t, ok := termTables[kind]
	if !ok {
		return t, masthead.Errorf(masthead.EINVALID, "unknown kind %q", kind)
	}
	return t, nil
}

// Terms lists a kind's terms with their article counts.
func (db *DB) Terms(ctx context.Context, kind masthead.TermKind) ([]masthead.Term, error) {
	t, err := tableOf(kind)
	if err != nil {
		return nil, err
	}
	count := `(SELECT COUNT(*) FROM articles a WHERE a.` + t.column + ` = x.id)`
	if t.column == "" {
		count = `(SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = x.id)`
	}
	rows, err := db.read.QueryContext(ctx, `SELECT x.id, x.slug, x.name, `+count+` FROM `+t.table+` x ORDER BY x.name COLLATE NOCASE, x.id`)
	if err != nil {
		return nil, fmt.Errorf("%s terms: %w", kind, err)
	}
	defer rows.Close()
	var out []masthead.Term
	for rows.Next() {
		term := masthead.Term{Kind: kind}
		if err := rows.Scan(&term.ID, &term.Slug, &term.Name, &term.Articles); err != nil {
			return nil, err
		}
		out = append(out, term)
	}
	return out, rows.Err()
}

// CreateTerm inserts a term.
func (db *DB) CreateTerm(ctx context.Context, term *masthead.Term) error {
	t, err := tableOf(term.Kind)
	if err != nil {
		return err
	}
	if err := validTerm(term); err != nil {
		return err
	}
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO `+t.table+` (slug, name) VALUES (?, ?) RETURNING id`, term.Slug, term.Name).Scan(&term.ID)
	})
	if isUniqueViolation(err) {
		return masthead.Errorf(masthead.ECONFLICT, "A %s with the slug %q exists.", term.Kind, term.Slug)
	} else if err != nil {
		return fmt.Errorf("create %s: %w", term.Kind, err)
	}
	return nil
}

func validTerm(t *masthead.Term) error {
	a := masthead.Article{Title: "x", Slug: "x", Status: masthead.StatusDraft}
	switch t.Kind {
	case masthead.KindSection:
		a.Section = &masthead.Section{Name: t.Name, Slug: t.Slug}
	case masthead.KindTag:
		a.Tags = []masthead.Tag{{Name: t.Name, Slug: t.Slug}}
	case masthead.KindAuthor:
		a.Author = &masthead.Author{Name: t.Name, Slug: t.Slug}
	case masthead.KindSource:
		a.Source = &masthead.Source{Name: t.Name, Slug: t.Slug}
	}
	a.PublishedAt = now()
	return a.Validate() // the one place names are checked
}

// termID looks a slug up in tx.
func termID(ctx context.Context, tx *sql.Tx, t termTable, kind masthead.TermKind, slug string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM `+t.table+` WHERE slug = ?`, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, masthead.Errorf(masthead.ENOTFOUND, "No %s has the slug %q.", kind, slug)
	}
	return id, err
}

// redirect records old → new, and points earlier redirects to old at new,
// so a chain of renames is one hop.
func redirect(ctx context.Context, tx *sql.Tx, kind masthead.TermKind, old, new string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM term_redirects WHERE kind = ? AND old_slug = ?`, kind, new); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE term_redirects SET new_slug = ? WHERE kind = ? AND new_slug = ?`, new, kind, old); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO term_redirects (kind, old_slug, new_slug) VALUES (?, ?, ?)
		ON CONFLICT (kind, old_slug) DO UPDATE SET new_slug = excluded.new_slug`, kind, old, new)
	return err
}

// RenameTerm changes a term's name and slug.
func (db *DB) RenameTerm(ctx context.Context, kind masthead.TermKind, slug string, to *masthead.Term) error {
	t, err := tableOf(kind)
	if err != nil {
		return err
	}
	to.Kind = kind
	if err := validTerm(to); err != nil {
		return err
	}
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		id, err := termID(ctx, tx, t, kind, slug)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+t.table+` SET slug = ?, name = ? WHERE id = ?`, to.Slug, to.Name, id); err != nil {
			if isUniqueViolation(err) {
				return masthead.Errorf(masthead.ECONFLICT, "Another %s has the slug %q: merge them instead.", kind, to.Slug)
			}
			return err
		}
		to.ID = id
		if to.Slug != slug {
			return redirect(ctx, tx, kind, slug, to.Slug)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rename %s %q: %w", kind, slug, err)
	}
	return nil
}

// MergeTerms moves from's articles to into and deletes from.
func (db *DB) MergeTerms(ctx context.Context, kind masthead.TermKind, from, into string) error {
	t, err := tableOf(kind)
	if err != nil {
		return err
	}
	if from == into {
		return masthead.Errorf(masthead.EINVALID, "Choose another %s to merge into.", kind)
	}
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		fromID, err := termID(ctx, tx, t, kind, from)
		if err != nil {
			return err
		}
		intoID, err := termID(ctx, tx, t, kind, into)
		if err != nil {
			return err
		}
		if t.column != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET `+t.column+` = ? WHERE `+t.column+` = ?`, intoID, fromID); err != nil {
				return err
			}
		} else {
			// An article with both tags keeps one.
			if _, err := tx.ExecContext(ctx, `
				INSERT OR IGNORE INTO article_tags (article_id, tag_id, position)
				SELECT article_id, ?, position FROM article_tags WHERE tag_id = ?`, intoID, fromID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE tag_id = ?`, fromID); err != nil {
				return err
			}
		}
		if kind == masthead.KindSource {
			// The followed source's settings and feeds go with it only if
			// the target has none; otherwise they are dropped with it.
			if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE source_configs SET source_id = ? WHERE source_id = ?`, intoID, fromID); err != nil {
				return err
			}
			for _, q := range []string{
				`DELETE FROM source_configs WHERE source_id = ?`,
				`UPDATE OR IGNORE source_feeds SET source_id = ? WHERE source_id = ?`,
				`DELETE FROM source_feeds WHERE source_id = ?`,
				`UPDATE article_reports SET source_id = ? WHERE source_id = ?`,
			} {
				args := []any{fromID}
				if q[0] == 'U' {
					args = []any{intoID, fromID}
				}
				if _, err := tx.ExecContext(ctx, q, args...); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.table+` WHERE id = ?`, fromID); err != nil {
			return err
		}
		return redirect(ctx, tx, kind, from, into)
	})
	if err != nil {
		return fmt.Errorf("merge %s %q into %q: %w", kind, from, into, err)
	}
	return nil
}

// TermRedirect looks an old slug up.
func (db *DB) TermRedirect(ctx context.Context, kind masthead.TermKind, slug string) (string, bool, error) {
	var to string
	err := db.read.QueryRowContext(ctx, `SELECT new_slug FROM term_redirects WHERE kind = ? AND old_slug = ?`, kind, slug).Scan(&to)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("%s redirect: %w", kind, err)
	}
	return to, true, nil
}
