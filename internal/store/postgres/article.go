package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
)

// articleColumns are read by scanArticle, in its order, from articles a joined
// to its section s, author au and source so (articleJoins).
const articleColumns = `
	a.id, a.slug, a.title, a.standfirst, a.body, a.body_html,` + articleColumnsRest + `,` + tagsColumn

// listColumns and feedColumns read the same, but for the bodies a list does
// not show: empty, or the HTML only. untaggedColumns also leave the tags
// out, for the lists whose contract does not load them.
const (
	listColumns     = `a.id, a.slug, a.title, a.standfirst, '', '',` + articleColumnsRest + `,` + tagsColumn
	feedColumns     = `a.id, a.slug, a.title, a.standfirst, '', a.body_html,` + articleColumnsRest + `,` + tagsColumn
	untaggedColumns = `a.id, a.slug, a.title, a.standfirst, '', '',` + articleColumnsRest + `, NULL::json`
)

const articleColumnsRest = `
	s.id, s.slug, s.name,
	au.id, au.slug, au.name,
	so.id, so.slug, so.name, so.homepage, so.canonical_original,
	a.source_url, a.image_url, a.status, a.published_at, a.created_at, a.updated_at,
	a.comments_closed,` + commentCountColumn + `,
	COALESCE(vt.views, 0),
	COALESCE(a.created_by, 0),
	im.id, im.alt, im.caption, im.credit, im.width, im.height, im.renditions`

// commentCountColumn counts the article's approved comments as it is read.
// Keeping the count on the article's row (as SQLite does, and this store did
// before migration 0019) made every approved comment update that row and
// hold its lock through its commit, so comments on one article committed one
// at a time. The count is an index-only scan of comments_approved_article,
// which holds approved comments only, keyed by article.
const commentCountColumn = `
	(SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')`

// tagsColumn reads an article's tags, in the writer's order, as one JSON
// array, so that an article and its tags come back in one query and one
// snapshot. SQLite reads them in a second query inside a read transaction;
// here that would cost two more round trips (BEGIN and COMMIT) on every
// article page.
const tagsColumn = `
	(SELECT json_agg(json_build_object('i', t.id, 's', t.slug, 'n', t.name) ORDER BY at.position)
	FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id)`

const articleJoins = `
	LEFT JOIN sections s ON s.id = a.section_id
	LEFT JOIN authors au ON au.id = a.author_id
	LEFT JOIN sources so ON so.id = a.source_id
	LEFT JOIN article_view_totals vt ON vt.article_id = a.id
	LEFT JOIN images im ON im.id = a.image_id`

// tagJSON is one element of tagsColumn.
type tagJSON struct {
	ID   int64  `json:"i"`
	Slug string `json:"s"`
	Name string `json:"n"`
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
		tags                              []byte
		img                               imageColumns
	)
	dest := []any{
		&a.ID, &a.Slug, &a.Title, &a.Standfirst, &a.Body, &a.BodyHTML,
		&secID, &secSlug, &secName,
		&authorID, &auSlug, &auName,
		&sourceID, &srcSlug, &srcName, &srcHome, &srcCanonical,
		&a.SourceURL, &a.ImageURL, &status, &publishedAt, &createdAt, &updatedAt,
		&a.CommentsClosed,
		&a.CommentCount,
		&a.Views,
		&a.CreatedBy,
	}
	dest = append(dest, img.dest()...)
	if err := r.Scan(append(dest, &tags)...); err != nil {
		return nil, err
	}
	var err error
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
	if tags != nil {
		var list []tagJSON
		if err := json.Unmarshal(tags, &list); err != nil {
			return nil, fmt.Errorf("tags of article %d: %w", a.ID, err)
		}
		a.Tags = make([]masthead.Tag, len(list))
		for i, t := range list {
			a.Tags[i] = masthead.Tag{ID: t.ID, Slug: t.Slug, Name: t.Name}
		}
	}
	return &a, nil
}

// scanArticles reads every row, closing rows.
func scanArticles(rows *sql.Rows) ([]*masthead.Article, error) {
	defer rows.Close()
	var articles []*masthead.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		articles = append(articles, a)
	}
	return articles, rows.Err()
}

// Article returns the article with the ID, or ENOTFOUND.
func (db *DB) Article(ctx context.Context, id int64) (*masthead.Article, error) {
	row := db.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles a `+articleJoins+` WHERE a.id = $1`, id)
	a, err := scanArticle(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "article %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("article %d: %w", id, err)
	}
	return a, nil
}

// ArticleBySlug returns the article with the slug, or ENOTFOUND.
func (db *DB) ArticleBySlug(ctx context.Context, slug string) (*masthead.Article, error) {
	row := db.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles a `+articleJoins+` WHERE a.slug = $1`, slug)
	a, err := scanArticle(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "article %q not found", slug)
	} else if err != nil {
		return nil, fmt.Errorf("article %q: %w", slug, err)
	}
	return a, nil
}

// FindArticles returns one page of the articles f selects, newest first, and
// how many it selects in all.
func (db *DB) FindArticles(ctx context.Context, f masthead.ArticleFilter) ([]*masthead.Article, int, error) {
	limit, offset := store.PageBounds(f.Limit, f.Offset)

	var totalArgs args
	totalWhere := articleConditions(&totalArgs, f)
	if !f.VisibleAt.IsZero() {
		totalWhere = append(totalWhere, `a.published_at <= `+totalArgs.add(millis(f.VisibleAt)))
	}
	total := `SELECT COUNT(*) FROM articles a` + whereClause(totalWhere)

	var pageArgs args
	pageWhere := articleConditions(&pageArgs, f)
	if f.Before != nil {
		// The visibility bound is folded into the cursor, as in SQLite, so
		// that the index scan has one upper bound.
		pub, id := millis(f.Before.PublishedAt), f.Before.ID
		if !f.VisibleAt.IsZero() && pub > millis(f.VisibleAt) {
			pub, id = millis(f.VisibleAt), math.MaxInt64
		}
		pageWhere = append(pageWhere, `(a.published_at, a.id) < (`+pageArgs.add(pub)+`, `+pageArgs.add(id)+`)`)
	} else if !f.VisibleAt.IsZero() {
		pageWhere = append(pageWhere, `a.published_at <= `+pageArgs.add(millis(f.VisibleAt)))
	}
	columns := listColumns
	if f.WithBody {
		columns = feedColumns
	}
	// The page is chosen by IDs alone, which the list indexes cover, so that
	// only the articles on it are read and joined.
	page := `SELECT ` + columns + `
		FROM (
			SELECT a.id FROM articles a` + whereClause(pageWhere) + `
			ORDER BY a.published_at DESC, a.id DESC
			LIMIT ` + pageArgs.add(limit) + ` OFFSET ` + pageArgs.add(offset) + `
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
		rows, err := tx.QueryContext(ctx, page, pageArgs...)
		if err != nil {
			return err
		}
		articles, err = scanArticles(rows)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find articles: %w", err)
	}
	return articles, n, nil
}

// articleConditions turns the filter into SQL conditions on articles a, all
// but the bounds on publication time, adding their arguments to a. Slugs are
// looked up in subqueries so that each list uses its index on the referring
// ID; a slug that names nothing gives NULL, which matches nothing.
func articleConditions(a *args, f masthead.ArticleFilter) []string {
	var where []string
	if f.SectionSlug != "" {
		where = append(where, `a.section_id = (SELECT id FROM sections WHERE slug = `+a.add(f.SectionSlug)+`)`)
	}
	if f.AuthorSlug != "" {
		where = append(where, `a.author_id = (SELECT id FROM authors WHERE slug = `+a.add(f.AuthorSlug)+`)`)
	}
	if f.SourceSlug != "" {
		where = append(where, `a.source_id = (SELECT id FROM sources WHERE slug = `+a.add(f.SourceSlug)+`)`)
	}
	if f.TagSlug != "" {
		where = append(where, `a.id IN (
			SELECT at.article_id FROM article_tags at
			WHERE at.tag_id = (SELECT id FROM tags WHERE slug = `+a.add(f.TagSlug)+`))`)
	}
	if !f.VisibleAt.IsZero() {
		where = append(where, `a.status = 'published'`)
	}
	if f.CreatedBy != 0 {
		where = append(where, `a.created_by = `+a.add(f.CreatedBy))
	}
	if f.TitleContains != "" {
		// strpos rather than LIKE: the reader's text needs no escaping.
		where = append(where, `strpos(lower(a.title), lower(`+a.add(f.TitleContains)+`)) > 0`)
	}
	if f.Status != "" {
		where = append(where, `a.status = `+a.add(string(f.Status)))
	}
	return where
}

// listByQuery runs a query selecting one of the column lists above and
// scans the articles.
func (db *DB) listByQuery(ctx context.Context, query string, args ...any) ([]*masthead.Article, error) {
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanArticles(rows)
}
