package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/ingest"
	"github.com/masthead-news/masthead/internal/slug"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/web"
)

const sourceUsage = "add|list|edit|remove|fetch [flags] [NAME]"

// runSource runs `masthead source add|list|edit|remove|fetch`.
func runSource(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: want 'source add|list|edit|remove|fetch'", errUsage)
	}
	action, args := args[0], args[1:]
	cfg := config.Default()
	var (
		about  string
		usage  = "NAME [flags]"
		asJSON bool
		edit   *sourceFlags
	)
	switch action {
	case "add":
		about, usage = "Follows an outlet: polls its feeds and imports new items, attributed to it.", "--name NAME --feed URL [--feed URL...] [flags]"
	case "edit":
		about = "Changes a followed source; only the flags given change. --feed replaces the feed list."
	case "list":
		about, usage = "Lists the followed sources, with each feed's health and last error.", "[--json]"
	case "remove":
		about = "Stops following a source. Its articles stay, with their attribution."
	case "fetch":
		about = "Polls the source's feeds now and prints what was imported."
	default:
		return fmt.Errorf("%w: unknown action %q; want add, list, edit, remove or fetch", errUsage, action)
	}
	fs := newFlagSet(env, "source "+action, usage, about)
	if action == "add" || action == "edit" {
		edit = bindSourceFlags(fs, action == "add")
	}
	if action == "list" {
		fs.BoolVar(&asJSON, "json", false, "print one JSON object per source")
	}
	b := config.NewBinder(fs)
	b.Data(&cfg)
	if action == "fetch" {
		b.Fetch(&cfg)
	}
	if err := parseFlags(b, &cfg, args, env); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(cfg.LogFormat, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()

	if action == "list" {
		return listSources(ctx, env, st, asJSON)
	}
	if action == "add" {
		if fs.NArg() != 0 {
			return fmt.Errorf("%w: source add takes no arguments; name the source with --name", errUsage)
		}
		return addSource(ctx, env, st, fs, edit)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: source %s needs the source's name", errUsage, action)
	}
	c, err := st.SourceConfig(ctx, slug.Make(fs.Arg(0)))
	if err != nil {
		return err
	}
	switch action {
	case "edit":
		c.Apply(edit.change(fs))
		if err := st.SaveSourceConfig(ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "updated %s\n", c.Source.Name)
	case "remove":
		if err := st.RemoveSourceConfig(ctx, c.Source.Slug); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "no longer following %s; its articles stay\n", c.Source.Name)
	case "fetch":
		in, err := newIngester(cfg, st, env)
		if err != nil {
			return err
		}
		printResult(env, cfg, in.PollSource(ctx, c, true))
	}
	return nil
}

// sourceFlags are the settings flags of source add and edit.
type sourceFlags struct {
	name, homepage, mode, section, selector string
	feeds                                   repeatFlag
	tags, include, exclude                  listFlag
	interval                                time.Duration
	fullText, canonical                     bool
}

func bindSourceFlags(fs *flag.FlagSet, adding bool) *sourceFlags {
	f := &sourceFlags{mode: string(masthead.ImportReview), interval: masthead.DefaultPollInterval, fullText: true}
	if adding {
		fs.StringVar(&f.name, "name", "", "the outlet's name, shown as \"Source: NAME\" (required)")
	} else {
		fs.StringVar(&f.name, "name", "", "rename the outlet (its URL slug stays)")
	}
	fs.Var(&f.feeds, "feed", "a feed URL (RSS, Atom or JSON Feed); repeat for several")
	fs.StringVar(&f.homepage, "homepage", "", "the outlet's homepage")
	fs.StringVar(&f.mode, "mode", f.mode, "review (import as drafts for an editor) or publish")
	fs.StringVar(&f.section, "section", "", "section given to imported articles")
	fs.Var(&f.tags, "tags", "comma-separated tags given to imported articles")
	fs.Var(&f.include, "include", "comma-separated words or phrases: import only items that have one")
	fs.Var(&f.exclude, "exclude", "comma-separated words or phrases: skip items that have one")
	fs.DurationVar(&f.interval, "interval", f.interval, fmt.Sprintf("time between polls (at least %v)", masthead.MinPollInterval))
	fs.BoolVar(&f.fullText, "full-text", f.fullText, "fetch each item's page and extract the article (false keeps the feed's content)")
	fs.StringVar(&f.selector, "selector", "", "CSS selector of the article body on the outlet's pages, when extraction gets them wrong")
	fs.BoolVar(&f.canonical, "canonical-original", false, "name the original as the canonical URL of republished articles")
	return f
}

// change is the edit the flags given on the command line make.
func (f *sourceFlags) change(fs *flag.FlagSet) masthead.SourceChange {
	var ch masthead.SourceChange
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "name":
			ch.Name = &f.name
		case "homepage":
			ch.Homepage = &f.homepage
		case "feed":
			ch.Feeds = (*[]string)(&f.feeds)
		case "mode":
			m := masthead.ImportMode(f.mode)
			ch.Mode = &m
		case "section":
			ch.Section = &f.section
		case "tags":
			ch.Tags = (*[]string)(&f.tags)
		case "include":
			ch.Include = (*[]string)(&f.include)
		case "exclude":
			ch.Exclude = (*[]string)(&f.exclude)
		case "interval":
			ch.Interval = &f.interval
		case "full-text":
			ch.FullText = &f.fullText
		case "selector":
			ch.Selector = &f.selector
		case "canonical-original":
			ch.CanonicalToOriginal = &f.canonical
		}
	})
	return ch
}

func addSource(ctx context.Context, env Env, st store.Store, fs *flag.FlagSet, f *sourceFlags) error {
	if strings.TrimSpace(f.name) == "" {
		return fmt.Errorf("%w: source add needs --name", errUsage)
	}
	if len(f.feeds) == 0 {
		return fmt.Errorf("%w: source add needs at least one --feed URL", errUsage)
	}
	c := masthead.NewSourceConfig(f.name)
	c.Apply(f.change(fs))
	c.Source.Slug = slug.Make(c.Source.Name)
	if _, err := st.SourceConfig(ctx, c.Source.Slug); err == nil {
		return masthead.Errorf(masthead.ECONFLICT, "source %q is already followed; change it with 'masthead source edit'", c.Source.Name)
	}
	if err := st.SaveSourceConfig(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "following %s (%d feeds, %s mode, every %v); 'masthead source fetch %s' polls it now\n",
		c.Source.Name, len(c.Feeds), c.Mode, c.Interval, c.Source.Slug)
	return nil
}

func listSources(ctx context.Context, env Env, st store.Store, asJSON bool) error {
	list, err := st.SourceConfigs(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		for _, c := range list {
			if err := enc.Encode(web.SourceView(c)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "no sources followed; add one with 'masthead source add --name NAME --feed URL'")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tMODE\tEVERY\tFEED\tHEALTH\tLAST POLL\tIMPORTED")
	for _, c := range list {
		for i, f := range c.Feeds {
			name, mode, every := c.Source.Name, string(c.Mode), c.Interval.String()
			if i > 0 {
				name, mode, every = "", "", ""
			}
			health := "ok"
			if !f.Healthy() {
				health = fmt.Sprintf("UNHEALTHY (%d failures): %s", f.Failures, oneLine(f.LastError, 80))
			} else if f.Failures > 0 {
				health = fmt.Sprintf("failing (%d): %s", f.Failures, oneLine(f.LastError, 80))
			}
			last := "never"
			if !f.LastPolled.IsZero() {
				last = f.LastPolled.UTC().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", name, mode, every, f.URL, health, last, f.Imported)
		}
	}
	return tw.Flush()
}

// newIngester makes the ingester commands share with serve.
func newIngester(cfg config.Config, st store.Store, env Env) (*ingest.Ingester, error) {
	return ingest.New(st, newLogger(cfg.LogFormat, env.Stderr), ingest.Options{
		UserAgent:    userAgent(cfg.SiteURL(cfg.Addr)),
		AllowPrivate: cfg.AllowPrivateFetch,
	})
}

// userAgent names Masthead and the site to the outlets it polls, so their
// operators know who asks and where to look.
func userAgent(site string) string {
	return "Masthead/1.0 (+" + site + ")"
}

// printResult prints what a poll imported, one article a line.
func printResult(env Env, cfg config.Config, r ingest.Result) {
	base := cfg.SiteURL(cfg.Addr)
	for _, a := range r.Imported {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\n", a.Status, web.ArticleURL(base, a), a.Title)
	}
	fmt.Fprintf(env.Stdout, "%s: %d imported, %d reported as other outlets' copies, %d skipped, %d errors\n",
		r.Source.Name, len(r.Imported), r.Reports, r.Skipped, len(r.Errors))
	for _, err := range r.Errors {
		fmt.Fprintf(env.Stderr, "error: %v\n", err)
	}
}

// listFlag is a flag given as comma-separated values, or repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// repeatFlag is a flag given once per value, such as URLs, which may hold
// commas.
type repeatFlag []string

func (r *repeatFlag) String() string { return strings.Join(*r, " ") }

func (r *repeatFlag) Set(v string) error {
	*r = append(*r, strings.TrimSpace(v))
	return nil
}
