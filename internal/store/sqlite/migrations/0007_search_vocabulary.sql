-- +goose Up

-- The words of the search index and how many articles have each, read to
-- suggest a spelling when a search finds nothing.
CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab(articles_fts, 'row');

-- +goose Down
DROP TABLE articles_fts_vocab;
