-- +goose Up

-- An API token acts for a newsroom account, with its role. Tokens made
-- before this (user_id NULL) act as an admin, as they did.
ALTER TABLE tokens ADD COLUMN user_id BIGINT REFERENCES users (id) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE tokens DROP COLUMN user_id;
