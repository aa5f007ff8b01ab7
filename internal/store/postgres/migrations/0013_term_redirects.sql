-- +goose Up

-- Old slugs of renamed and merged sections, tags, authors and sources, so
-- their old list pages answer with a permanent redirect. Renames and merges
-- write the terms' own tables too, which bump the version.
CREATE TABLE term_redirects (
	kind     TEXT NOT NULL CHECK (kind IN ('section', 'tag', 'author', 'source')),
	old_slug TEXT NOT NULL,
	new_slug TEXT NOT NULL,
	PRIMARY KEY (kind, old_slug)
);

-- +goose Down
DROP TABLE term_redirects;
