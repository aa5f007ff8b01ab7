-- +goose Up

-- Sitemaps now split the articles by ID range (see masthead.SitemapChunk),
-- so their index leads with the ID after the status: each sitemap, and
-- each sitemap's newest time in the sitemap index, is one range of it.
DROP INDEX articles_sitemap;
CREATE INDEX articles_sitemap ON articles (status, id, published_at, updated_at, slug);

-- +goose Down
DROP INDEX articles_sitemap;
CREATE INDEX articles_sitemap ON articles (status, published_at, id, updated_at, slug);
