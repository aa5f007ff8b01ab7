package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/markup"
	"github.com/masthead-news/masthead/internal/slug"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/sqlite"
	"github.com/masthead-news/masthead/internal/web"
)

// Fixtures are generated from a fixed seed, so every run measures the same
// site and pages of the same size.

// Word lists for generated prose. The mix of short and long words gives
// sentences of newspaper length in bytes.
var (
	nouns = strings.Fields(`council harbour budget minister report survey election market
		river bridge school hospital court union strike festival museum railway station
		library district province committee economy winter harvest coast forest
		village airport company factory shortage agreement inquiry parliament
		stadium referendum tariff pipeline reservoir drought vaccine treaty ceasefire`)
	verbs = strings.Fields(`approves rejects delays announces questions expands reviews
		opens closes funds blocks defends doubles halves restores replaces investigates
		welcomes postpones confirms overturns`)
	adjectives = strings.Fields(`new regional national local early late quiet sudden
		disputed long-awaited modest ambitious costly rural coastal northern southern
		independent temporary permanent`)
	fillers = strings.Fields(`the a its their this that after before during while since
		despite with without under over about across between against among for from
		into officials residents said on Tuesday last week according to figures published
		by and but which although more than half of people who were asked`)
	firstNames = strings.Fields(`Ana Ben Chloe Dmytro Eva Farid Grace Hiro Ines Jonas Kateryna
		Liam Maria Nikolai Olga Pavel Quinn Rosa Sven Tara Umar Vera Will Yusuf Zoe`)
	lastNames = strings.Fields(`Andersen Bondarenko Costa Dubois Evans Fischer Garcia Horvat
		Ivanova Jensen Kowalski Lopez Moreau Novak Okafor Petrenko Quist Rossi Schmidt
		Tanaka Ueda Varga Weber Yilmaz Zielinski`)
	sectionNames = []string{"World", "Politics", "Business", "Science", "Culture", "Sport", "Opinion", "Local"}
	tagNames     = strings.Split(`Climate,Elections,Energy,Health,Housing,Transport,Education,`+
		`Technology,Agriculture,Trade,Courts,Police,Budget,Taxes,Jobs,Inflation,Water,`+
		`Weather,Wildlife,Fisheries,Tourism,Film,Music,Books,Theatre,Football,Cycling,`+
		`Athletics,Tennis,Chess,Space,Medicine,Universities,Schools,Railways,Aviation,`+
		`Shipping,Banking,Startups,Media,Religion,Migration,Defence,Diplomacy,Human rights,`+
		`Corruption,Infrastructure,Heritage,Food,Local government`, ",")
	sources = []masthead.Source{
		{Slug: "northern-wire", Name: "Northern Wire", Homepage: "https://northern-wire.example"},
		{Slug: "coastal-times", Name: "Coastal Times", Homepage: "https://coastal-times.example"},
		{Slug: "daily-ledger", Name: "Daily Ledger", Homepage: "https://daily-ledger.example"},
	}
)

// text generates prose from the word lists.
type text struct {
	rng  *rand.Rand
	tail *rand.Zipf
}

func newText(seed uint64) *text {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &text{rng: rng, tail: rand.NewZipf(rng, tailExponent, 1, tailWords-1)}
}

// The word lists above are few, so every article has most of them; a real
// archive also has a long tail of words (names, places, terms), each in few
// articles. Tail words are drawn by Zipf's law, as words in real text are:
// the word of rank r about as often as 1/r^1.1, so that searching a big
// generated archive for a rarer word matches a realistic share of it.
const (
	tailWords    = 50000
	tailExponent = 1.1
)

// tailSyllables build tail words: word r spells r in base 20, one syllable a
// digit, so every rank has its own word, the same on every run.
var tailSyllables = strings.Fields("ka lo mi ren tas vor el un bri dos fa ge hul ix jon ker ma nu pel sor")

// tailWord is the tail word of rank r (0 the most common).
func tailWord(r int) string {
	var b strings.Builder
	for n := r + 20; n > 0; n /= len(tailSyllables) { // +20: at least two syllables
		b.WriteString(tailSyllables[n%len(tailSyllables)])
	}
	return b.String()
}

func (t *text) pick(words []string) string { return words[t.rng.IntN(len(words))] }

// sentence is n words or so, capitalised and full-stopped.
func (t *text) sentence(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		var w string
		switch i % 4 {
		case 0, 2:
			w = t.pick(fillers)
		case 1:
			if t.rng.IntN(3) == 0 {
				w = tailWord(int(t.tail.Uint64()))
			} else {
				w = t.pick(nouns)
			}
		default:
			if t.rng.IntN(2) == 0 {
				w = t.pick(adjectives)
			} else {
				w = t.pick(verbs)
			}
		}
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		if i == n/2 && n > 10 && t.rng.IntN(3) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return b.String()
}

// paragraph is a few sentences and about `words` words.
func (t *text) paragraph(words int) string {
	var s []string
	for words > 0 {
		n := min(words, 8+t.rng.IntN(12))
		s = append(s, t.sentence(max(n, 4)))
		words -= n
	}
	return strings.Join(s, " ")
}

func (t *text) title() string {
	w := t.pick(nouns)
	return fmt.Sprintf("%s %s %s %s after %s %s",
		strings.ToUpper(w[:1])+w[1:], t.pick(verbs), t.pick(adjectives), t.pick(nouns),
		t.pick(adjectives), tailWord(int(t.tail.Uint64())))
}

func (t *text) person() string { return t.pick(firstNames) + " " + t.pick(lastNames) }

// markdownBody is an article body of about `words` words with the Markdown a
// news story uses: paragraphs, a subheading, a link, emphasis, a quote and a
// list.
func (t *text) markdownBody(words int) string {
	var b strings.Builder
	paras := max(3, words/70)
	per := words / paras
	for i := range paras {
		switch {
		case i == paras/2:
			fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(t.sentence(5), "."))
		case i == 2:
			fmt.Fprintf(&b, "> %s\n\n", t.sentence(18))
		case i == paras-2:
			for range 3 {
				fmt.Fprintf(&b, "- %s\n", t.sentence(8))
			}
			b.WriteString("\n")
		}
		p := t.paragraph(per)
		if i == 1 {
			// A link and emphasis in the running text.
			p += fmt.Sprintf(" The [full %s report](https://example.org/reports/%d) is *available online*.", t.pick(nouns), t.rng.IntN(9000)+1000)
		}
		b.WriteString(p)
		b.WriteString("\n\n")
	}
	return b.String()
}

// newArticle makes a published article with section, tags, author and, for
// some, a source. The slug carries n so that it is unique.
func (t *text) newArticle(n int, words int, published time.Time) (*masthead.Article, error) {
	title := t.title()
	body := t.markdownBody(words)
	html, err := markup.Render(body)
	if err != nil {
		return nil, err
	}
	sec := sectionNames[t.rng.IntN(len(sectionNames))]
	a := &masthead.Article{
		Slug:        fmt.Sprintf("%s-%d", slug.Make(title), n),
		Title:       title,
		Standfirst:  t.sentence(22),
		Body:        body,
		BodyHTML:    html,
		Section:     &masthead.Section{Slug: slug.Make(sec), Name: sec},
		Author:      &masthead.Author{Name: t.person()},
		Status:      masthead.StatusPublished,
		PublishedAt: published,
	}
	a.Author.Slug = slug.Make(a.Author.Name)
	for _, i := range t.rng.Perm(len(tagNames))[:3] {
		a.Tags = append(a.Tags, masthead.Tag{Slug: slug.Make(tagNames[i]), Name: tagNames[i]})
	}
	if t.rng.IntN(5) == 0 {
		src := sources[t.rng.IntN(len(sources))]
		a.Source = &src
		a.SourceURL = fmt.Sprintf("%s/story/%d", src.Homepage, n)
	}
	return a, nil
}

// articleSite is the data dir holding one article with 200 comments.
type articleSite struct {
	dir  string
	path string // the article's URL path, /YYYY/MM/DD/slug/
}

// commentCount is how many approved comments the article carries.
const commentCount = 200

// makeArticleSite creates the one-article site: an article of about 800 words
// with 200 approved comments, a third of them replies.
func makeArticleSite(ctx context.Context, tmp string) (*articleSite, error) {
	dir := filepath.Join(tmp, "article")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "masthead.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	a, err := addCommentedArticle(ctx, st)
	if err != nil {
		return nil, err
	}
	return &articleSite{dir: dir, path: urlPath(a)}, nil
}

// urlPath is an article's URL path, /YYYY/MM/DD/slug/.
func urlPath(a *masthead.Article) string {
	return strings.TrimPrefix(web.ArticleURL("http://x", a), "http://x")
}

// addCommentedArticle saves the article of about 800 words with 200
// approved comments, a third of them replies, into st.
func addCommentedArticle(ctx context.Context, st store.Store) (*masthead.Article, error) {
	t := newText(1)
	published := time.Now().Add(-3 * time.Hour).Truncate(time.Minute)
	a, err := t.newArticle(1, 800, published)
	if err != nil {
		return nil, err
	}
	// The measured page must have a source, whatever the dice said.
	a.Source, a.SourceURL = &sources[0], sources[0].Homepage+"/story/1"
	if _, err := st.SaveArticle(ctx, a); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, commentCount)
	for i := range commentCount {
		name := t.person()
		c := &masthead.Comment{
			ArticleID: a.ID,
			Status:    masthead.CommentApproved,
			Name:      name,
			Email:     strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com",
			IP:        fmt.Sprintf("203.0.113.%d", i%250+1),
			Body:      t.commentBody(),
			CreatedAt: published.Add(time.Duration(i+1) * 3 * time.Minute),
		}
		if i%4 == 0 {
			c.Website = "https://" + strings.ToLower(strings.Fields(name)[1]) + ".example"
		}
		if i >= 5 && t.rng.IntN(3) == 0 {
			c.ParentID = ids[t.rng.IntN(len(ids))]
		}
		if err := st.CreateComment(ctx, c); err != nil {
			return nil, err
		}
		ids = append(ids, c.ID)
	}
	return a, nil
}

// commentBody is a reader's comment: two to five sentences, sometimes two
// paragraphs or a link.
func (t *text) commentBody() string {
	s := t.paragraph(15 + t.rng.IntN(50))
	switch t.rng.IntN(6) {
	case 0:
		s += "\n\n" + t.sentence(10)
	case 1:
		s += fmt.Sprintf(" See https://example.net/notes/%d for the figures.", t.rng.IntN(1000))
	}
	return s
}

// manySite is the data dir of the memory part: many articles over two years.
type manySite struct {
	dir      string
	articles []string // URL paths of every article
	sections []string // section slugs
	tags     []string // tag slugs
}

// makeManySite creates, in dir, n articles of about 500 words, in 8 sections with 50
// tags, published over the last two years.
func makeManySite(ctx context.Context, dir string, n int) (*manySite, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "masthead.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()

	site := &manySite{dir: dir}
	for _, s := range sectionNames {
		site.sections = append(site.sections, slug.Make(s))
	}
	for _, s := range tagNames {
		site.tags = append(site.tags, slug.Make(s))
	}
	// Generating and rendering a body costs about as much as saving it, so
	// one goroutine makes articles while this one saves them. A single maker
	// keeps the sequence, and so the site, the same on every run.
	made := make(chan *masthead.Article, 64)
	makeErr := make(chan error, 1)
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(made)
		t := newText(2)
		now := time.Now().Add(-time.Hour).Truncate(time.Minute)
		span := 2 * 365 * 24 * time.Hour
		for i := range n {
			// Evenly spread with some jitter (dividing first: span × i
			// overflows).
			at := now.Add(-span / time.Duration(n) * time.Duration(i)).Add(-time.Duration(t.rng.IntN(60)) * time.Minute)
			a, err := t.newArticle(i, 500, at)
			if err != nil {
				makeErr <- err
				return
			}
			select {
			case made <- a:
			case <-mctx.Done():
				return
			}
		}
	}()
	for a := range made {
		if _, err := st.SaveArticle(ctx, a); err != nil {
			return nil, err
		}
		site.articles = append(site.articles, strings.TrimPrefix(web.ArticleURL("http://x", a), "http://x"))
		if len(site.articles)%2000 == 0 {
			logf("  %d of %d articles", len(site.articles), n)
		}
	}
	select {
	case err := <-makeErr:
		return nil, err
	default:
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return site, nil
}

// commentSiteArticles is how many articles the comments part's site has.
const commentSiteArticles = 3

// makeCommentSite creates the comments part's site: a few articles of about
// 800 words and no comments yet. The posts all go to the first; the others
// are there so the article is not alone in its tables. path is the first
// article's URL path.
func makeCommentSite(ctx context.Context, tmp string) (*articleSite, error) {
	dir := filepath.Join(tmp, "comments")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "masthead.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	a, err := addCommentArticles(ctx, st)
	if err != nil {
		return nil, err
	}
	return &articleSite{dir: dir, path: urlPath(a)}, nil
}

// addCommentArticles saves the comments part's articles into st and returns
// the first, the one the posts go to.
func addCommentArticles(ctx context.Context, st store.Store) (*masthead.Article, error) {
	t := newText(3)
	published := time.Now().Add(-3 * time.Hour).Truncate(time.Minute)
	var first *masthead.Article
	for i := range commentSiteArticles {
		a, err := t.newArticle(i+1, 800, published.Add(-time.Duration(i)*time.Hour))
		if err != nil {
			return nil, err
		}
		if _, err := st.SaveArticle(ctx, a); err != nil {
			return nil, err
		}
		if i == 0 {
			first = a
		}
	}
	return first, nil
}
