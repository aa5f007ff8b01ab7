-- +goose Up

-- The comment rate limits count recent comments in the database, so that
-- every instance sharing it enforces them together. rate_key is the address
-- a comment counts against (an IPv6 address by its /64), as the comment
-- service keys it. Comments from before have none and count for no address,
-- which matters for a minute at most: only the last minute is counted.
ALTER TABLE comments ADD COLUMN rate_key TEXT NOT NULL DEFAULT '';

-- CountRecentComments by address; by article it uses comments_article_created.
CREATE INDEX comments_rate_key_created ON comments (rate_key, created_at);

-- +goose Down
DROP INDEX comments_rate_key_created;
ALTER TABLE comments DROP COLUMN rate_key;
