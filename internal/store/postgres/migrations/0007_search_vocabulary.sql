-- +goose Up

-- The words of the search index, read to suggest a spelling when a search
-- finds nothing. SQLite reads them from its index (fts5vocab); a tsvector
-- index has no such view, and ts_stat would read every document on every
-- suggestion. So the words are kept in a table of their own, added to by a
-- trigger as documents gain them and never removed: a word no article has
-- any more is harmless, as a suggestion is made only when it finds visible
-- articles. Byte order ("C") lets one index range read the words that start
-- with a given letter.
CREATE TABLE search_words (
	word TEXT COLLATE "C" PRIMARY KEY
);

-- Only the words a document gains are looked up, in sorted order. Documents
-- are written at commit, after the version row is locked (see 0001 and
-- 0004), so a transaction waiting for another's new word never holds
-- anything that one needs: no deadlock.
-- +goose StatementBegin
CREATE FUNCTION masthead_add_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	had TEXT[] := '{}';
BEGIN
	IF TG_OP = 'UPDATE' THEN
		had := tsvector_to_array(OLD.document);
	END IF;
	INSERT INTO search_words (word)
	SELECT w FROM unnest(tsvector_to_array(NEW.document)) AS w
	WHERE NOT (w = ANY (had))
	ORDER BY w
	ON CONFLICT (word) DO NOTHING;
	RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER article_search_words
	AFTER INSERT OR UPDATE OF document ON article_search
	FOR EACH ROW EXECUTE FUNCTION masthead_add_search_words();

INSERT INTO search_words (word)
SELECT DISTINCT unnest(tsvector_to_array(document)) FROM article_search
ON CONFLICT (word) DO NOTHING;

-- +goose Down
DROP TRIGGER article_search_words ON article_search;
DROP FUNCTION masthead_add_search_words();
DROP TABLE search_words;
