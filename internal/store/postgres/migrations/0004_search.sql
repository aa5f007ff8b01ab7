-- +goose Up

-- Full-text search. article_search keeps each article's searchable text as
-- one weighted tsvector: title (A), standfirst (B), its tag names and its
-- source's name (C), and body, as Markdown (D). Triggers keep it in step
-- with articles, article_tags, and renames of tags and sources, in the
-- writing transaction, whichever process writes. Drafts and scheduled
-- articles are indexed too; searches filter them out at query time, so an
-- article appears the moment it is due without any write.

-- The text search configuration "masthead" is 'simple' (no stemming, no stop
-- words: news is written in many languages, like SQLite's unicode61) with
-- diacritics folded by the unaccent dictionary, so that "Zurich" finds
-- "Zürich" and ts_headline marks it. unaccent is a trusted extension (a
-- database owner may create it), but it may be missing from the server or
-- the role may lack the right: then search works without folding diacritics,
-- and a warning says so.
-- +goose StatementBegin
DO $$
DECLARE
	schema_name TEXT;
BEGIN
	BEGIN
		CREATE EXTENSION IF NOT EXISTS unaccent;
	EXCEPTION WHEN OTHERS THEN
		RAISE WARNING 'masthead: extension unaccent unavailable (%); search will not fold diacritics', SQLERRM;
	END;
	CREATE TEXT SEARCH CONFIGURATION masthead (COPY = pg_catalog.simple);
	SELECT n.nspname INTO schema_name
	FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
	WHERE e.extname = 'unaccent';
	IF FOUND THEN
		EXECUTE format(
			'ALTER TEXT SEARCH CONFIGURATION masthead
			ALTER MAPPING FOR word, hword, hword_part, numword, numhword WITH %I.unaccent, pg_catalog.simple',
			schema_name);
	END IF;
END
$$;
-- +goose StatementEnd

-- masthead_plain turns punctuation into spaces before the text search parser
-- sees the text. The parser would otherwise keep "example.com", "e-mail" or
-- "a/b" as tokens of their own, read "covid-19" as "covid" and the number
-- -19, and drop "<b>" as a tag; SQLite's tokenizer, and the Go code that
-- cuts a reader's query into words, split all of these into words, and
-- documents must be cut the same way for the query's words to match. The
-- class is every ASCII punctuation character, by code ranges, and the common
-- Unicode quotes and dashes, because a database in the C locale takes every
-- non-ASCII character for a letter. (A regular expression, compiled once,
-- costs a twentieth of translate(), which scans its list of characters for
-- each character of the text.) One expression, so that the planner inlines it.
-- +goose StatementBegin
CREATE FUNCTION masthead_plain(t TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT regexp_replace(t, '[!-/:-@[-`{-~‘’‚‛“”„‟–—―…«»‹›·•′″]', ' ', 'g')
$$;
-- +goose StatementEnd

CREATE TABLE article_search (
	article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	document   TSVECTOR NOT NULL,
	-- The transaction that last wrote the row: see masthead_index_article.
	indexed_in XID8 NOT NULL
);
CREATE INDEX article_search_document ON article_search USING gin (document);

-- masthead_index_article writes one article's document. The triggers that
-- call it are deferred to commit (after the version bump, see 0001), once
-- per changed row: saving an article with five tags would otherwise parse
-- its body seven times. The first call of a transaction already sees the
-- article as it will be committed, so later calls for the same article in
-- the same transaction return at once.
-- +goose StatementBegin
CREATE FUNCTION masthead_index_article(target BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	doc TSVECTOR;
BEGIN
	IF EXISTS (SELECT 1 FROM article_search
			WHERE article_id = target AND indexed_in = pg_current_xact_id()) THEN
		RETURN;
	END IF;
	SELECT
		setweight(to_tsvector('masthead', masthead_plain(a.title)), 'A') ||
		setweight(to_tsvector('masthead', masthead_plain(a.standfirst)), 'B') ||
		setweight(to_tsvector('masthead', masthead_plain(
			coalesce((SELECT string_agg(t.name, ' ' ORDER BY at.position)
				FROM article_tags at JOIN tags t ON t.id = at.tag_id
				WHERE at.article_id = a.id), '') || ' ' ||
			coalesce((SELECT so.name FROM sources so WHERE so.id = a.source_id), ''))), 'C') ||
		setweight(to_tsvector('masthead', masthead_plain(a.body)), 'D')
	INTO doc
	FROM articles a WHERE a.id = target;
	IF NOT FOUND THEN -- deleted later in the transaction
		RETURN;
	END IF;
	INSERT INTO article_search (article_id, document, indexed_in)
	VALUES (target, doc, pg_current_xact_id())
	ON CONFLICT (article_id) DO UPDATE
	SET document = EXCLUDED.document, indexed_in = EXCLUDED.indexed_in;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION masthead_index_article_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM masthead_index_article(NEW.id);
	RETURN NULL;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION masthead_index_article_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM masthead_index_article(OLD.article_id);
	ELSE
		PERFORM masthead_index_article(NEW.article_id);
	END IF;
	RETURN NULL;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION masthead_index_tag_articles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM masthead_index_article(at.article_id) FROM article_tags at WHERE at.tag_id = NEW.id;
	RETURN NULL;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION masthead_index_source_articles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM masthead_index_article(a.id) FROM articles a WHERE a.source_id = NEW.id;
	RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Only the searchable columns, and only when they change: comment counts and
-- re-saves of the same text are far more frequent than edits.
CREATE CONSTRAINT TRIGGER articles_search_index
	AFTER INSERT ON articles
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	EXECUTE FUNCTION masthead_index_article_row();
CREATE CONSTRAINT TRIGGER articles_search_reindex
	AFTER UPDATE OF title, standfirst, body, source_id ON articles
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN ((OLD.title, OLD.standfirst, OLD.body, OLD.source_id)
		IS DISTINCT FROM (NEW.title, NEW.standfirst, NEW.body, NEW.source_id))
	EXECUTE FUNCTION masthead_index_article_row();
CREATE CONSTRAINT TRIGGER article_tags_search_index
	AFTER INSERT OR DELETE ON article_tags
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	EXECUTE FUNCTION masthead_index_article_tags();
-- Saving an article upserts its tags and source by slug; only a real rename
-- touches the index.
CREATE CONSTRAINT TRIGGER tags_search_index
	AFTER UPDATE OF name ON tags
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (OLD.name <> NEW.name)
	EXECUTE FUNCTION masthead_index_tag_articles();
CREATE CONSTRAINT TRIGGER sources_search_index
	AFTER UPDATE OF name ON sources
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (OLD.name <> NEW.name)
	EXECUTE FUNCTION masthead_index_source_articles();

SELECT masthead_index_article(id) FROM articles;

-- +goose Down
DROP TRIGGER sources_search_index ON sources;
DROP TRIGGER tags_search_index ON tags;
DROP TRIGGER article_tags_search_index ON article_tags;
DROP TRIGGER articles_search_reindex ON articles;
DROP TRIGGER articles_search_index ON articles;
DROP FUNCTION masthead_index_source_articles();
DROP FUNCTION masthead_index_tag_articles();
DROP FUNCTION masthead_index_article_tags();
DROP FUNCTION masthead_index_article_row();
DROP FUNCTION masthead_index_article(BIGINT);
DROP TABLE article_search;
DROP FUNCTION masthead_plain(TEXT);
DROP TEXT SEARCH CONFIGURATION masthead;
-- The unaccent extension stays: other schemas of the database may use it.
