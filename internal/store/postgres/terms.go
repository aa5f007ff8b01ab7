package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/masthead-news/masthead"
)

// termTable is where a kind of term lives and how articles refer to it: by
// a column of articles, or, for tags, through article_tags (column "").
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

// Terms lists a kind's terms, by name ignoring case as SQLite's NOCASE
// orders them, with their article counts.
func (db *DB) Terms(ctx context.Context, kind masthead.TermKind) ([]masthead.Term, error) {
	t, err := tableOf(kind)
	if err != nil {
		return nil, err
	}
	count := `(SELECT COUNT(*) FROM articles a WHERE a.` + t.column + ` = x.id)`
	if t.column == "" {
		count = `(SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = x.id)`
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT x.id, x.slug, x.name, `+count+` FROM `+t.table+` x
		ORDER BY lower(x.name) COLLATE "C", x.id`)
	if err != nil {
		return nil, fmt.Errorf("%s terms: %w", kind, err)
	}
	defer rows.Close()
	var out []masthead.Term
	for rows.Next() {
		term := masthead.Term{Kind: kind}
		if err := rows.Scan(&term.ID, &term.Slug, &term.Name, &term.Articles); err != nil {
			return nil, fmt.Errorf("%s terms: %w", kind, err)
		}
		out = append(out, term)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s terms: %w", kind, err)
	}
	return out, nil
}

// CreateTerm inserts a term, or returns ECONFLICT if its slug exists.
func (db *DB) CreateTerm(ctx context.Context, term *masthead.Term) error {
	t, err := tableOf(term.Kind)
	if err != nil {
		return err
	}
	if err := validTerm(term); err != nil {
		return err
	}
	var id int64
	err = db.db.QueryRowContext(ctx, `INSERT INTO `+t.table+` (slug, name) VALUES ($1, $2) RETURNING id`,
		term.Slug, term.Name).Scan(&id)
	if isUniqueViolation(err) {
		return masthead.Errorf(masthead.ECONFLICT, "A %s with the slug %q exists.", term.Kind, term.Slug)
	} else if err != nil {
		return fmt.Errorf("create %s: %w", term.Kind, err)
	}
	term.ID = id
	return nil
}

// validTerm checks a term's name and slug as an article carrying it would
// have them checked: Article.Validate is the one place names are checked.
func validTerm(t *masthead.Term) error {
	a := masthead.Article{Title: "x", Slug: "x", Status: masthead.StatusDraft, PublishedAt: now()}
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
	return a.Validate()
}

// termID looks a slug up and locks its row, so that a rename or merge
// running at once waits rather than acting on a term that is going.
func termID(ctx context.Context, tx *sql.Tx, t termTable, kind masthead.TermKind, slug string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM `+t.table+` WHERE slug = $1 FOR UPDATE`, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, masthead.Errorf(masthead.ENOTFOUND, "No %s has the slug %q.", kind, slug)
	}
	return id, err
}

// redirect records old → new, and points earlier redirects to old at new,
// so that a chain of renames is one hop; a redirect from new, which is a
// term's slug again, goes.
func redirect(ctx context.Context, tx *sql.Tx, kind masthead.TermKind, old, new string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM term_redirects WHERE kind = $1 AND old_slug = $2`, kind, new); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE term_redirects SET new_slug = $1 WHERE kind = $2 AND new_slug = $3`, new, kind, old)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO term_redirects (kind, old_slug, new_slug) VALUES ($1, $2, $3)
		ON CONFLICT (kind, old_slug) DO UPDATE SET new_slug = EXCLUDED.new_slug`, kind, old, new)
	return err
}

// RenameTerm changes a term's name and slug, keeping the old slug as a
// redirect.
func (db *DB) RenameTerm(ctx context.Context, kind masthead.TermKind, slug string, to *masthead.Term) error {
	t, err := tableOf(kind)
	if err != nil {
		return err
	}
	to.Kind = kind
	if err := validTerm(to); err != nil {
		return err
	}
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = termID(ctx, tx, t, kind, slug); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE `+t.table+` SET slug = $1, name = $2 WHERE id = $3`, to.Slug, to.Name, id)
		if isUniqueViolation(err) {
			return masthead.Errorf(masthead.ECONFLICT, "Another %s has the slug %q: merge them instead.", kind, to.Slug)
		} else if err != nil {
			return err
		}
		if to.Slug != slug {
			return redirect(ctx, tx, kind, slug, to.Slug)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rename %s %q: %w", kind, slug, err)
	}
	to.ID = id
	return nil
}

// MergeTerms moves from's articles to into, deletes from, and keeps its
// slug as a redirect, in one transaction.
func (db *DB) MergeTerms(ctx context.Context, kind masthead.TermKind, from, into string) error {
	t, err := tableOf(kind)
	if err != nil {
		return err
	}
	if from == into {
		return masthead.Errorf(masthead.EINVALID, "Choose another %s to merge into.", kind)
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		fromID, err := termID(ctx, tx, t, kind, from)
		if err != nil {
			return err
		}
		intoID, err := termID(ctx, tx, t, kind, into)
		if err != nil {
			return err
		}
		// Each statement moves from's references ($2) to into ($1).
		var moves []string
		if t.column != "" {
			moves = append(moves, `UPDATE articles SET `+t.column+` = $1 WHERE `+t.column+` = $2`)
		} else {
			// An article with both tags keeps into, where into was.
			moves = append(moves, `
				INSERT INTO article_tags (article_id, tag_id, position)
				SELECT article_id, $1, position FROM article_tags WHERE tag_id = $2
				ON CONFLICT (article_id, tag_id) DO NOTHING`)
		}
		if kind == masthead.KindSource {
			// The followed source's settings and feeds go to into only
			// where it has none; the rest go with from, by cascade.
			moves = append(moves, `
				UPDATE source_configs SET source_id = $1 WHERE source_id = $2
				AND NOT EXISTS (SELECT 1 FROM source_configs WHERE source_id = $1)`, `
				UPDATE source_feeds f SET source_id = $1 WHERE f.source_id = $2
				AND NOT EXISTS (SELECT 1 FROM source_feeds g WHERE g.source_id = $1 AND g.url = f.url)`,
				`UPDATE article_reports SET source_id = $1 WHERE source_id = $2`)
		}
		for _, q := range moves {
			if _, err := tx.ExecContext(ctx, q, intoID, fromID); err != nil {
				return err
			}
		}
		if t.column == "" { // article_tags does not cascade from tags
			if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE tag_id = $1`, fromID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.table+` WHERE id = $1`, fromID); err != nil {
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
	err := db.db.QueryRowContext(ctx, `SELECT new_slug FROM term_redirects WHERE kind = $1 AND old_slug = $2`,
		kind, slug).Scan(&to)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("%s redirect: %w", kind, err)
	}
	return to, true, nil
}
