-- +goose Up

-- Uploaded lead images. The files live in the media directory, one folder
-- an image; renditions lists them as JSON.
CREATE TABLE images (
	id         INTEGER PRIMARY KEY,
	alt        TEXT NOT NULL,
	caption    TEXT NOT NULL DEFAULT '',
	credit     TEXT NOT NULL DEFAULT '',
	width      INTEGER NOT NULL,
	height     INTEGER NOT NULL,
	renditions TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

ALTER TABLE articles ADD COLUMN image_id INTEGER REFERENCES images (id) ON DELETE SET NULL;

-- An image's texts are on public pages.
-- +goose StatementBegin
CREATE TRIGGER images_update_version AFTER UPDATE ON images
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER images_update_version;
ALTER TABLE articles DROP COLUMN image_id;
DROP TABLE images;
