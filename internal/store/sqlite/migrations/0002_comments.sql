-- +goose Up

-- Closed by hand only: saving an article again leaves it as it is, so that
-- re-importing an article file never reopens comments a moderator closed.
ALTER TABLE articles ADD COLUMN comments_closed INTEGER NOT NULL DEFAULT 0;

-- The site's settings, as text under dotted keys. Pages depend on them (the
-- comment form follows the moderation rules), so writes bump the version.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER settings_insert_version AFTER INSERT ON settings
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER settings_update_version AFTER UPDATE ON settings
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER settings_delete_version AFTER DELETE ON settings
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- Admin API tokens, by the SHA-256 hash of their secret; the secret itself is
-- never stored. Readers see none of this, so it has no version triggers.
CREATE TABLE tokens (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL DEFAULT '',
	hash       BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

-- Only comments that are or were approved are on public pages. A pending
-- comment, or one moved between pending, spam and trash, changes nothing a
-- reader sees, so a flood of comments awaiting moderation must not empty the
-- page cache each time.
DROP TRIGGER comments_insert_version;
DROP TRIGGER comments_update_version;
DROP TRIGGER comments_delete_version;

-- +goose StatementBegin
CREATE TRIGGER comments_insert_version AFTER INSERT ON comments
WHEN NEW.status = 'approved'
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_update_version AFTER UPDATE ON comments
WHEN OLD.status = 'approved' OR NEW.status = 'approved'
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_delete_version AFTER DELETE ON comments
WHEN OLD.status = 'approved'
BEGIN UPDATE change_version SET version = version + 1 WHERE id = 1; END;
-- +goose StatementEnd

-- Moderation lists, newest first: by status (the queue), by article, and
-- all. A list by article and status uses comments_article_status.
CREATE INDEX comments_status_created ON comments (status, created_at, id);
CREATE INDEX comments_article_created ON comments (article_id, created_at, id);
CREATE INDEX comments_created ON comments (created_at, id);

-- HasApprovedComment: approved comments by email, compared case-insensitively
-- (NOCASE folds ASCII letters), with the name in the index so that the
-- look-up never reads the table.
CREATE INDEX comments_approved_email ON comments (email COLLATE NOCASE, name)
WHERE status = 'approved';

-- HasDuplicateComment: an article's comments by the same email.
CREATE INDEX comments_article_email ON comments (article_id, email);

-- +goose Down
DROP INDEX comments_article_email;
DROP INDEX comments_approved_email;
DROP INDEX comments_created;
DROP INDEX comments_article_created;
DROP INDEX comments_status_created;

DROP TRIGGER comments_insert_version;
DROP TRIGGER comments_update_version;
DROP TRIGGER comments_delete_version;

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

DROP TABLE tokens;
DROP TABLE settings; -- drops its triggers too
ALTER TABLE articles DROP COLUMN comments_closed;
