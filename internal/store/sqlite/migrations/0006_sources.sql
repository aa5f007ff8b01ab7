-- +goose Up

-- Republishing: the outlets Masthead follows, their feeds, and what was
-- imported from them.

-- A lead image given by link (an imported item's og:image); shown in
-- metadata, never hot-loaded by readers' browsers.
ALTER TABLE articles ADD COLUMN image_url TEXT NOT NULL DEFAULT '';
-- Search engines ask syndicated copies to name the original as canonical.
ALTER TABLE sources ADD COLUMN canonical_original INTEGER NOT NULL DEFAULT 0;

-- How a source is followed; one row per followed source. Lists are kept as
-- newline-separated text: no entry may contain a newline.
CREATE TABLE source_configs (
	source_id        INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
	interval_seconds INTEGER NOT NULL,
	mode             TEXT NOT NULL CHECK (mode IN ('review', 'publish')),
	section          TEXT NOT NULL DEFAULT '',
	tags             TEXT NOT NULL DEFAULT '',
	include_words    TEXT NOT NULL DEFAULT '',
	exclude_words    TEXT NOT NULL DEFAULT '',
	full_text        INTEGER NOT NULL DEFAULT 1,
	selector         TEXT NOT NULL DEFAULT ''
);

-- Feeds and their polling state. No triggers bump change_version here:
-- polling state changes no public page.
CREATE TABLE source_feeds (
	id            INTEGER PRIMARY KEY,
	source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	url           TEXT NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_polled   INTEGER NOT NULL DEFAULT 0,
	next_poll     INTEGER NOT NULL DEFAULT 0,
	failures      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	last_error_at INTEGER NOT NULL DEFAULT 0,
	imported      INTEGER NOT NULL DEFAULT 0,
	UNIQUE (source_id, url)
);

-- Every item URL (normalised) ever imported, as an article or as a report
-- on another article, so that no item is imported twice.
CREATE TABLE imported_items (
	url        TEXT PRIMARY KEY,
	article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- 64-bit fingerprints of imported texts, with each of their eight bytes in
-- its own indexed column: two fingerprints within 7 bits of each other
-- share a byte at the same position, so the candidates for a near-duplicate
-- are eight index look-ups.
CREATE TABLE article_fingerprints (
	article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	fingerprint INTEGER NOT NULL,
	b0 INTEGER NOT NULL, b1 INTEGER NOT NULL, b2 INTEGER NOT NULL, b3 INTEGER NOT NULL,
	b4 INTEGER NOT NULL, b5 INTEGER NOT NULL, b6 INTEGER NOT NULL, b7 INTEGER NOT NULL
);
CREATE INDEX article_fingerprints_b0 ON article_fingerprints (b0);
CREATE INDEX article_fingerprints_b1 ON article_fingerprints (b1);
CREATE INDEX article_fingerprints_b2 ON article_fingerprints (b2);
CREATE INDEX article_fingerprints_b3 ON article_fingerprints (b3);
CREATE INDEX article_fingerprints_b4 ON article_fingerprints (b4);
CREATE INDEX article_fingerprints_b5 ON article_fingerprints (b5);
CREATE INDEX article_fingerprints_b6 ON article_fingerprints (b6);
CREATE INDEX article_fingerprints_b7 ON article_fingerprints (b7);

-- Other outlets' copies of a story: "Also reported by".
CREATE TABLE article_reports (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	source_id  INTEGER NOT NULL REFERENCES sources (id),
	url        TEXT NOT NULL,
	title      TEXT NOT NULL,
	seen_at    INTEGER NOT NULL
);
CREATE INDEX article_reports_article ON article_reports (article_id, seen_at);

-- +goose StatementBegin
CREATE TRIGGER article_reports_insert_version AFTER INSERT ON article_reports
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER article_reports_delete_version AFTER DELETE ON article_reports
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE article_reports;
DROP TABLE article_fingerprints;
DROP TABLE imported_items;
DROP TABLE source_feeds;
DROP TABLE source_configs;
ALTER TABLE sources DROP COLUMN canonical_original;
ALTER TABLE articles DROP COLUMN image_url;
