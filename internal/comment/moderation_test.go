package comment

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/masthead-news/masthead"
)

const tooQuickly = "You are commenting too quickly. Please wait a minute and try again."

func TestPostRateLimitsPerAddress(t *testing.T) {
	e := newEnv(t)
	e.set(SettingModeration, masthead.ModerateNone)
	// 5 a minute with a burst of 3: three at once, then one every 12 s.
	same := withIP("198.51.100.77")
	for i := range 3 {
		if _, err := e.post(same); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	_, err := e.post(same)
	wantCode(t, err, masthead.ERATELIMIT, tooQuickly)

	t.Run("another address is not limited", func(t *testing.T) {
		if _, err := e.post(withIP("198.51.100.78")); err != nil {
			t.Fatalf("Post: %v", err)
		}
	})
	t.Run("another address in the same IPv6 /64 is limited with it", func(t *testing.T) {
		for i := range 3 {
			if _, err := e.post(withIP(fmt.Sprintf("2001:db8:1:2::%d", i+1))); err != nil {
				t.Fatalf("post %d: %v", i+1, err)
			}
		}
		_, err := e.post(withIP("2001:db8:1:2:ffff::1"))
		wantCode(t, err, masthead.ERATELIMIT, tooQuickly)
	})
	t.Run("allowed again after time passes", func(t *testing.T) {
		e.clk.Advance(11 * time.Second)
		_, err := e.post(same)
		wantCode(t, err, masthead.ERATELIMIT, tooQuickly)
		e.clk.Advance(time.Second)
		if _, err := e.post(same); err != nil {
			t.Fatalf("Post after 12 s: %v", err)
		}
	})
	t.Run("rate 0 means no limit", func(t *testing.T) {
		e.set(SettingRatePerMinute, "0")
		for i := range 10 {
			if _, err := e.post(same); err != nil {
				t.Fatalf("post %d: %v", i+1, err)
			}
		}
	})
}

func TestPostRateLimitsPerArticle(t *testing.T) {
	e := newEnv(t)
	e.set(SettingRatePerMinute, "0")
	e.set(SettingArticleRate, "30")
	for i := range 30 {
		if _, err := e.post(); err != nil { // each from an address of its own
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	_, err := e.post()
	wantCode(t, err, masthead.ERATELIMIT, tooQuickly)

	other := e.article("other", epoch.Add(-time.Hour))
	if _, err := e.post(func(in *Input) { in.ArticleID = other.ID }); err != nil {
		t.Fatalf("another article: %v", err)
	}
	// The bucket has a token again after 2 s, but the article had its 30
	// in this minute; they leave the count a minute after they came.
	e.clk.Advance(2 * time.Second)
	_, err = e.post()
	wantCode(t, err, masthead.ERATELIMIT, tooQuickly)
	e.clk.Advance(58 * time.Second)
	if _, err := e.post(); err != nil {
		t.Fatalf("after a minute: %v", err)
	}
	e.set(SettingArticleRate, "0")
	for i := range 50 {
		if _, err := e.post(); err != nil {
			t.Fatalf("with no article limit, post %d: %v", i+1, err)
		}
	}
}

func TestLimitersStayBounded(t *testing.T) {
	var l limiters
	now := epoch
	for i := range maxLimiters + 500 {
		// Every bucket is in use, so none can be forgotten for free.
		l.allow(fmt.Sprint(i), now, 1, 3)
	}
	if n := l.len(); n > maxLimiters {
		t.Fatalf("%d limiters, want at most %d", n, maxLimiters)
	}
	// Once the buckets have filled up again, all go at the next eviction.
	now = now.Add(10 * time.Minute)
	for i := range maxLimiters + 1 {
		l.allow(fmt.Sprint("new", i), now, 1, 3)
	}
	if n := l.len(); n > maxLimiters {
		t.Fatalf("%d limiters, want at most %d", n, maxLimiters)
	}
}

func TestLimitersApplyChangedRates(t *testing.T) {
	var l limiters
	if !l.allow("k", epoch, 1, 1) || l.allow("k", epoch, 1, 1) {
		t.Fatal("burst of 1 not kept")
	}
	// The old rate (1 a minute) fills the bucket in a minute, the new one
	// (1 a second) from the change on.
	l.allow("k", epoch.Add(time.Second), 60, 1)
	if !l.allow("k", epoch.Add(2*time.Second), 60, 1) {
		t.Error("a faster rate did not apply to the existing bucket")
	}
}

func TestPostRefusesDuplicates(t *testing.T) {
	e := newEnv(t)
	text := withComment("I said this once.")
	e.mustPost(text)
	dup := FieldErrors{"comment": "Duplicate comment detected; it looks as though you’ve already said that!"}

	t.Run("same text from the same email is a duplicate", func(t *testing.T) {
		_, err := e.post(text)
		if d := cmp.Diff(dup, fieldErrors(t, err)); d != "" {
			t.Errorf("FieldErrors (-want +got):\n%s", d)
		}
	})
	t.Run("same text after normalising is a duplicate", func(t *testing.T) {
		_, err := e.post(withComment("  I said this once.\r\n"))
		if d := cmp.Diff(dup, fieldErrors(t, err)); d != "" {
			t.Errorf("FieldErrors (-want +got):\n%s", d)
		}
	})
	t.Run("same text from someone else is fine", func(t *testing.T) {
		if _, err := e.post(text, withPerson("Bo", "bo@example.com")); err != nil {
			t.Fatalf("Post: %v", err)
		}
	})
	t.Run("same text on another article is fine", func(t *testing.T) {
		other := e.article("other", epoch.Add(-time.Hour))
		if _, err := e.post(text, func(in *Input) { in.ArticleID = other.ID }); err != nil {
			t.Fatalf("Post: %v", err)
		}
	})
}

func TestPostModerationModes(t *testing.T) {
	t.Run("none approves at once", func(t *testing.T) {
		e := newEnv(t)
		e.set(SettingModeration, masthead.ModerateNone)
		if c := e.mustPost(); c.Status != masthead.CommentApproved {
			t.Errorf("status %q, want approved", c.Status)
		}
	})
	t.Run("all holds even trusted people", func(t *testing.T) {
		e := newEnv(t)
		e.approved()
		e.set(SettingModeration, masthead.ModerateAll)
		if c := e.mustPost(); c.Status != masthead.CommentPending {
			t.Errorf("status %q, want pending", c.Status)
		}
	})
	t.Run("first-time trusts after approval", func(t *testing.T) {
		e := newEnv(t)
		first := e.mustPost()
		if first.Status != masthead.CommentPending {
			t.Fatalf("first comment: status %q, want pending", first.Status)
		}
		if c := e.mustPost(); c.Status != masthead.CommentPending {
			t.Fatalf("second comment before approval: status %q, want pending", c.Status)
		}
		if n, err := e.svc.ModerateAction(e.ctx, ActionApprove, first.ID); err != nil || n != 1 {
			t.Fatalf("ModerateAction = %d, %v", n, err)
		}
		tests := []struct {
			name string
			who  func(*Input)
			want masthead.CommentStatus
		}{
			{"same name and email, any case, is trusted", withPerson("ann READER", "ANN@example.com"), masthead.CommentApproved},
			{"same email, other name, is not", withPerson("Impostor", "ann@example.com"), masthead.CommentPending},
			{"same name, other email, is not", withPerson("Ann Reader", "someone@example.com"), masthead.CommentPending},
			{"same name, no email, is not", withPerson("Ann Reader", ""), masthead.CommentPending},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if c := e.mustPost(tt.who); c.Status != tt.want {
					t.Errorf("status %q, want %q", c.Status, tt.want)
				}
			})
		}
	})
	t.Run("API comments always wait", func(t *testing.T) {
		e := newEnv(t)
		e.set(SettingModeration, masthead.ModerateNone)
		c := e.mustPost(func(in *Input) { in.WithoutForm, in.FormToken, in.Honeypot = true, "", "filled" })
		if c.Status != masthead.CommentPending {
			t.Errorf("status %q, want pending", c.Status)
		}
	})
}

func TestPostScoreThresholds(t *testing.T) {
	e := newEnv(t)
	e.set(SettingModeration, masthead.ModerateNone)
	e.set(SettingBlockedWords, "casino, pills\nfree money")
	tests := []struct {
		name      string
		in        func(*Input)
		want      masthead.CommentStatus
		low, high float64
	}{
		{"clean comment is approved", withComment("I disagree with the minister, and here is why."),
			masthead.CommentApproved, 0, 0.49},
		{"one blocked word waits", withComment("The town voted against the new casino."),
			masthead.CommentPending, 0.5, 0.89},
		{"three blocked words are spam", withComment("Casino! Pills! Free   money!"),
			masthead.CommentSpam, 0.9, 1},
		{"blocked word as part of a word is fine", withComment("Casinos and pillsbury are words too."),
			masthead.CommentApproved, 0, 0.49},
		{"many links with little text are spam",
			withComment("https://a.example https://b.example https://c.example https://d.example www.e.example"),
			masthead.CommentSpam, 0.9, 1},
		{"link markup and a web-address name wait", func(in *Input) {
			in.Name = "cheap-watches.com"
			in.Comment = `Great article, thanks for writing it. <a href="https://w.example">watches</a>`
		}, masthead.CommentPending, 0.5, 0.89},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.mustPost(tt.in)
			if c.Status != tt.want || c.SpamScore < tt.low || c.SpamScore > tt.high {
				t.Errorf("status %q score %.2f, want %q in [%.2f, %.2f]", c.Status, c.SpamScore, tt.want, tt.low, tt.high)
			}
			if got := e.stored(c.ID).SpamScore; got != c.SpamScore {
				t.Errorf("stored score %.2f, returned %.2f", got, c.SpamScore)
			}
		})
	}
}

func TestScoreReasons(t *testing.T) {
	set := masthead.DefaultCommentSettings()
	set.BlockedWords = []string{"casino"}
	browser := "Mozilla/5.0"
	tests := []struct {
		name   string
		in     Input
		reason string // "" for none at all
	}{
		{"plain comment has none", Input{Comment: "Thanks for the report from Kyiv.", Name: "Ann", UserAgent: browser}, ""},
		{"two links are fine", Input{Comment: "See https://a.example/x and https://b.example/y for the full figures.", Name: "Ann", UserAgent: browser}, ""},
		{"three links count", Input{Comment: "Read https://a.example, https://b.example and https://c.example for all the background.", Name: "Ann", UserAgent: browser}, "3 links"},
		{"HTML link markup", Input{Comment: `Nice piece of work overall. <a href="x">y</a>`, Name: "Ann", UserAgent: browser}, "markup"},
		{"BBCode link markup", Input{Comment: `Nice piece of work overall. [url=x]y[/url]`, Name: "Ann", UserAgent: browser}, "markup"},
		{"blocked word in the name", Input{Comment: "Hello there, nice article.", Name: "Casino Bob", UserAgent: browser}, `casino`},
		{"URL as name", Input{Comment: "Hello there, nice article.", Name: "https://pills.example", UserAgent: browser}, "web address"},
		{"digits as name", Input{Comment: "Hello there, nice article.", Name: "user84213", UserAgent: browser}, "digits"},
		{"website and links", Input{Comment: "I wrote about it: https://a.example/1 https://a.example/2 at length, see there.", Name: "Ann", Website: "https://a.example", UserAgent: browser}, "website"},
		{"all capitals", Input{Comment: "THIS IS THE WORST ARTICLE I HAVE EVER READ", Name: "Ann", UserAgent: browser}, "capitals"},
		{"mostly a link", Input{Comment: "look https://a.example/offer", Name: "Ann", UserAgent: browser}, "little text"},
		{"repeated characters", Input{Comment: "Wow!!!!!!!!!!!! what a story", Name: "Ann", UserAgent: browser}, "runs"},
		{"no user agent", Input{Comment: "Thanks for the report from Kyiv.", Name: "Ann"}, "user agent"},
		{"script user agent", Input{Comment: "Thanks for the report from Kyiv.", Name: "Ann", UserAgent: "python-requests/2.31"}, "script"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			score, reasons := Score(tt.in, set)
			if score < 0 || score > 1 {
				t.Fatalf("score %v out of [0, 1]", score)
			}
			if tt.reason == "" {
				if score != 0 || len(reasons) != 0 {
					t.Errorf("score %.2f reasons %q, want 0 and none", score, reasons)
				}
				return
			}
			if score == 0 || !slices.ContainsFunc(reasons, func(r string) bool { return strings.Contains(r, tt.reason) }) {
				t.Errorf("score %.2f reasons %q, want one mentioning %q", score, reasons, tt.reason)
			}
		})
	}
}

func TestScoreIsCappedAtOne(t *testing.T) {
	set := masthead.DefaultCommentSettings()
	set.BlockedWords = []string{"a", "b", "c", "d", "e"}
	score, _ := Score(Input{
		Comment: strings.Repeat("A B C D E <a href=x>https://x.example</a> [url=y] ", 5) + "!!!!!!!!!!!!!!!!",
		Name:    "www.spam.example",
		Website: "https://spam.example",
	}, set)
	if score != 1 {
		t.Errorf("score %v, want 1", score)
	}
}

func TestModerate(t *testing.T) {
	e := newEnv(t)
	a, b := e.mustPost(), e.mustPost()

	n, err := e.svc.Moderate(e.ctx, masthead.CommentSpam, a.ID, b.ID, b.ID+1000)
	if err != nil || n != 2 {
		t.Fatalf("Moderate = %d, %v; want 2, nil", n, err)
	}
	if got := e.stored(a.ID).Status; got != masthead.CommentSpam {
		t.Errorf("status %q, want spam", got)
	}
	_, err = e.svc.Moderate(e.ctx, "shown", a.ID)
	wantCode(t, err, masthead.EINVALID, "")
	_, err = e.svc.ModerateAction(e.ctx, "publish", a.ID)
	wantCode(t, err, masthead.EINVALID, "")

	n, err = e.svc.Remove(e.ctx, a.ID, a.ID+1000)
	if err != nil || n != 1 {
		t.Fatalf("Remove = %d, %v; want 1, nil", n, err)
	}
	if _, err := e.st.Comment(e.ctx, a.ID); masthead.ErrorCode(err) != masthead.ENOTFOUND {
		t.Errorf("removed comment still there: %v", err)
	}
	if n, err := e.svc.ModerateAction(e.ctx, ActionDelete, b.ID); err != nil || n != 1 {
		t.Errorf("ModerateAction(delete) = %d, %v; want 1, nil", n, err)
	}
	wantCode(t, e.svc.SetClosed(e.ctx, e.art.ID+1000, true), masthead.ENOTFOUND, "")
}

func TestPostConcurrently(t *testing.T) {
	e := newEnv(t)
	e.set(SettingModeration, masthead.ModerateNone)
	const workers, each = 8, 3
	inputs := make([][]Input, workers)
	for w := range inputs {
		for range each {
			inputs[w] = append(inputs[w], e.input(withIP(fmt.Sprintf("203.0.113.%d", w+1))))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for _, in := range inputs[w] {
				e.clk.Advance(400 * time.Millisecond) // settings expire meanwhile
				_, err := e.svc.Post(e.ctx, in)
				errs <- err
				_, _ = e.svc.Settings(e.ctx)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Post: %v", err)
		}
	}
	if n := e.count(); n != workers*each {
		t.Errorf("%d comments stored, want %d", n, workers*each)
	}
}

// Marking spam teaches the score: the same address, and links to the same
// domains, score higher from then on.
func TestSpamMarksTeachTheScore(t *testing.T) {
	e := newEnv(t)
	e.set(SettingModeration, masthead.ModerateNone)
	e.set(SettingRatePerMinute, "0")
	first := e.mustPost(withIP("203.0.113.9"), withPerson("Max", "max@example.com"),
		withComment("Look at this offer, friends: https://deals.example/today for more."))
	if first.Status != masthead.CommentApproved {
		t.Fatalf("the first comment: %q %.2f", first.Status, first.SpamScore)
	}
	if _, err := e.svc.Moderate(t.Context(), masthead.CommentSpam, first.ID); err != nil {
		t.Fatal(err)
	}
	fromAddress := e.mustPost(withIP("203.0.113.9"), withPerson("Other", "o@example.com"),
		withComment("A perfectly ordinary remark about the council's budget."))
	linking := e.mustPost(withIP("198.51.100.4"), withPerson("Third", "t@example.com"),
		withComment("Have a look: https://www.deals.example/other worth reading."))
	clean := e.mustPost(withIP("198.51.100.77"), withPerson("Fourth", "f@example.com"),
		withComment("A perfectly ordinary remark about the harbour."))
	if fromAddress.SpamScore < 0.3 || linking.SpamScore < 0.4 || clean.SpamScore != 0 {
		t.Errorf("scores after the spam mark: same address %.2f, same domain %.2f, neither %.2f", fromAddress.SpamScore, linking.SpamScore, clean.SpamScore)
	}
	// Three marks from one address send its next comment to spam.
	for range 2 {
		c := e.mustPost(withIP("203.0.113.9"), withPerson("Max", "max@example.com"), withComment(fmt.Sprintf("Another remark %d about the ferry timetable.", e.count())))
		if _, err := e.svc.Moderate(t.Context(), masthead.CommentSpam, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	if c := e.mustPost(withIP("203.0.113.9"), withPerson("New", "n@example.com"), withComment("Yet another remark about the library hours.")); c.Status != masthead.CommentSpam {
		t.Errorf("after three spam marks from an address: %q %.2f, want spam", c.Status, c.SpamScore)
	}
}
