-- +goose Up

-- A search checks each candidate the full-text index finds against the
-- articles table: visible, and in the section or source asked for. The
-- rows carry the bodies before those columns, so reading them from the row
-- walked its overflow pages: some 500 of those a search. This index, keyed
-- by id, answers the check without touching the rows.
CREATE INDEX articles_search ON articles (id, status, published_at, section_id, source_id);

-- +goose Down
DROP INDEX articles_search;
