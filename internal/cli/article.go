package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/articlefile"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/markup"
	"github.com/masthead-news/masthead/internal/web"
)

// runArticle runs `masthead article add FILE.md|-`.
func runArticle(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			args = []string{"add", "-h"}
		} else {
			return fmt.Errorf("%w: want 'article add FILE.md' (or - for standard input)", errUsage)
		}
	}
	cfg := config.Default()
	fs := newFlagSet(env, "article add", "[flags] FILE.md|-",
		"Publishes an article written as Markdown with YAML front matter and prints its URL.\n"+
			"Front matter keys: title (required), standfirst, slug, section, tags, author, source,\n"+
			"source_url, published_at (RFC 3339; a future time schedules it), status (published|draft).\n"+
			"Adding a file whose slug exists updates that article.")
	b := config.NewBinder(fs)
	b.Data(&cfg)
	if err := parseFlags(b, &cfg, args[1:], env); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want exactly one FILE.md (or - for standard input)", errUsage)
	}
	name := fs.Arg(0)
	var in io.Reader = env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return masthead.Errorf(masthead.EINVALID, "%s: cannot read: %v", name, unwrapPathError(err))
		}
		defer f.Close()
		in = f
	} else {
		name = "<stdin>"
	}
	// Parse and render before the database is opened, so bad input writes
	// nothing at all.
	a, err := loadArticle(name, in, time.Now())
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(cfg.LogFormat, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	created, err := st.SaveArticle(ctx, a)
	if err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	fmt.Fprintln(env.Stdout, web.ArticleURL(cfg.SiteURL(cfg.Addr), a))
	if !created {
		fmt.Fprintf(env.Stderr, "updated the existing article %q\n", a.Slug)
	}
	return nil
}

// loadArticle reads an article file and renders its body, ready to save.
func loadArticle(name string, r io.Reader, now time.Time) (*masthead.Article, error) {
	a, err := articlefile.Parse(name, r, now)
	if err != nil {
		return nil, err
	}
	if a.BodyHTML, err = markup.Render(a.Body); err != nil {
		return nil, masthead.Errorf(masthead.EINVALID, "%s: cannot render the body: %v", name, err)
	}
	return a, nil
}

// unwrapPathError drops the path from an *os.PathError, which the message
// already names.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
