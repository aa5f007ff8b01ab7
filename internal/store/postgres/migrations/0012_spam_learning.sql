-- +goose Up

-- What moderators marked as spam teaches the spam score: the addresses of
-- recent spam, read from comments (by comments_status_created, which
-- migration 0002 made here), and the domains spam linked to, kept here as
-- comments may be deleted.
CREATE TABLE spam_domains (
	domain    TEXT PRIMARY KEY,
	hits      INTEGER NOT NULL,
	last_seen BIGINT NOT NULL
);

-- +goose Down
DROP TABLE spam_domains;
