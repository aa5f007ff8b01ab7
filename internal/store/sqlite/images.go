package sqlite

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
	renditions           sql.NullString
}

func (c imageColumns) image() (*masthead.Image, error) {
	if !c.id.Valid {
		return nil, nil
	}
	im := &masthead.Image{ID: c.id.Int64, Alt: c.alt.String, Caption: c.caption.String, Credit: c.credit.String,
		Width: int(c.width.Int64), Height: int(c.height.Int64)}
	if err := json.Unmarshal([]byte(c.renditions.String), &im.Renditions); err != nil {
		return nil, fmt.Errorf("image %d renditions: %w", im.ID, err)
	}
	return im, nil
}

// CreateImage stores an image's record.
func (db *DB) CreateImage(ctx context.Context, im *masthead.Image) error {
	if err := im.Validate(); err != nil {
		return err
	}
	rend, err := json.Marshal(im.Renditions)
	if err != nil {
		return err
	}
	if im.CreatedAt.IsZero() {
		im.CreatedAt = now()
	}
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `
			INSERT INTO images (alt, caption, credit, width, height, renditions, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			im.Alt, im.Caption, im.Credit, im.Width, im.Height, string(rend), millis(im.CreatedAt)).Scan(&im.ID)
	})
	if err != nil {
		return fmt.Errorf("create image: %w", err)
	}
	return nil
}

// Image returns an image's record.
func (db *DB) Image(ctx context.Context, id int64) (*masthead.Image, error) {
	var c imageColumns
	var created int64
	err := db.read.QueryRowContext(ctx, `
		SELECT id, alt, caption, credit, width, height, renditions, created_at FROM images WHERE id = ?`, id).
		Scan(&c.id, &c.alt, &c.caption, &c.credit, &c.width, &c.height, &c.renditions, &created)
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

// UpdateImage changes an image's texts.
func (db *DB) UpdateImage(ctx context.Context, im *masthead.Image) error {
	if err := im.Validate(); err != nil {
		return err
	}
	return db.exec(ctx, "update image", `UPDATE images SET alt = ?, caption = ?, credit = ? WHERE id = ?`,
		im.Alt, im.Caption, im.Credit, im.ID)
}
