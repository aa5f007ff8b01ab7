package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// articleColumns are read by scanArticle, in its order, from articles a joined
// to its section s, author au and source so.
const articleColumns = `
	a.id, a.slug, a.title, a.standfirst, a.body, a.body_html,` + articleColumnsRest

// listColumns and feedColumns read the same, but for the bodies a list does
// not show: empty, or the HTML only.
const (
	listColumns = `a.id, a.slug, a.title, a.standfirst, '', '',` + articleColumnsRest
	feedColumns = `a.id, a.slug, a.title, a.standfirst, '', a.body_html,` + articleColumnsRest
)

const articleColumnsRest = `
	s.id, s.slug, s.name,
	au.id, au.slug, au.name,
	so.id, so.slug, so.name, so.homepage, so.canonical_original,
	a.source_url, a.image_url, a.status, a.published_at, a.created_at, a.updated_at,
	a.comments_closed,
	a.comment_count,
	COALESCE(vt.views, 0),
	COALESCE(a.created_by, 0),
	im.id, im.alt, im.caption, im.credit, im.width, im.height, im.renditions`

const articleJoins = `
	LEFT JOIN sections s ON s.id = a.section_id
	LEFT JOIN authors au ON au.id = a.author_id
	LEFT JOIN sources so ON so.id = a.source_id
	LEFT JOIN article_view_totals vt ON vt.article_id = a.id
	LEFT JOIN images im ON im.id = a.image_id`

type rowScanner interface {
	Scan(dest ...any) error
}

func scanArticle(r rowScanner) (*masthead.Article, error) {
	var (
		a                                 masthead.Article
		secID, authorID, sourceID         sql.NullInt64
		secSlug, secName, auSlug, auName  sql.NullString
		srcSlug, srcName, srcHome         sql.NullString
		srcCanonical                      sql.NullBool
		status                            string
		publishedAt, createdAt, updatedAt int64
		img                               imageColumns
	)
	err := r.Scan(
		&a.ID, &a.Slug, &a.Title, &a.Standfirst, &a.Body, &a.BodyHTML,
		&secID, &secSlug, &secName,
		&authorID, &auSlug, &auName,
		&sourceID, &srcSlug, &srcName, &srcHome, &srcCanonical,
		&a.SourceURL, &a.ImageURL, &status, &publishedAt, &createdAt, &updatedAt,
		&a.CommentsClosed,
		&a.CommentCount,
		&a.Views,
		&a.CreatedBy,
		&img.id, &img.alt, &img.caption, &img.credit, &img.width, &img.height, &img.renditions,
	)
	if err != nil {
		return nil, err
	}
	if a.Image, err = img.image(); err != nil {
		return nil, err
	}
	if secID.Valid {
		a.Section = &masthead.Section{ID: secID.Int64, Slug: secSlug.String, Name: secName.String}
	}
	if authorID.Valid {
		a.Author = &masthead.Author{ID: authorID.Int64, Slug: auSlug.String, Name: auName.String}
	}
	if sourceID.Valid {
		a.Source = &masthead.Source{ID: sourceID.Int64, Slug: srcSlug.String, Name: srcName.String, Homepage: srcHome.String,
			CanonicalToOriginal: srcCanonical.Bool}
	}
	a.Status = masthead.ArticleStatus(status)
	a.PublishedAt = fromMillis(publishedAt)
	a.CreatedAt = fromMillis(createdAt)
	a.UpdatedAt = fromMillis(updatedAt)
	return &a, nil
}

// Article returns the article with the ID, or ENOTFOUND.
func (db *DB) Article(ctx context.Context, id int64) (*masthead.Article, error) {
	a, err := db.oneArticle(ctx, queryArticleByID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "article %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("article %d: %w", id, err)
	}
	return a, nil
}

// ArticleBySlug returns the article with the slug, or ENOTFOUND.
func (db *DB) ArticleBySlug(ctx context.Context, slug string) (*masthead.Article, error) {
	a, err := db.oneArticle(ctx, queryArticleBySlug, slug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "article %q not found", slug)
	} else if err != nil {
		return nil, fmt.Errorf("article %q: %w", slug, err)
	}
	return a, nil
}

func (db *DB) oneArticle(ctx context.Context, query string, arg any) (*masthead.Article, error) {
	var a *masthead.Article
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		stmt, err := db.prepared(ctx, tx, query)
		if err != nil {
			return err
		}
		if a, err = scanArticle(stmt.QueryRowContext(ctx, arg)); err != nil {
			return err
		}
		tags, err := db.prepared(ctx, tx, queryTagsOfOne)
		if err != nil {
			return err
		}
		return loadTagsWith(ctx, tags, []*masthead.Article{a})
	})
	return a, err
}

// FindArticles returns one page of the articles f selects, newest first, and
// how many it selects in all.
func (db *DB) FindArticles(ctx context.Context, f masthead.ArticleFilter) ([]*masthead.Article, int, error) {
	limit, offset := store.PageBounds(f.Limit, f.Offset)

	// Clipped so that the appends below never share an array.
	where, args := articleConditions(f)
	where, args = slices.Clip(where), slices.Clip(args)

	totalWhere, totalArgs := where, args
	if !f.VisibleAt.IsZero() {
		totalWhere = append(where, `a.published_at <= ?`)
		totalArgs = append(args, millis(f.VisibleAt))
	}
	total := `SELECT COUNT(*) FROM articles a` + whereClause(totalWhere)

	pageWhere, pageArgs := totalWhere, totalArgs
	if f.Before != nil {
		// SQLite bounds an index scan by one upper bound per column, so the
		// visibility bound is folded into the cursor: were both given, it
		// could scan from the newest article down to the cursor.
		pub, id := millis(f.Before.PublishedAt), f.Before.ID
		if !f.VisibleAt.IsZero() && pub > millis(f.VisibleAt) {
			pub, id = millis(f.VisibleAt), math.MaxInt64
		}
		pageWhere = append(where, `(a.published_at, a.id) < (?, ?)`)
		pageArgs = append(args, pub, id)
	}
	// The page is chosen by IDs alone, which the list indexes cover, so that
	// only the articles on it are read, joined and have comments counted.
	columns := listColumns
	if f.WithBody {
		columns = feedColumns
	}
	page := `SELECT ` + columns + `
		FROM (
			SELECT a.id FROM articles a` + whereClause(pageWhere) + `
			ORDER BY a.published_at DESC, a.id DESC
			LIMIT ? OFFSET ?
		) p
		JOIN articles a ON a.id = p.id ` + articleJoins + `
		ORDER BY a.published_at DESC, a.id DESC`

	var (
		articles []*masthead.Article
		n        int
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, total, totalArgs...).Scan(&n); err != nil {
			return fmt.Errorf("count: %w", err)
		}
		rows, err := tx.QueryContext(ctx, page, append(pageArgs, limit, offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			articles = append(articles, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return loadTags(ctx, tx, articles)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find articles: %w", err)
	}
	return articles, n, nil
}

// articleConditions turns the filter into SQL conditions on articles a, all
// but the bounds on publication time, which FindArticles adds. Slugs are looked up in subqueries so that each list uses its
// index on the referring ID.
func articleConditions(f masthead.ArticleFilter) (where []string, args []any) {
	if f.SectionSlug != "" {
		where = append(where, `a.section_id = (SELECT id FROM sections WHERE slug = ?)`)
		args = append(args, f.SectionSlug)
	}
	if f.AuthorSlug != "" {
		where = append(where, `a.author_id = (SELECT id FROM authors WHERE slug = ?)`)
		args = append(args, f.AuthorSlug)
	}
	if f.SourceSlug != "" {
		where = append(where, `a.source_id = (SELECT id FROM sources WHERE slug = ?)`)
		args = append(args, f.SourceSlug)
	}
	if f.TagSlug != "" {
		where = append(where, `a.id IN (
			SELECT at.article_id FROM article_tags at
			WHERE at.tag_id = (SELECT id FROM tags WHERE slug = ?))`)
		args = append(args, f.TagSlug)
	}
	if !f.VisibleAt.IsZero() {
		where = append(where, `a.status = 'published'`)
	}
	if f.CreatedBy != 0 {
		where = append(where, `a.created_by = ?`)
		args = append(args, f.CreatedBy)
	}
	if f.TitleContains != "" {
		where = append(where, `a.title LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(f.TitleContains)+"%")
	}
	if f.Status != "" {
		where = append(where, `a.status = ?`)
		args = append(args, string(f.Status))
	}
	return where, args
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return ` WHERE ` + strings.Join(conds, ` AND `)
}

// loadTags fills in the tags of all the articles with one query.
// tagsQuery selects the tags of n articles, in each article's order.
func tagsQuery(n int) string {
	return `
		SELECT at.article_id, t.id, t.slug, t.name
		FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id IN (?` + strings.Repeat(`, ?`, n-1) + `)
		ORDER BY at.article_id, at.position`
}

// loadTagsWith fills in the tags of articles with a prepared tagsQuery of
// their number.
func loadTagsWith(ctx context.Context, stmt *sql.Stmt, articles []*masthead.Article) error {
	args := make([]any, len(articles))
	for i, a := range articles {
		args[i] = a.ID
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	return scanTags(rows, articles)
}

func loadTags(ctx context.Context, tx *sql.Tx, articles []*masthead.Article) error {
	if len(articles) == 0 {
		return nil
	}
	args := make([]any, len(articles))
	for i, a := range articles {
		args[i] = a.ID
	}
	rows, err := tx.QueryContext(ctx, tagsQuery(len(args)), args...)
	if err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	return scanTags(rows, articles)
}

// scanTags reads the rows of a tagsQuery into the articles' Tags.
func scanTags(rows *sql.Rows, articles []*masthead.Article) error {
	defer rows.Close()
	byID := make(map[int64]*masthead.Article, len(articles))
	for _, a := range articles {
		byID[a.ID] = a
	}
	for rows.Next() {
		var (
			articleID int64
			t         masthead.Tag
		)
		if err := rows.Scan(&articleID, &t.ID, &t.Slug, &t.Name); err != nil {
			return fmt.Errorf("tags: %w", err)
		}
		a := byID[articleID]
		a.Tags = append(a.Tags, t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tags: %w", err)
	}
	return nil
}

// likeEscape makes text match itself in a LIKE pattern.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
