-- +goose Up

-- The approved-comment count is kept on the article by triggers rather than
-- counted on every read: every page and every comment post reads articles,
-- and counting made each read cost as much as the article had comments.
ALTER TABLE articles ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;

UPDATE articles SET comment_count = (
	SELECT COUNT(*) FROM comments c WHERE c.article_id = articles.id AND c.status = 'approved'
);

-- +goose StatementBegin
CREATE TRIGGER comments_count_insert AFTER INSERT ON comments
WHEN NEW.status = 'approved'
BEGIN UPDATE articles SET comment_count = comment_count + 1 WHERE id = NEW.article_id; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_count_update AFTER UPDATE OF status ON comments
WHEN (OLD.status = 'approved') <> (NEW.status = 'approved')
BEGIN
	UPDATE articles
	SET comment_count = comment_count + (CASE WHEN NEW.status = 'approved' THEN 1 ELSE -1 END)
	WHERE id = NEW.article_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER comments_count_delete AFTER DELETE ON comments
WHEN OLD.status = 'approved'
BEGIN UPDATE articles SET comment_count = comment_count - 1 WHERE id = OLD.article_id; END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER comments_count_delete;
DROP TRIGGER comments_count_update;
DROP TRIGGER comments_count_insert;
ALTER TABLE articles DROP COLUMN comment_count;
