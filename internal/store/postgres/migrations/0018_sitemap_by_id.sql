-- +goose Up

-- Sitemaps now split the articles by ID range (see masthead.SitemapChunk),
-- so their index leads with the ID after the status: each sitemap is one
-- range of it, read by an index-only scan.
DROP INDEX articles_sitemap;
CREATE INDEX articles_sitemap ON articles (status, id) INCLUDE (published_at, updated_at, slug);

-- +goose Down
DROP INDEX articles_sitemap;
CREATE INDEX articles_sitemap ON articles (status, published_at, id) INCLUDE (updated_at, slug);
