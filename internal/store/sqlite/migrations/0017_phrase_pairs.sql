-- +goose Up

-- articles_pairs indexes each pair of neighbouring words of an article as
-- one token (see pairs.go), in the columns of articles_fts, so that a
-- phrase search starts from the articles holding its pairs rather than
-- from every article holding its words. It keeps no text of its own, and
-- is refreshed from articles_fts whenever a trigger changes that: the
-- triggers below replace 0004's, each now ending in that refresh.
CREATE VIRTUAL TABLE articles_pairs USING fts5(
	title, standfirst, body, tags, source,
	content = '', contentless_delete = 1, detail = column,
	tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);

INSERT INTO articles_pairs (rowid, title, standfirst, body, tags, source)
SELECT rowid, masthead_pairs(title), masthead_pairs(standfirst), masthead_pairs(body),
	masthead_pairs(tags), masthead_pairs(source)
FROM articles_fts;

DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_update;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER article_tags_fts_insert;
DROP TRIGGER article_tags_fts_delete;
DROP TRIGGER tags_fts_rename;
DROP TRIGGER sources_fts_rename;

-- +goose StatementBegin
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles
BEGIN
	INSERT INTO articles_fts (rowid, title, standfirst, body, tags, source)
	VALUES (NEW.id, NEW.title, NEW.standfirst, NEW.body,
		coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id
			WHERE at.article_id = NEW.id), ''),
		coalesce((SELECT so.name FROM sources so WHERE so.id = NEW.source_id), ''));
	INSERT OR REPLACE INTO articles_pairs (rowid, title, standfirst, body, tags, source)
	SELECT rowid, masthead_pairs(title), masthead_pairs(standfirst), masthead_pairs(body),
		masthead_pairs(tags), masthead_pairs(source)
	FROM articles_fts WHERE rowid = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, standfirst, body, source_id ON articles
BEGIN
	UPDATE articles_fts SET
		title = NEW.title, standfirst = NEW.standfirst, body = NEW.body,
		source = coalesce((SELECT so.name FROM sources so WHERE so.id = NEW.source_id), '')
	WHERE rowid = NEW.id;
	INSERT OR REPLACE INTO articles_pairs (rowid, title, standfirst, body, tags, source)
	SELECT rowid, masthead_pairs(title), masthead_pairs(standfirst), masthead_pairs(body),
		masthead_pairs(tags), masthead_pairs(source)
	FROM articles_fts WHERE rowid = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
BEGIN
	DELETE FROM articles_fts WHERE rowid = OLD.id;
	DELETE FROM articles_pairs WHERE rowid = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER article_tags_fts_insert AFTER INSERT ON article_tags
BEGIN
	UPDATE articles_fts SET tags = coalesce((SELECT group_concat(t.name, ' ')
		FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = NEW.article_id), '')
	WHERE rowid = NEW.article_id;
	INSERT OR REPLACE INTO articles_pairs (rowid, title, standfirst, body, tags, source)
	SELECT rowid, masthead_pairs(title), masthead_pairs(standfirst), masthead_pairs(body),
		masthead_pairs(tags), masthead_pairs(source)
	FROM articles_fts WHERE rowid = NEW.article_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER article_tags_fts_delete AFTER DELETE ON article_tags
BEGIN
	UPDATE articles_fts SET tags = coalesce((SELECT group_concat(t.name, ' ')
		FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = OLD.article_id), '')
	WHERE rowid = OLD.article_id;
	INSERT OR REPLACE INTO articles_pairs (rowid, title, standfirst, body, tags, source)
	SELECT rowid, masthead_pairs(title), masthead_pairs(standfirst), masthead_pairs(body),
		masthead_pairs(tags), masthead_pairs(source)
	FROM articles_fts WHERE rowid = OLD.article_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER tags_fts_rename AFTER UPDATE OF name ON tags
WHEN OLD.name <> NEW.name
BEGIN
	UPDATE articles_fts SET tags = coalesce((SELECT group_concat(t.name, ' ')
		FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = articles_fts.rowid), '')
	WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
	INSERT OR REPLACE INTO articles_pairs (rowid, title, standfirst, body, tags, source)
	SELECT rowid, masthead_pairs(title), masthead_pairs(standfirst), masthead_pairs(body),
		masthead_pairs(tags), masthead_pairs(source)
	FROM articles_fts WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sources_fts_rename AFTER UPDATE OF name ON sources
WHEN OLD.name <> NEW.name
BEGIN
	UPDATE articles_fts SET source = NEW.name
	WHERE rowid IN (SELECT id FROM articles WHERE source_id = NEW.id);
	INSERT OR REPLACE INTO articles_pairs (rowid, title, standfirst, body, tags, source)
	SELECT rowid, masthead_pairs(title), masthead_pairs(standfirst), masthead_pairs(body),
		masthead_pairs(tags), masthead_pairs(source)
	FROM articles_fts WHERE rowid IN (SELECT id FROM articles WHERE source_id = NEW.id);
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
DROP TABLE articles_pairs;

-- 0004's triggers, as they were.
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
