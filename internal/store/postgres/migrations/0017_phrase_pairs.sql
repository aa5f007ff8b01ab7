-- +goose Up

-- SQLite's 0017 adds an index of word pairs for its phrase searches;
-- PostgreSQL's phrase search (tsvector positions through GIN) has no such
-- need. This keeps the two schemas' versions in step.
SELECT 1;

-- +goose Down
SELECT 1;
