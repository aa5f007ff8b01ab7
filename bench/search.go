package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/comment"
	"github.com/masthead-news/masthead/internal/store/sqlite"
	"github.com/masthead-news/masthead/internal/web"
)

// searchQueries are what readers type, over the generated site's words:
// words in nearly every article and words of the long tail (by rank: the
// lower, the more articles have it), several words, a phrase, an
// exclusion, filters, a misspelling. raw marks the ones FTS5 takes as they
// are, for the baseline.
var searchQueries = []struct {
	q, filter string
	raw       bool
}{
	{q: "budget", raw: true}, // in nearly every article
	{q: tailWord(30), raw: true},
	{q: tailWord(300), raw: true},
	{q: tailWord(3000), raw: true},
	{q: tailWord(100) + " " + tailWord(200), raw: true},
	{q: "harbour railway station", raw: true},
	{q: `"regional council"`, raw: true},
	{q: tailWord(50) + " -election"},
	{q: "Bondarenko", raw: true},
	{q: tailWord(40), filter: "section=science"},
	{q: tailWord(60), filter: "tag=heritage"},
	{q: "pipeline", filter: "from=2025-01-01&to=2025-06-30"},
	{q: "Coastal Times " + tailWord(20), raw: true},
	{q: "harbor"}, // a misspelling: no match
}

// searchResult is what the search part measured.
type searchResult struct {
	articles  int
	fixture   time.Duration
	search    latencies // GET /api/v1/search, in-process
	page      latencies // GET /search, the HTML page
	raw       latencies // the baseline: a bare FTS5 MATCH ranked by bm25
	index     latencies // GET /sitemap.xml, uncached
	chunk     latencies // GET /sitemaps/articles-1.xml (up to 50,000 URLs), uncached
	news      latencies // GET /sitemap-news.xml, uncached
	chunkURLs int
	perQuery  []queryTiming // the API's median per query
}

type queryTiming struct {
	query string
	p50   time.Duration
}

// latencies summarises repeated timings.
type latencies struct {
	n             int
	p50, p95, max time.Duration
}

func summarise(all []time.Duration) latencies {
	if len(all) == 0 {
		return latencies{}
	}
	slices.Sort(all)
	return latencies{
		n:   len(all),
		p50: all[(len(all)-1)*50/100],
		p95: all[(len(all)*95+99)/100-1],
		max: all[len(all)-1],
	}
}

// runSearch builds (or reuses, with -search-data) a site of -search-articles
// generated articles and times searches and sitemaps in-process, where the
// handler's own time is what is measured.
func runSearch(b *bench) error {
	ctx := b.ctx
	dir := b.opts.searchData
	if dir == "" {
		dir = filepath.Join(b.tmp, "search")
	}
	res := &searchResult{articles: b.opts.searchArticles}
	dbPath := filepath.Join(dir, "masthead.db")
	if _, err := os.Stat(dbPath); err != nil {
		logf("creating %d articles for the search part in %s", b.opts.searchArticles, dir)
		start := time.Now()
		if _, err := makeManySite(ctx, dir, b.opts.searchArticles); err != nil {
			return err
		}
		res.fixture = time.Since(start)
	} else {
		logf("reusing the site in %s", dir)
	}

	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	_, total, err := st.FindArticles(ctx, masthead.ArticleFilter{Limit: 1})
	if err != nil {
		return err
	}
	res.articles = total
	comments, err := comment.NewService(ctx, st, nil)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(st, comments, log, prometheus.NewRegistry(), web.Options{BaseURL: "http://127.0.0.1:8080", SiteTitle: "Masthead"})
	if err != nil {
		return err
	}
	get := func(path string, uncached bool) (time.Duration, *httptest.ResponseRecorder, error) {
		if uncached {
			srv.InvalidateCache()
		}
		req := httptest.NewRequest(http.MethodGet, path, nil)
		rec := httptest.NewRecorder()
		start := time.Now()
		srv.ServeHTTP(rec, req)
		took := time.Since(start)
		if rec.Code != http.StatusOK {
			return 0, nil, fmt.Errorf("GET %s: status %d: %.200s", path, rec.Code, rec.Body.String())
		}
		return took, rec, nil
	}

	raw, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		return err
	}
	defer raw.Close()

	const rounds = 20
	var api, page, bare []time.Duration
	byQuery := make([][]time.Duration, len(searchQueries))
	logf("timing %d searches × %d rounds", len(searchQueries), rounds)
	for range rounds {
		for i, q := range searchQueries {
			query := "q=" + url.QueryEscape(q.q)
			if q.filter != "" {
				query += "&" + q.filter
			}
			d, _, err := get("/api/v1/search?"+query, false)
			if err != nil {
				return err
			}
			api = append(api, d)
			byQuery[i] = append(byQuery[i], d)
			if d, _, err = get("/search?"+query, false); err != nil {
				return err
			}
			page = append(page, d)
			if q.raw {
				d, err := rawSearch(raw, q.q)
				if err != nil {
					return err
				}
				bare = append(bare, d)
			}
		}
	}
	res.search, res.page, res.raw = summarise(api), summarise(page), summarise(bare)
	for i, q := range searchQueries {
		text := q.q
		if q.filter != "" {
			text += " (" + q.filter + ")"
		}
		res.perQuery = append(res.perQuery, queryTiming{text, summarise(byQuery[i]).p50})
	}

	logf("timing sitemaps")
	var index, chunk, news []time.Duration
	for range rounds {
		d, _, err := get("/sitemap.xml", true)
		if err != nil {
			return err
		}
		index = append(index, d)
		if d, _, err = get("/sitemap-news.xml", true); err != nil {
			return err
		}
		news = append(news, d)
	}
	for range 5 {
		d, rec, err := get("/sitemaps/articles-1.xml", true)
		if err != nil {
			return err
		}
		chunk = append(chunk, d)
		res.chunkURLs = countURLs(rec.Body.Bytes())
	}
	res.index, res.chunk, res.news = summarise(index), summarise(chunk), summarise(news)
	b.rep.search = res
	return nil
}

// rawSearch is the baseline: the engine alone, a MATCH ranked by bm25 with
// the first 20 rowids read and nothing else.
func rawSearch(db *sql.DB, q string) (time.Duration, error) {
	start := time.Now()
	rows, err := db.Query(`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT 20`, q)
	if err != nil {
		return 0, fmt.Errorf("raw search %q: %w", q, err)
	}
	defer rows.Close()
	for rows.Next() {
	}
	return time.Since(start), rows.Err()
}

func countURLs(xml []byte) int { return bytes.Count(xml, []byte("<loc>")) }
