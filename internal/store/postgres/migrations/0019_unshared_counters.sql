-- +goose Up

-- Two counters were rows that every approved comment wrote: its article's
-- comment_count (0003) and the one change_version row (0001). A row lock is
-- held until the transaction ends, which includes its commit's WAL flush,
-- so comments on one article, and at commit every write readers can see,
-- went one at a time, each waiting for the flush of the one before (about
-- 150 approved comments a second on the cluster benchmark). Neither counter
-- is a row any more.

-- The approved count is counted when articles are read, from this index:
-- one entry per approved comment, keyed by the article alone, which
-- PostgreSQL stores as one list of row pointers per article (B-tree
-- deduplication), so a count reads a few pages and no rows (an index-only
-- scan). comments_article_status would serve too, but its entries carry the
-- status, time and ID: several times the pages for the same count. The
-- comment post itself now writes no row but its own.
DROP TRIGGER comments_count_delete ON comments;
DROP TRIGGER comments_count_update ON comments;
DROP TRIGGER comments_count_insert ON comments;
DROP FUNCTION masthead_count_comment();
ALTER TABLE articles DROP COLUMN comment_count;

CREATE INDEX comments_approved_article ON comments (article_id) WHERE status = 'approved';

-- The change version is a sequence. nextval never waits for another
-- transaction: the sequence is not transactional, so the new value is
-- visible to everyone at once and stays taken if the transaction rolls
-- back (a version that moves with nothing changed only drops caches once
-- more). Because it is visible before the writer commits, ChangeVersion
-- (change.go) waits for the transactions that may have taken a version up
-- to the one it read to end before returning it; every nextval holds a lock
-- on the sequence until its transaction ends, and those locks are how it
-- finds them. It starts where the row was, so that a version seen before the
-- migration is not seen again for a different state.
CREATE SEQUENCE masthead_change_version AS BIGINT MINVALUE 0;
SELECT setval('masthead_change_version', version) FROM change_version WHERE id = 1;
DROP TABLE change_version;

-- The triggers stay deferred to commit: the version is taken as late as it
-- can be, so that a poll seeing it waits for as short a time as it can.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION masthead_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('masthead.version_bumped', true) = 'on' THEN
		RETURN NULL;
	END IF;
	PERFORM set_config('masthead.version_bumped', 'on', true);
	PERFORM pg_notify('masthead_changes', nextval('masthead_change_version')::text);
	RETURN NULL;
END
$$;
-- +goose StatementEnd

-- The version row also kept the search index's writers apart: they ran at
-- commit after locking it, which is what keeps search_words free of
-- deadlocks (see 0007: a transaction re-indexing several articles adds
-- several sorted runs of words, and two such could each wait for a word the
-- other added). A transaction-level advisory lock (the bytes of "mhsearch")
-- does that now, for the transactions that write search documents (saving
-- articles, renaming tags and sources) and no others. It is taken at the same
-- point as the row was, in a trigger deferred to commit, after every row
-- lock the transaction's statements took.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION masthead_index_article(target BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	doc TSVECTOR;
BEGIN
	PERFORM pg_advisory_xact_lock(7883678026975830888);
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

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION masthead_index_article(target BIGINT) RETURNS void LANGUAGE plpgsql AS $$
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

CREATE TABLE change_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version BIGINT NOT NULL
);
INSERT INTO change_version (id, version) SELECT 1, last_value FROM masthead_change_version;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION masthead_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	v BIGINT;
BEGIN
	IF current_setting('masthead.version_bumped', true) = 'on' THEN
		RETURN NULL;
	END IF;
	PERFORM set_config('masthead.version_bumped', 'on', true);
	UPDATE change_version SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
	PERFORM pg_notify('masthead_changes', v::text);
	RETURN NULL;
END
$$;
-- +goose StatementEnd

DROP SEQUENCE masthead_change_version;

DROP INDEX comments_approved_article;

-- The column comes back at the end of the row rather than where 0003 put
-- it; every query names its columns.
ALTER TABLE articles ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET comment_count = (
	SELECT COUNT(*) FROM comments c WHERE c.article_id = articles.id AND c.status = 'approved'
);

-- +goose StatementBegin
CREATE FUNCTION masthead_count_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE articles SET comment_count = comment_count + 1 WHERE id = NEW.article_id;
	ELSIF TG_OP = 'DELETE' THEN
		UPDATE articles SET comment_count = comment_count - 1 WHERE id = OLD.article_id;
	ELSIF NEW.status = 'approved' THEN
		UPDATE articles SET comment_count = comment_count + 1 WHERE id = NEW.article_id;
	ELSE
		UPDATE articles SET comment_count = comment_count - 1 WHERE id = NEW.article_id;
	END IF;
	RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER comments_count_insert AFTER INSERT ON comments
	FOR EACH ROW WHEN (NEW.status = 'approved')
	EXECUTE FUNCTION masthead_count_comment();
CREATE TRIGGER comments_count_update AFTER UPDATE OF status ON comments
	FOR EACH ROW WHEN ((OLD.status = 'approved') <> (NEW.status = 'approved'))
	EXECUTE FUNCTION masthead_count_comment();
CREATE TRIGGER comments_count_delete AFTER DELETE ON comments
	FOR EACH ROW WHEN (OLD.status = 'approved')
	EXECUTE FUNCTION masthead_count_comment();
