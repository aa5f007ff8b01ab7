// Package cli is the masthead command: it parses subcommands and their flags
// and wires the store, the web server and the background loops together.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/store"
	"github.com/masthead-news/masthead/internal/store/postgres"
	"github.com/masthead-news/masthead/internal/store/sqlite"
)

// Env is the outside world a command sees, so tests can run commands
// in-process with their own input, output and environment.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// command is one subcommand.
type command struct {
	summary string
	usage   string // the argument part of the usage line
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":    {"run the site", "[flags]", runServe},
		"article":  {"publish articles: article add FILE.md (or - for standard input)", "add [flags] FILE.md|-", runArticle},
		"comments": {"moderate comments: comments list|approve|spam|trash|delete, or close|open an article's comments", "list|approve|spam|trash|delete|close|open [flags] [ID...]", runComments},
		"settings": {"read or change comment settings: settings get [KEY] | set KEY VALUE", "get|set [flags] KEY [VALUE]", runSettings},
		"token":    {"create an admin API token: token create [--name NAME]", "create [flags]", runToken},
		"user":     {"manage newsroom accounts: user add|list|passwd|disable|enable", userUsage, runUser},
		"source":   {"follow other outlets: source add|list|edit|remove|fetch", sourceUsage, runSource},
		"ingest":   {"poll the followed sources once (for cron): ingest --once", "--once [flags]", runIngest},
		"extract":  {"print the article found in a web page: extract FILE|URL [--json]", "[flags] FILE|URL", runExtract},
		"help":     {"explain a command: help [COMMAND]", "[COMMAND]", nil},
		"migrate-data": {"copy a whole site from SQLite to PostgreSQL: migrate-data --from sqlite:PATH --to postgres://…",
			migrateDataUsage, runMigrateData},
	}
}

// errUsage marks errors in how a command was called; they exit with 2.
var errUsage = errors.New("usage")

// Run runs the command line args and returns the process exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	cmds := commands()
	if len(args) == 0 {
		printHelp(env.Stderr, cmds)
		return 2
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "--help" {
		if len(rest) > 0 {
			if _, ok := cmds[rest[0]]; ok && rest[0] != "help" {
				return Run(ctx, []string{rest[0], "-h"}, env)
			}
		}
		printHelp(env.Stdout, cmds)
		return 0
	}
	cmd, ok := cmds[name]
	if ok && len(rest) > 0 && (rest[0] == "-h" || rest[0] == "--help" || rest[0] == "help") && name != "serve" && name != "article" && name != "ingest" && name != "extract" && name != "migrate-data" {
		// Commands with actions explain themselves per action; this is
		// the overview.
		fmt.Fprintf(env.Stdout, "Usage: masthead %s %s\n\n%s\n\nRun 'masthead %s ACTION -h' for an action's flags.\n", name, cmd.usage, cmd.summary, name)
		return 0
	}
	if !ok {
		fmt.Fprintf(env.Stderr, "masthead: unknown command %q; run 'masthead help'\n", name)
		return 2
	}
	err := cmd.run(ctx, env, rest)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "masthead %s: %s\n", name, strings.TrimPrefix(err.Error(), "usage: "))
		return 2
	default:
		fmt.Fprintln(env.Stderr, errorLine(err))
		return 1
	}
}

// errorLine is how a failed command reports: one line, with the message a
// user may act on, and with internal details when the error is not a
// domain error (there is no log to look them up in).
func errorLine(err error) string {
	if masthead.ErrorCode(err) != masthead.EINTERNAL {
		return masthead.ErrorMessage(err)
	}
	return "masthead: " + strings.ReplaceAll(err.Error(), "\n", "; ")
}

func printHelp(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "Masthead runs a news site from one binary.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: masthead COMMAND [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'masthead COMMAND -h' for a command's flags. Every flag has a MASTHEAD_* environment variable.")
}

// newFlagSet makes a flag set that prints a usage line, the command's flags
// and their environment variables.
func newFlagSet(env Env, name, usage, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: masthead %s %s\n\n%s\n\nFlags:\n", name, usage, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses and turns flag errors into usage errors.
func parseFlags(b *config.Binder, cfg *config.Config, args []string, env Env) error {
	if err := b.Parse(cfg, args, env.Getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// openStore opens the database: PostgreSQL for a postgres:// URL, else the
// SQLite file (created when needed) in the data directory.
// openStore opens the configured database; log, when not nil, hears of a
// schema update that makes opening an existing SQLite file slow.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (store.Store, error) {
	if cfg.Postgres() {
		st, err := postgres.Open(ctx, cfg.Database, postgres.WithLeaderRetry(cfg.LeaderRetry))
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		return st, nil
	}
	if err := os.MkdirAll(filepath.Dir(cfg.DatabasePath()), 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	var opts []sqlite.Option
	if log != nil {
		opts = append(opts, sqlite.WithLogger(log))
	}
	st, err := sqlite.Open(ctx, cfg.DatabasePath(), opts...)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", cfg.DatabasePath(), err)
	}
	return st, nil
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
