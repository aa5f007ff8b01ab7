-- +goose Up

-- View counts live apart from articles so that counting them never fires the
-- articles triggers: a view changes no public page's content worth dropping
-- the page cache for, and it must not cost a write to the articles table.
-- Hours are Unix hours (seconds / 3600), UTC.
CREATE TABLE article_views (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	hour       INTEGER NOT NULL,
	views      INTEGER NOT NULL,
	PRIMARY KEY (article_id, hour)
) WITHOUT ROWID;

-- Most-read lists and the daily chart read a span of hours across articles.
CREATE INDEX article_views_hour ON article_views (hour, article_id, views);

-- The all-time total shown on the article, kept beside the hourly rows so
-- that a page read is one primary-key lookup.
CREATE TABLE article_view_totals (
	article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	views      INTEGER NOT NULL
);

-- +goose Down
DROP TABLE article_view_totals;
DROP TABLE article_views;
