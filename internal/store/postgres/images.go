package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/masthead-news/masthead"
)

// imageColumns scans an article's LEFT JOINed image, which may be absent.
type imageColumns struct {
	id                   sql.NullInt64
	alt, caption, credit sql.NullString
	width, height        sql.NullInt64
	renditions           []byte
}

func (c *imageColumns) dest() []any {
	return []any{&c.id, &c.alt, &c.caption, &c.credit, &c.width, &c.height, &c.renditions}
}

func (c *imageColumns) image() (*masthead.Image, error) {
	if !c.id.Valid {
		return nil, nil
	}
	im := &masthead.Image{ID: c.id.Int64, Alt: c.alt.String, Caption: c.caption.String, Credit: c.credit.String,
		Width: int(c.width.Int64), Height: int(c.height.Int64)}
	if err := json.Unmarshal(c.renditions, &im.Renditions); err != nil {
		return nil, fmt.Errorf("image %d renditions: %w", im.ID, err)
	}
	return im, nil
}

// CreateImage stores an image's record and fills in its ID, and its
// CreatedAt when zero.
func (db *DB) CreateImage(ctx context.Context, im *masthead.Image) error {
	if err := im.Validate(); err != nil {
		return err
	}
	rend, err := json.Marshal(im.Renditions)
	if err != nil {
		return fmt.Errorf("create image: %w", err)
	}
	createdAt := im.CreatedAt
	if createdAt.IsZero() {
		createdAt = now()
	}
	var id int64
	err = db.db.QueryRowContext(ctx, `
		INSERT INTO images (alt, caption, credit, width, height, renditions, created_at)
		VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING id`,
		im.Alt, im.Caption, im.Credit, im.Width, im.Height, string(rend), millis(createdAt)).Scan(&id)
	if err != nil {
		return fmt.Errorf("create image: %w", err)
	}
	im.ID, im.CreatedAt = id, fromMillis(millis(createdAt))
	return nil
}

// Image returns an image's record, or ENOTFOUND.
func (db *DB) Image(ctx context.Context, id int64) (*masthead.Image, error) {
	var (
		c       imageColumns
		created int64
	)
	err := db.db.QueryRowContext(ctx, `
		SELECT id, alt, caption, credit, width, height, renditions, created_at FROM images WHERE id = $1`, id).
		Scan(append(c.dest(), &created)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, masthead.Errorf(masthead.ENOTFOUND, "no image %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("image %d: %w", id, err)
	}
	im, err := c.image()
	if err != nil {
		return nil, err
	}
	im.CreatedAt = fromMillis(created)
	return im, nil
}

// UpdateImage changes an image's texts, which pages show: triggers change
// ChangeVersion. An unknown ID changes nothing, as in SQLite.
func (db *DB) UpdateImage(ctx context.Context, im *masthead.Image) error {
	if err := im.Validate(); err != nil {
		return err
	}
	return db.exec(ctx, fmt.Sprintf("update image %d", im.ID),
		`UPDATE images SET alt = $1, caption = $2, credit = $3 WHERE id = $4`,
		im.Alt, im.Caption, im.Credit, im.ID)
}

// imageID is the article's lead image ID for its column, NULL for none.
func imageID(a *masthead.Article) sql.NullInt64 {
	if a.Image == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: a.Image.ID, Valid: true}
}
