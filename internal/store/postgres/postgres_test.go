package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/postgres"
	"github.com/masthead-news/masthead/internal/store/postgres/pgtest"
	"github.com/masthead-news/masthead/internal/store/storetest"
)

// open opens a store on a database of its own, closed and dropped when t
// ends.
func open(t testing.TB) *postgres.DB {
	t.Helper()
	return openURL(t, postgres.FreshDatabase(t))
}

func openURL(t testing.TB, url string, opts ...postgres.Option) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(t.Context(), url, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	postgres.AdminURL(t) // skip at once rather than in every subtest
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

func article(slug string) *masthead.Article {
	return &masthead.Article{
		Slug:        slug,
		Title:       "Title of " + slug,
		Status:      masthead.StatusPublished,
		PublishedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

// Instances starting together on a new database must all open it, and the
// advisory lock must have let exactly one of them migrate.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	url := postgres.FreshDatabase(t)
	const n = 4
	dbs := make([]*postgres.DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { dbs[i], errs[i] = postgres.Open(context.Background(), url) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("Open %d: %v", i, errs[i])
			continue
		}
		t.Cleanup(func() { dbs[i].Close() })
	}
	if t.Failed() {
		return
	}
	rows, err := dbs[0].Pools()[0].DB.QueryContext(t.Context(), `
		SELECT version_id, COUNT(*) FROM goose_db_version WHERE version_id > 0
		GROUP BY version_id ORDER BY version_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var versions []int64
	for rows.Next() {
		var v, count int64
		if err := rows.Scan(&v, &count); err != nil {
			t.Fatal(err)
		}
		if count != 1 {
			t.Errorf("migration %d applied %d times", v, count)
		}
		versions = append(versions, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for i, v := range versions {
		if v != int64(i+1) {
			t.Fatalf("applied migrations %v, want 1 to %d in order", versions, len(versions))
		}
	}
	// All of them work on the one schema.
	for i, db := range dbs {
		if _, err := db.SaveArticle(t.Context(), article(fmt.Sprintf("from-%d", i))); err != nil {
			t.Errorf("SaveArticle on instance %d: %v", i, err)
		}
	}
}

// Each transaction that changes what readers see notifies the channel once,
// with the version it committed; others do not notify.
func TestNotify(t *testing.T) {
	url := postgres.FreshDatabase(t)
	db := openURL(t, url)
	ctx := t.Context()
	listener, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(context.Background())
	if _, err := listener.Exec(ctx, `LISTEN `+postgres.ChangesChannel); err != nil {
		t.Fatal(err)
	}
	next := func(wait time.Duration) (*string, error) {
		ctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		n, err := listener.WaitForNotification(ctx)
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		return &n.Payload, nil
	}

	a := article("storm")
	a.Section = &masthead.Section{Slug: "world", Name: "World"}
	a.Tags = []masthead.Tag{{Slug: "a", Name: "A"}, {Slug: "b", Name: "B"}, {Slug: "c", Name: "C"}}
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	payload, err := next(5 * time.Second)
	if err != nil || payload == nil {
		t.Fatalf("no notification after SaveArticle (%v)", err)
	}
	version, err := db.ChangeVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if *payload != strconv.FormatInt(version, 10) {
		t.Errorf("payload %q, want the version %d", *payload, version)
	}
	if version != 1 {
		t.Errorf("one save of eight rows moved the version to %d, want 1", version)
	}
	if extra, err := next(200 * time.Millisecond); err != nil || extra != nil {
		t.Errorf("a second notification for one transaction: %v, %v", extra, err)
	}

	// Writes readers do not see notify nothing.
	if err := db.CreateComment(ctx, &masthead.Comment{ArticleID: a.ID, Name: "Ann", Body: "Hi"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddViews(ctx, []masthead.ViewCount{{ArticleID: a.ID, Hour: time.Now(), Views: 3}}); err != nil {
		t.Fatal(err)
	}
	if got, err := next(200 * time.Millisecond); err != nil || got != nil {
		t.Errorf("notified %v (%v) for a pending comment and views", got, err)
	}
	if err := db.SetSetting(ctx, "comments.moderation", "all"); err != nil {
		t.Fatal(err)
	}
	if got, err := next(5 * time.Second); err != nil || got == nil || *got != "2" {
		t.Errorf("after SetSetting: %v, %v; want version 2", got, err)
	}
}

func TestPools(t *testing.T) {
	db := open(t)
	pools := db.Pools()
	if len(pools) != 1 || pools[0].Name != "postgres" || pools[0].DB == nil {
		t.Fatalf("Pools = %+v, want one named postgres", pools)
	}
	if err := pools[0].DB.PingContext(t.Context()); err != nil {
		t.Errorf("the pool does not answer: %v", err)
	}
}

func TestTimesAreUTCMilliseconds(t *testing.T) {
	db := open(t)
	a := article("zoned")
	a.PublishedAt = time.Date(2026, 3, 1, 13, 0, 0, 123456789, time.FixedZone("CET", 3600))
	if _, err := db.SaveArticle(t.Context(), a); err != nil {
		t.Fatalf("SaveArticle: %v", err)
	}
	got, err := db.Article(t.Context(), a.ID)
	if err != nil {
		t.Fatalf("Article: %v", err)
	}
	want := time.Date(2026, 3, 1, 12, 0, 0, 123000000, time.UTC)
	for name, tm := range map[string]time.Time{"PublishedAt": got.PublishedAt, "CreatedAt": got.CreatedAt, "UpdatedAt": got.UpdatedAt} {
		if tm.Location() != time.UTC {
			t.Errorf("%s in %v, want UTC", name, tm.Location())
		}
	}
	if got.PublishedAt != want {
		t.Errorf("PublishedAt = %v, want %v", got.PublishedAt, want)
	}
}

func TestOpenRejectsBadURL(t *testing.T) {
	admin := postgres.AdminURL(t)
	for _, url := range []string{"postgres://%zz", pgtest.WithDatabase(t, admin, "masthead_no_such_database")} {
		if db, err := postgres.Open(t.Context(), url); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", url)
		}
	}
}

// Saves of one new slug racing each other all succeed, onto one article.
func TestConcurrentSavesOfANewSlug(t *testing.T) {
	db := open(t)
	const n = 8
	created := make([]bool, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			a := article("contested")
			a.Section = &masthead.Section{Slug: "world", Name: "World"}
			a.Tags = []masthead.Tag{{Slug: "new-tag", Name: "New tag"}, {Slug: fmt.Sprint("own-", i), Name: "Own"}}
			created[i], errs[i] = db.SaveArticle(context.Background(), a)
		})
	}
	wg.Wait()
	creations := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("save %d: %v", i, errs[i])
		}
		if created[i] {
			creations++
		}
	}
	if creations != 1 {
		t.Errorf("%d saves created the article, want 1", creations)
	}
	if _, total, err := db.FindArticles(t.Context(), masthead.ArticleFilter{}); err != nil || total != 1 {
		t.Errorf("FindArticles = %d, %v; want 1 article", total, err)
	}
}

// Two editors saving over the same base at once: one wins, one is refused.
func TestConcurrentEditsConflict(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	a := article("edited")
	if err := db.EditArticle(ctx, a, time.Time{}, 0); err != nil {
		t.Fatal(err)
	}
	base := a.UpdatedAt
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			b := *a
			b.Body = fmt.Sprint("version ", i)
			errs[i] = db.EditArticle(context.Background(), &b, base, 0)
		})
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case masthead.ErrorCode(err) == masthead.ECONFLICT:
			conflicts++
		default:
			t.Errorf("EditArticle: %v", err)
		}
	}
	if ok != 1 || conflicts != 1 {
		t.Errorf("%d saves and %d conflicts, want 1 and 1 (%v)", ok, conflicts, errs)
	}
}

// Punctuation cuts words the same way in documents and queries, so that
// what a reader copies from an article finds it.
func TestSearchPunctuation(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	a := article("punctuated")
	a.Body = "Covid-19 cases rose; see example.com/stats or e-mail <b>desk@example.com</b>. L’été à Zürich."
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"covid-19", "covid 19", `"19 cases"`, "example.com", "stats", "desk", "e-mail", "ete", "l’été", "zuri", "covid-1"} {
		got, n, err := db.Search(ctx, masthead.SearchQuery{Text: text, VisibleAt: a.PublishedAt})
		if err != nil || n != 1 || len(got) != 1 {
			t.Errorf("Search(%q) = %d results, total %d, %v; want the article", text, len(got), n, err)
		}
	}
	got, _, err := db.Search(ctx, masthead.SearchQuery{Text: "desk", VisibleAt: a.PublishedAt})
	if err != nil || len(got) != 1 {
		t.Fatalf("Search(desk): %v", err)
	}
	// ts_headline marks the whole address the word is part of.
	if want := "&lt;b&gt;<mark>desk"; !strings.Contains(got[0].Snippet, want) || !strings.HasSuffix(got[0].Snippet, "Zürich.") {
		t.Errorf("snippet %q lacks %q, or does not end as the text does: markup in the text must be kept, escaped", got[0].Snippet, want)
	}
}

// A snippet cut from a longer text says so.
func TestSearchSnippetEllipses(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	a := article("long")
	for i := range 40 {
		a.Body += fmt.Sprintf("word%d ", i)
		if i == 20 {
			a.Body += "volcano "
		}
	}
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, _, err := db.Search(ctx, masthead.SearchQuery{Text: "volcano", VisibleAt: a.PublishedAt})
	if err != nil || len(got) != 1 {
		t.Fatalf("Search: %d, %v", len(got), err)
	}
	s := got[0].Snippet
	if !strings.Contains(s, "<mark>volcano</mark>") || !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") {
		t.Errorf("snippet %q: want the match, with ellipses at both ends", s)
	}
}

// Spam marks teach addresses and domains, within the time asked about.
func TestSpamSignals(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	a := article("a")
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	for _, c := range []*masthead.Comment{
		{ArticleID: a.ID, Status: masthead.CommentSpam, IP: "192.0.2.1", Body: "x", CreatedAt: now},
		{ArticleID: a.ID, Status: masthead.CommentSpam, IP: "192.0.2.1", Body: "y", CreatedAt: now},
		{ArticleID: a.ID, Status: masthead.CommentSpam, IP: "192.0.2.2", Body: "old", CreatedAt: now.Add(-48 * time.Hour)},
		{ArticleID: a.ID, Status: masthead.CommentSpam, Body: "no address", CreatedAt: now},
		{ArticleID: a.ID, Status: masthead.CommentApproved, IP: "192.0.2.3", Body: "fine", CreatedAt: now},
	} {
		if err := db.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.LearnSpamDomains(ctx, []string{"spam.example", "pills.example", "spam.example"}, now); err != nil {
		t.Fatal(err)
	}
	if err := db.LearnSpamDomains(ctx, []string{"spam.example"}, now); err != nil {
		t.Fatal(err)
	}
	if err := db.LearnSpamDomains(ctx, []string{"stale.example"}, now.Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.LearnSpamDomains(ctx, nil, now); err != nil {
		t.Errorf("LearnSpamDomains(nil): %v", err)
	}
	sig, err := db.SpamSignals(ctx, now.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(sig.Addresses) != 1 || sig.Addresses["192.0.2.1"] != 2 {
		t.Errorf("Addresses = %v, want 192.0.2.1 twice", sig.Addresses)
	}
	if len(sig.Domains) != 2 || sig.Domains["spam.example"] != 3 || sig.Domains["pills.example"] != 1 {
		t.Errorf("Domains = %v, want spam.example 3 and pills.example 1", sig.Domains)
	}
}

// Merging followed sources: into keeps its own settings, gains from's feeds
// it lacks, and from's reports; a source followed only as from passes its
// settings on.
func TestMergeFollowedSources(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	follow := func(slug string, feeds ...string) {
		t.Helper()
		c := &masthead.SourceConfig{
			Source:   masthead.Source{Slug: slug, Name: slug, Homepage: "https://" + slug + ".example/"},
			Interval: time.Hour, Mode: masthead.ImportReview, Section: slug,
		}
		for _, f := range feeds {
			c.Feeds = append(c.Feeds, masthead.Feed{URL: f})
		}
		if err := db.SaveSourceConfig(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	follow("a", "https://feeds.example/1", "https://feeds.example/2")
	follow("b", "https://feeds.example/2")
	a := article("story")
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	report := &masthead.Report{Source: masthead.Source{Slug: "a", Name: "a"}, URL: "https://a.example/x", Title: "X"}
	if err := db.AddReport(ctx, a.ID, report, masthead.ImportedItem{URL: report.URL}); err != nil {
		t.Fatal(err)
	}
	if err := db.MergeTerms(ctx, masthead.KindSource, "a", "b"); err != nil {
		t.Fatalf("MergeTerms: %v", err)
	}
	b, err := db.SourceConfig(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, f := range b.Feeds {
		urls = append(urls, f.URL)
	}
	if b.Section != "b" || !slices.Equal(urls, []string{"https://feeds.example/1", "https://feeds.example/2"}) {
		t.Errorf("b after the merge: section %q, feeds %v; want its own section and both feeds", b.Section, urls)
	}
	if reports, err := db.Reports(ctx, a.ID); err != nil || len(reports) != 1 || reports[0].Source.Slug != "b" {
		t.Errorf("Reports = %+v, %v; want one, by b", reports, err)
	}

	follow("c", "https://feeds.example/3")
	if err := db.CreateTerm(ctx, &masthead.Term{Kind: masthead.KindSource, Slug: "d", Name: "d"}); err != nil {
		t.Fatal(err)
	}
	if err := db.MergeTerms(ctx, masthead.KindSource, "c", "d"); err != nil {
		t.Fatalf("MergeTerms: %v", err)
	}
	if d, err := db.SourceConfig(ctx, "d"); err != nil || d.Section != "c" || len(d.Feeds) != 1 {
		t.Errorf("d after the merge = %+v, %v; want c's settings and feed", d, err)
	}
}

// Deleting an imported article takes everything of it along, but its item
// stays imported, so the next poll does not bring it back.
func TestDeleteImportedArticle(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	a := article("imported")
	a.Tags = []masthead.Tag{{Slug: "t", Name: "T"}}
	const fp = uint64(0xfeed_beef_0000_0001)
	item := masthead.ImportedItem{URL: "https://outlet.example/1", Fingerprint: fp}
	if err := db.ImportArticle(ctx, a, item); err != nil {
		t.Fatal(err)
	}
	report := &masthead.Report{Source: masthead.Source{Slug: "wire", Name: "Wire"}, URL: "https://wire.example/1", Title: "Same"}
	if err := db.AddReport(ctx, a.ID, report, masthead.ImportedItem{URL: report.URL}); err != nil {
		t.Fatal(err)
	}
	top := &masthead.Comment{ArticleID: a.ID, Status: masthead.CommentApproved, Name: "Ann", Body: "Hi"}
	if err := db.CreateComment(ctx, top); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateComment(ctx, &masthead.Comment{ArticleID: a.ID, ParentID: top.ID, Status: masthead.CommentApproved, Name: "Bo", Body: "Hi"}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteArticle(ctx, a.ID); err != nil {
		t.Fatalf("DeleteArticle: %v", err)
	}
	for _, url := range []string{item.URL, report.URL} {
		if ok, err := db.ItemImported(ctx, url); err != nil || !ok {
			t.Errorf("ItemImported(%s) = %v, %v after the delete; want true", url, ok, err)
		}
	}
	if got, err := db.FingerprintCandidates(ctx, fp); err != nil || len(got) != 0 {
		t.Errorf("FingerprintCandidates = %v, %v; want none", got, err)
	}
	if got, _, err := db.FindComments(ctx, masthead.CommentFilter{}); err != nil || len(got) != 0 {
		t.Errorf("comments left: %d, %v", len(got), err)
	}
}
