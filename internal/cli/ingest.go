package cli

import (
	"context"
	"fmt"

	"github.com/masthead-news/masthead/internal/config"
)

// runIngest runs `masthead ingest --once`: one poll of every feed that is
// due, for sites that poll from cron rather than from serve.
func runIngest(ctx context.Context, env Env, args []string) error {
	cfg := config.Default()
	var once bool
	fs := newFlagSet(env, "ingest", "--once [flags]",
		"Polls every followed source's feeds that are due and imports their new items, then exits.\n"+
			"serve does this by itself; this is for running it from cron instead (serve --ingest=false).")
	fs.BoolVar(&once, "once", false, "poll once and exit (required: the loop runs inside serve)")
	b := config.NewBinder(fs)
	b.Data(&cfg)
	b.Fetch(&cfg)
	if err := parseFlags(b, &cfg, args, env); err != nil {
		return err
	}
	if !once {
		return fmt.Errorf("%w: ingest needs --once (serve polls sources by itself)", errUsage)
	}
	st, err := openStore(ctx, cfg, newLogger(cfg.LogFormat, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	in, err := newIngester(cfg, st, env)
	if err != nil {
		return err
	}
	results, err := in.PollDue(ctx)
	for _, r := range results {
		printResult(env, cfg, r)
	}
	if err != nil {
		return err
	}
	if len(results) == 0 {
		fmt.Fprintln(env.Stdout, "no feed is due")
	}
	return nil
}
