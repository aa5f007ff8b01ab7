package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// Section returns the section with the slug, or ENOTFOUND.
func (db *DB) Section(ctx context.Context, slug string) (*masthead.Section, error) {
	var s masthead.Section
	err := db.db.QueryRowContext(ctx, `SELECT id, slug, name FROM sections WHERE slug = $1`, slug).
		Scan(&s.ID, &s.Slug, &s.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "section %q not found", slug)
	} else if err != nil {
		return nil, fmt.Errorf("section %q: %w", slug, err)
	}
	return &s, nil
}

// Tag returns the tag with the slug, or ENOTFOUND.
func (db *DB) Tag(ctx context.Context, slug string) (*masthead.Tag, error) {
	var t masthead.Tag
	err := db.db.QueryRowContext(ctx, `SELECT id, slug, name FROM tags WHERE slug = $1`, slug).
		Scan(&t.ID, &t.Slug, &t.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "tag %q not found", slug)
	} else if err != nil {
		return nil, fmt.Errorf("tag %q: %w", slug, err)
	}
	return &t, nil
}

// Author returns the author with the slug, or ENOTFOUND.
func (db *DB) Author(ctx context.Context, slug string) (*masthead.Author, error) {
	var a masthead.Author
	err := db.db.QueryRowContext(ctx, `SELECT id, slug, name FROM authors WHERE slug = $1`, slug).
		Scan(&a.ID, &a.Slug, &a.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "author %q not found", slug)
	} else if err != nil {
		return nil, fmt.Errorf("author %q: %w", slug, err)
	}
	return &a, nil
}

// Source returns the source with the slug, or ENOTFOUND.
func (db *DB) Source(ctx context.Context, slug string) (*masthead.Source, error) {
	var s masthead.Source
	err := db.db.QueryRowContext(ctx, `SELECT id, slug, name, homepage FROM sources WHERE slug = $1`, slug).
		Scan(&s.ID, &s.Slug, &s.Name, &s.Homepage)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "source %q not found", slug)
	} else if err != nil {
		return nil, fmt.Errorf("source %q: %w", slug, err)
	}
	return &s, nil
}

// Sections returns the sections that have an article visible at now, by
// name, so that navigation never leads to an empty page. Names compare as
// bytes ("C"), as SQLite compares them, whatever the database's collation.
func (db *DB) Sections(ctx context.Context, now time.Time) ([]*masthead.Section, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT s.id, s.slug, s.name FROM sections s
		WHERE EXISTS (
			SELECT 1 FROM articles a
			WHERE a.section_id = s.id AND a.status = 'published' AND a.published_at <= $1
		)
		ORDER BY s.name COLLATE "C", s.id`, millis(now))
	if err != nil {
		return nil, fmt.Errorf("sections: %w", err)
	}
	defer rows.Close()
	var sections []*masthead.Section
	for rows.Next() {
		var s masthead.Section
		if err := rows.Scan(&s.ID, &s.Slug, &s.Name); err != nil {
			return nil, fmt.Errorf("sections: %w", err)
		}
		sections = append(sections, &s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sections: %w", err)
	}
	return sections, nil
}
