-- +goose Up

-- Times are INTEGER Unix milliseconds UTC: they sort and compare as numbers,
-- and keyset cursors need no parsing.

CREATE TABLE sections (
	id   INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);

CREATE TABLE tags (
	id   INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);

CREATE TABLE authors (
	id   INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);

CREATE TABLE sources (
	id       INTEGER PRIMARY KEY,
	slug     TEXT NOT NULL UNIQUE,
	name     TEXT NOT NULL,
	homepage TEXT NOT NULL DEFAULT ''
);

CREATE TABLE articles (
	id           INTEGER PRIMARY KEY,
	slug         TEXT NOT NULL UNIQUE,
	title        TEXT NOT NULL,
	standfirst   TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	body_html    TEXT NOT NULL DEFAULT '',
	section_id   INTEGER REFERENCES sections (id),
	author_id    INTEGER REFERENCES authors (id),
	source_id    INTEGER REFERENCES sources (id),
	source_url   TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL CHECK (status IN ('published', 'draft')),
	published_at INTEGER NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);

-- Lists put status first so that "published and due" is one index range that
-- is already in newest-first order, and counting it never touches the table.
CREATE INDEX articles_visible ON articles (status, published_at, id);
CREATE INDEX articles_section ON articles (section_id, status, published_at, id);
CREATE INDEX articles_author ON articles (author_id, status, published_at, id);
CREATE INDEX articles_source ON articles (source_id, status, published_at, id);
-- Admin lists that include drafts.
CREATE INDEX articles_published_at ON articles (published_at, id);

CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tags (id),
	position   INTEGER NOT NULL, -- keeps the order the writer gave
	PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;

CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

CREATE TABLE comments (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	parent_id  INTEGER REFERENCES comments (id) ON DELETE CASCADE, -- NULL at top level
	status     TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
	name       TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT '',
	website    TEXT NOT NULL DEFAULT '',
	ip         TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL DEFAULT '',
	spam_score REAL NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);

-- Serves both the approved count per article and the thread, oldest first.
CREATE INDEX comments_article_status ON comments (article_id, status, created_at, id);
CREATE INDEX comments_parent ON comments (parent_id);

-- One row whose version any write bumps, from any process, because triggers
-- run inside the writing transaction whoever the writer is. Readers poll it
-- to know when cached pages may be stale.
CREATE TABLE change_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO change_version (id, version) VALUES (1, 0);

-- +goose StatementBegin
CREATE TRIGGER articles_insert_version AFTER INSERT ON articles
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER articles_update_version AFTER UPDATE ON articles
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER articles_delete_version AFTER DELETE ON articles
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER article_tags_insert_version AFTER INSERT ON article_tags
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER article_tags_update_version AFTER UPDATE ON article_tags
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER article_tags_delete_version AFTER DELETE ON article_tags
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER sections_insert_version AFTER INSERT ON sections
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sections_update_version AFTER UPDATE ON sections
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sections_delete_version AFTER DELETE ON sections
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER tags_insert_version AFTER INSERT ON tags
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER tags_update_version AFTER UPDATE ON tags
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER tags_delete_version AFTER DELETE ON tags
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER authors_insert_version AFTER INSERT ON authors
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER authors_update_version AFTER UPDATE ON authors
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER authors_delete_version AFTER DELETE ON authors
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER sources_insert_version AFTER INSERT ON sources
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sources_update_version AFTER UPDATE ON sources
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER sources_delete_version AFTER DELETE ON sources
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER comments_insert_version AFTER INSERT ON comments
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_update_version AFTER UPDATE ON comments
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_delete_version AFTER DELETE ON comments
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE change_version;
DROP TABLE comments;
DROP TABLE article_tags;
DROP TABLE articles;
DROP TABLE sources;
DROP TABLE authors;
DROP TABLE tags;
DROP TABLE sections;
