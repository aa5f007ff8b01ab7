-- +goose Up

-- Full-text search. articles_fts keeps a copy of each article's searchable
-- text under the article's ID as rowid: title, standfirst, body (Markdown),
-- its tag names joined by spaces and its source's name. Triggers keep it in
-- step with articles, article_tags, and renames of tags and sources, in the
-- writing transaction, whichever process writes. Drafts and scheduled
-- articles are indexed too; searches filter them out at query time, so an
-- article appears the moment it is due without any write.
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, standfirst, body, tags, source,
	tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO articles_fts (rowid, title, standfirst, body, tags, source)
SELECT a.id, a.title, a.standfirst, a.body,
	coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id = a.id), ''),
	coalesce((SELECT so.name FROM sources so WHERE so.id = a.source_id), '')
FROM articles a;

-- +goose StatementBegin
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles
BEGIN
	INSERT INTO articles_fts (rowid, title, standfirst, body, tags, source)
	VALUES (NEW.id, NEW.title, NEW.standfirst, NEW.body,
		coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id
			WHERE at.article_id = NEW.id), ''),
		coalesce((SELECT so.name FROM sources so WHERE so.id = NEW.source_id), ''));
END;
-- +goose StatementEnd
-- Only the searchable columns: comment counts change far more often.
-- +goose StatementBegin
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, standfirst, body, source_id ON articles
BEGIN
	UPDATE articles_fts SET
		title = NEW.title, standfirst = NEW.standfirst, body = NEW.body,
		source = coalesce((SELECT so.name FROM sources so WHERE so.id = NEW.source_id), '')
	WHERE rowid = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
BEGIN DELETE FROM articles_fts WHERE rowid = OLD.id; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER article_tags_fts_insert AFTER INSERT ON article_tags
BEGIN
	UPDATE articles_fts SET tags = coalesce((SELECT group_concat(t.name, ' ')
		FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = NEW.article_id), '')
	WHERE rowid = NEW.article_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER article_tags_fts_delete AFTER DELETE ON article_tags
BEGIN
	UPDATE articles_fts SET tags = coalesce((SELECT group_concat(t.name, ' ')
		FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = OLD.article_id), '')
	WHERE rowid = OLD.article_id;
END;
-- +goose StatementEnd

-- Saving an article upserts its tags and source by slug, which rewrites the
-- name even when it is unchanged; only a real rename touches the index.
-- +goose StatementBegin
CREATE TRIGGER tags_fts_rename AFTER UPDATE OF name ON tags
WHEN OLD.name <> NEW.name
BEGIN
	UPDATE articles_fts SET tags = coalesce((SELECT group_concat(t.name, ' ')
		FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = articles_fts.rowid), '')
	WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sources_fts_rename AFTER UPDATE OF name ON sources
WHEN OLD.name <> NEW.name
BEGIN
	UPDATE articles_fts SET source = NEW.name
	WHERE rowid IN (SELECT id FROM articles WHERE source_id = NEW.id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER sources_fts_rename;
DROP TRIGGER tags_fts_rename;
DROP TRIGGER article_tags_fts_delete;
DROP TRIGGER article_tags_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TRIGGER articles_fts_insert;
DROP TABLE articles_fts;
