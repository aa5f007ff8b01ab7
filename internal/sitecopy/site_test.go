package sitecopy

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

// now is the test's present. Times are whole milliseconds in UTC, as both
// stores keep them.
var now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// site is what buildSite made, to look up on the other side.
type site struct {
	path      string // the SQLite file
	passwords map[string]string
	articles  []string // slugs
	comments  []int64  // IDs
	tokenHash []byte
	session   string
	fp        uint64
}

// sqliteSite builds a site with every kind of record in a new SQLite file
// and closes it.
func sqliteSite(t *testing.T) *site {
	t.Helper()
	path := filepath.Join(t.TempDir(), "masthead.db")
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	s := buildSite(t, st)
	s.path = path
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return s
}

// buildSite fills st through the store contract, as the newsroom, readers,
// the ingester and the view counter would, with at least one of every kind
// of record, and some deleted, so that IDs have gaps.
func buildSite(t *testing.T, st store.Store) *site {
	t.Helper()
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &site{passwords: map[string]string{}}

	// Newsroom accounts, one disabled, one with a login; their password
	// hashes must still verify after the move.
	hasher := auth.TestHasher()
	users := map[string]*masthead.User{}
	for _, u := range []struct {
		email, name string
		role        masthead.Role
	}{
		{"ed@news.example", "Ed Itor", masthead.RoleEditor},
		{"ann@news.example", "Ann Author", masthead.RoleAuthor},
		{"mo@news.example", "Mo Derator", masthead.RoleModerator},
		{"gone@news.example", "Gone Away", masthead.RoleAuthor},
	} {
		pw := "correct horse " + u.name
		hash, err := hasher.HashPassword(pw)
		must(err)
		user := &masthead.User{Email: u.email, Name: u.name, Role: u.role, PasswordHash: hash}
		must(st.CreateUser(ctx, user))
		users[u.email], s.passwords[u.email] = user, pw
	}
	ann := users["ann@news.example"]
	ann.LastLoginAt, ann.TokensValidAfter = now.Add(-time.Hour), now.Add(-2*time.Hour)
	must(st.UpdateUser(ctx, ann))
	gone := users["gone@news.example"]
	gone.Disabled = true
	must(st.UpdateUser(ctx, gone))

	// A lead image, its texts edited after the upload.
	im := &masthead.Image{Alt: "A harbour at dawn", Width: 1600, Height: 900,
		Renditions: []masthead.Rendition{{Width: 480, Height: 270, File: "480.jpg"}, {Width: 1600, Height: 900, File: "1600.jpg"}}}
	must(st.CreateImage(ctx, im))
	im.Caption, im.Credit = "The harbour", "Photo: Ann"
	must(st.UpdateImage(ctx, im))

	// Taxonomy made ahead of use, renamed and merged, leaving redirects.
	must(st.CreateTerm(ctx, &masthead.Term{Kind: masthead.KindSection, Slug: "empty-section", Name: "Empty section"}))
	must(st.CreateTerm(ctx, &masthead.Term{Kind: masthead.KindTag, Slug: "harbours", Name: "Harbours"}))

	// Articles: published, draft, scheduled, with every field, and one
	// edited in the newsroom (revisions, created_by, the image).
	article := func(slug string, at time.Time, status masthead.ArticleStatus) *masthead.Article {
		return &masthead.Article{
			Slug: slug, Title: "Harbour story " + slug, Standfirst: "What happened at the harbour: " + slug + ".",
			Body:     "The **harbour** reopened after the storm, said the mayor. Fishermen cheered " + slug + ".",
			BodyHTML: "<p>The <strong>harbour</strong> reopened after the storm, said the mayor. Fishermen cheered " + slug + ".</p>\n",
			Section:  &masthead.Section{Slug: "city", Name: "City"},
			Tags:     []masthead.Tag{{Slug: "storms", Name: "Storms"}, {Slug: "harbours", Name: "Harbours"}, {Slug: "boats", Name: "Boats"}},
			Author:   &masthead.Author{Slug: "ann-author", Name: "Ann Author"},
			Status:   status, PublishedAt: at,
		}
	}
	for i := range 6 {
		a := article(fmt.Sprintf("story-%d", i), now.Add(-time.Duration(i+1)*24*time.Hour), masthead.StatusPublished)
		if i%2 == 1 {
			a.Section = &masthead.Section{Slug: "world", Name: "World"}
			a.Tags = a.Tags[:1]
		}
		_, err := st.SaveArticle(ctx, a)
		must(err)
		s.articles = append(s.articles, a.Slug)
	}
	draft := article("draft-story", now.Add(-time.Hour), masthead.StatusDraft)
	draft.Author = nil
	_, err := st.SaveArticle(ctx, draft)
	must(err)
	scheduled := article("scheduled-story", now.Add(48*time.Hour), masthead.StatusPublished)
	scheduled.Section = nil
	_, err = st.SaveArticle(ctx, scheduled)
	must(err)
	doomed := article("deleted-story", now.Add(-time.Hour), masthead.StatusPublished)
	_, err = st.SaveArticle(ctx, doomed)
	must(err)
	s.articles = append(s.articles, draft.Slug, scheduled.Slug)

	edited := article("edited-story", now.Add(-3*time.Hour), masthead.StatusPublished)
	edited.Image = im
	must(st.EditArticle(ctx, edited, time.Time{}, ann.ID))
	edited.Title, edited.Body = "Edited harbour story", edited.Body+" Updated with the mayor's words."
	must(st.EditArticle(ctx, edited, edited.UpdatedAt, users["ed@news.example"].ID))
	s.articles = append(s.articles, edited.Slug)

	// An imported article, with its item and fingerprint, another
	// outlet's report of it, and a URL recorded on its own.
	s.fp = 0x8123_4567_89ab_cdef // the top bit set: a negative integer in both databases
	imported := article("imported-story", now.Add(-5*time.Hour), masthead.StatusPublished)
	imported.Source = &masthead.Source{Slug: "harbour-gazette", Name: "Harbour Gazette", Homepage: "https://gazette.example/"}
	imported.SourceURL, imported.ImageURL = "https://gazette.example/storm", "https://gazette.example/storm.jpg"
	must(st.ImportArticle(ctx, imported, masthead.ImportedItem{URL: "https://gazette.example/storm", Fingerprint: s.fp}))
	must(st.AddReport(ctx, imported.ID, &masthead.Report{Source: masthead.Source{Slug: "wire", Name: "Wire"},
		URL: "https://wire.example/storm", Title: "Storm closes harbour", SeenAt: now.Add(-4 * time.Hour)}, masthead.ImportedItem{URL: "https://wire.example/storm"}))
	must(st.AddReport(ctx, imported.ID, nil, masthead.ImportedItem{URL: "https://gazette.example/storm?moved"}))
	s.articles = append(s.articles, imported.Slug)

	// A followed source with polling state, one that was later merged away.
	cfg := &masthead.SourceConfig{
		Source:   masthead.Source{Slug: "harbour-gazette", Name: "Harbour Gazette", Homepage: "https://gazette.example/", CanonicalToOriginal: true},
		Interval: 45 * time.Minute, Mode: masthead.ImportPublish, Section: "City", Tags: []string{"Wire", "Harbours"},
		Include: []string{"harbour", "storm surge"}, Exclude: []string{"sponsored"}, FullText: false, Selector: "article .body",
		Feeds: []masthead.Feed{{URL: "https://gazette.example/rss"}, {URL: "https://gazette.example/atom"}},
	}
	must(st.SaveSourceConfig(ctx, cfg))
	feed := cfg.Feeds[0]
	feed.ETag, feed.LastModified = `"abc"`, "Sat, 28 Nov 2026 10:00:00 GMT"
	feed.LastPolled, feed.NextPoll = now.Add(-10*time.Minute), now.Add(35*time.Minute)
	feed.Failures, feed.LastError, feed.LastErrorAt, feed.Imported = 1, "HTTP 503", now.Add(-time.Hour), 12
	must(st.SaveFeedState(ctx, &feed))
	must(st.SaveSourceConfig(ctx, &masthead.SourceConfig{Source: masthead.Source{Slug: "old-wire", Name: "Old Wire"},
		Interval: time.Hour, Mode: masthead.ImportReview, FullText: true, Feeds: []masthead.Feed{{URL: "https://old-wire.example/feed"}}}))
	must(st.RemoveSourceConfig(ctx, "old-wire"))

	must(st.RenameTerm(ctx, masthead.KindTag, "boats", &masthead.Term{Slug: "vessels", Name: "Vessels"}))
	must(st.CreateTerm(ctx, &masthead.Term{Kind: masthead.KindSection, Slug: "town", Name: "Town"}))
	must(st.MergeTerms(ctx, masthead.KindSection, "town", "city"))
	must(st.CreateTerm(ctx, &masthead.Term{Kind: masthead.KindAuthor, Slug: "a-author", Name: "A. Author"}))
	must(st.RenameTerm(ctx, masthead.KindAuthor, "a-author", &masthead.Term{Slug: "anne-author", Name: "Anne Author"}))
	must(st.RenameTerm(ctx, masthead.KindSource, "wire", &masthead.Term{Slug: "the-wire", Name: "The Wire"}))

	// Comments: a thread three deep, every status, spam signals.
	first, err := st.ArticleBySlug(ctx, "story-0")
	must(err)
	comment := func(parent int64, status masthead.CommentStatus, name, body string, ago time.Duration) *masthead.Comment {
		t.Helper()
		c := &masthead.Comment{ArticleID: first.ID, ParentID: parent, Status: status, Name: name,
			Email: name + "@readers.example", Website: "https://" + name + ".example/", IP: "192.0.2.7",
			Body: body, SpamScore: 0.25, CreatedAt: now.Add(-ago), RateKey: "192.0.2.7"}
		must(st.CreateComment(ctx, c))
		s.comments = append(s.comments, c.ID)
		return c
	}
	top := comment(0, masthead.CommentApproved, "kim", "Good to see the harbour open.", 5*time.Hour)
	reply := comment(top.ID, masthead.CommentApproved, "lee", "Agreed, it took long.", 4*time.Hour)
	comment(reply.ID, masthead.CommentApproved, "kim", "Three weeks!", 3*time.Hour)
	comment(top.ID, masthead.CommentPending, "new", "First time here.", 2*time.Hour)
	comment(0, masthead.CommentSpam, "pills", "Buy https://pills.example now", time.Hour)
	comment(0, masthead.CommentTrash, "rude", "Rude words.", 30*time.Minute)
	removed := comment(0, masthead.CommentApproved, "oops", "Posted twice.", 20*time.Minute)
	must(st.DeleteComment(ctx, removed.ID))
	s.comments = s.comments[:len(s.comments)-1]
	must(st.LearnSpamDomains(ctx, []string{"pills.example", "pills.example"}, now.Add(-time.Hour)))
	must(st.SetCommentsClosed(ctx, first.ID, true))
	if second, err := st.ArticleBySlug(ctx, "story-1"); err == nil {
		must(st.CreateComment(ctx, &masthead.Comment{ArticleID: second.ID, Status: masthead.CommentApproved,
			Name: "Zoë", Body: "Ünïcödé — and “quotes”.", CreatedAt: now.Add(-time.Hour)}))
	} else {
		must(err)
	}

	// Views, by hour and in all.
	var views []masthead.ViewCount
	for i, slug := range s.articles[:4] {
		a, err := st.ArticleBySlug(ctx, slug)
		must(err)
		views = append(views,
			masthead.ViewCount{ArticleID: a.ID, Hour: now.Add(-2 * time.Hour), Views: int64(10 * (i + 1))},
			masthead.ViewCount{ArticleID: a.ID, Hour: now.Add(-26 * time.Hour), Views: int64(i + 1)})
	}
	must(st.AddViews(ctx, views))

	// Settings, tokens, sessions, login failures.
	must(st.SetSetting(ctx, "comments.moderation", "all"))
	must(st.SetSetting(ctx, "comments.max_depth", "4"))
	s.tokenHash = []byte("0123456789abcdef0123456789abcdef")
	must(st.CreateToken(ctx, &masthead.Token{Name: "ann's script", UserID: ann.ID}, s.tokenHash))
	must(st.CreateToken(ctx, &masthead.Token{Name: "admin"}, []byte("fedcba9876543210fedcba9876543210")))
	s.session = "session-token-1"
	// Sessions expire by the real clock.
	must(st.SessionCommit(ctx, s.session, []byte{0, 1, 2, 0xff, 'x'}, time.Now().Add(24*time.Hour)))
	must(st.SessionCommit(ctx, "session-token-2", []byte("expired"), time.Now().Add(-24*time.Hour)))
	_, err = st.RecordFailure(ctx, "account:abc", now.Add(-time.Minute), now.Add(-time.Hour))
	must(err)
	_, err = st.RecordFailure(ctx, "account:abc", now, now.Add(-time.Hour))
	must(err)

	must(st.DeleteArticle(ctx, doomed.ID))
	return s
}

// openSQLite opens the site's file with the store (which may migrate it,
// so only after the copy).
func openSQLite(t *testing.T, path string) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
