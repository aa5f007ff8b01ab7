-- +goose Up

-- Sitemaps read every visible article's slug and times. With them in the
-- index, they can be read by index-only scans, never touching the table,
-- whose rows carry the bodies. INCLUDE keeps them out of the key: they are
-- only carried, never searched on.
CREATE INDEX articles_sitemap ON articles (status, published_at, id) INCLUDE (updated_at, slug);

-- +goose Down
DROP INDEX articles_sitemap;
