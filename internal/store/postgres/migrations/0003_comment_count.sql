-- +goose Up

-- The approved-comment count is kept on the article by triggers rather than
-- counted on every read: every page and every comment post reads articles,
-- and counting made each read cost as much as the article had comments.
-- These triggers are plain (not deferred): the count must be right for the
-- rest of the transaction, and the article's row lock they take is the one
-- any writer of the article takes first anyway.
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

-- +goose Down
DROP TRIGGER comments_count_delete ON comments;
DROP TRIGGER comments_count_update ON comments;
DROP TRIGGER comments_count_insert ON comments;
DROP FUNCTION masthead_count_comment();
ALTER TABLE articles DROP COLUMN comment_count;
