package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/comment"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/web"
)

// runComments runs `masthead comments list|approve|spam|trash|delete`, and
// `comments close|open` for an article's comments by hand.
func runComments(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: want 'comments list', 'comments approve|spam|trash|delete COMMENT_ID...' or 'comments close|open ARTICLE_ID...'", errUsage)
	}
	action, args := args[0], args[1:]
	cfg := config.Default()
	var (
		status  string
		article int64
		asJSON  bool
		limit   int
		offset  int
	)
	fs := newFlagSet(env, "comments "+action, commentsUsage(action), "Moderates reader comments. Works while the server runs; changes show within a second.")
	if action == "list" {
		fs.StringVar(&status, "status", "", "only comments with this status: pending, approved, spam or trash")
		fs.Int64Var(&article, "article", 0, "only comments on the article with this ID")
		fs.BoolVar(&asJSON, "json", false, "print one JSON object per line")
		fs.IntVar(&limit, "limit", store.MaxLimit, fmt.Sprintf("at most this many, newest first (up to %d)", store.MaxLimit))
		fs.IntVar(&offset, "offset", 0, "skip this many of the newest first, to page through older ones")
	}
	b := config.NewBinder(fs)
	b.Data(&cfg)
	if err := parseFlags(b, &cfg, args, env); err != nil {
		return err
	}
	st, svc, err := openComments(ctx, cfg, newLogger(cfg.LogFormat, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()

	if action == "list" {
		cs, total, err := st.FindComments(ctx, masthead.CommentFilter{ArticleID: article, Status: masthead.CommentStatus(status), Limit: limit, Offset: offset})
		if err != nil {
			return err
		}
		if asJSON {
			enc := json.NewEncoder(env.Stdout)
			for _, c := range cs {
				if err := enc.Encode(web.ModeratedComment(c)); err != nil {
					return err
				}
			}
			return nil
		}
		printCommentTable(env, cs, total)
		return nil
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: comments %s needs at least one ID", errUsage, action)
	}
	ids := make([]int64, 0, fs.NArg())
	for _, a := range fs.Args() {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id < 1 {
			return fmt.Errorf("%w: %q is not an ID", errUsage, a)
		}
		ids = append(ids, id)
	}
	if action == "close" || action == "open" {
		for _, id := range ids {
			if err := svc.SetClosed(ctx, id, action == "close"); err != nil {
				return err
			}
		}
		fmt.Fprintf(env.Stdout, "comments %s on %d articles\n", map[string]string{"close": "closed", "open": "opened"}[action], len(ids))
		return nil
	}
	n, err := svc.ModerateAction(ctx, action, ids...)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d of %d comments\n", action, n, len(ids))
	if n < len(ids) {
		return masthead.Errorf(masthead.ENOTFOUND, "comments %s: %d of the IDs name no comment", action, len(ids)-n)
	}
	return nil
}

func commentsUsage(action string) string {
	switch action {
	case "list":
		return "[--status S] [--article ID] [--json] [--limit N] [--offset N] [flags]"
	case "close", "open":
		return "[flags] ARTICLE_ID..."
	}
	return "[flags] COMMENT_ID..."
}

// openComments opens the store and the comment service over it.
func openComments(ctx context.Context, cfg config.Config, log *slog.Logger) (store.Store, *comment.Service, error) {
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	svc, err := comment.NewService(ctx, st, nil)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("comment service: %w", err)
	}
	return st, svc, nil
}

func printCommentTable(env Env, cs []*masthead.Comment, total int) {
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tARTICLE\tSTATUS\tSCORE\tCREATED\tNAME\tEMAIL\tIP\tCOMMENT")
	for _, c := range cs {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%.2f\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.ArticleID, c.Status, c.SpamScore,
			c.CreatedAt.UTC().Format("2006-01-02 15:04"), oneLine(c.Name, 20), oneLine(c.Email, 30), c.IP, oneLine(c.Body, 50))
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "%d of %d comments\n", len(cs), total)
}

// oneLine shortens untrusted text for a terminal table: one line, no
// control characters (a comment must not move the cursor or recolour the
// moderator's terminal), at most n characters.
func oneLine(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n-1]) + "…"
	}
	return s
}
