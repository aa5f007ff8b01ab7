-- +goose Up

-- View counts live apart from articles so that counting them never fires the
-- articles triggers: a view changes no public page's content worth dropping
-- the page cache for, and it must not cost a write to the articles table.
-- Hours are Unix hours (seconds / 3600), UTC.
CREATE TABLE article_views (
	article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	hour       BIGINT NOT NULL,
	views      BIGINT NOT NULL,
	PRIMARY KEY (article_id, hour)
);

-- Most-read lists and the daily chart read a span of hours across articles;
-- the counts ride along in the index so that those reads never visit the table.
CREATE INDEX article_views_hour ON article_views (hour, article_id) INCLUDE (views);

-- The all-time total shown on the article, kept beside the hourly rows so
-- that a page read is one primary-key lookup.
CREATE TABLE article_view_totals (
	article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	views      BIGINT NOT NULL
);

-- +goose Down
DROP TABLE article_view_totals;
DROP TABLE article_views;
