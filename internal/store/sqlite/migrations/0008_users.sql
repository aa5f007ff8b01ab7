-- +goose Up

-- Newsroom accounts. Nothing here is on public pages: no version triggers.
CREATE TABLE users (
	id                 INTEGER PRIMARY KEY,
	email              TEXT NOT NULL UNIQUE, -- lowercased
	name               TEXT NOT NULL,
	role               TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author', 'moderator')),
	password_hash      TEXT NOT NULL,
	disabled           INTEGER NOT NULL DEFAULT 0,
	created_at         INTEGER NOT NULL,
	last_login_at      INTEGER NOT NULL DEFAULT 0,
	tokens_valid_after INTEGER NOT NULL DEFAULT 0
);

-- Sessions, as alexedwards/scs stores them: an opaque token, the encoded
-- session data and its expiry (Unix milliseconds).
CREATE TABLE sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expiry ON sessions (expiry);

-- Failed logins, by key (a hashed account, or an address), for throttling
-- that every instance shares.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
