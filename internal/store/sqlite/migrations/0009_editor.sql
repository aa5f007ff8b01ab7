-- +goose Up

-- Who created an article in the newsroom (authors edit their own).
ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users (id);
CREATE INDEX articles_created_by ON articles (created_by, published_at);

-- Every save of an article, kept so that any earlier version can be seen
-- and brought back. data is the article's editable fields as JSON. Not on
-- public pages: no version triggers.
CREATE TABLE article_revisions (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	user_id    INTEGER REFERENCES users (id),
	saved_at   INTEGER NOT NULL,
	data       TEXT NOT NULL
);
CREATE INDEX article_revisions_article ON article_revisions (article_id, id);

-- +goose Down
DROP TABLE article_revisions;
DROP INDEX articles_created_by;
ALTER TABLE articles DROP COLUMN created_by;
