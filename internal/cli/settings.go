package cli

import (
	"context"
	"fmt"
	"sort"

	"github.com/masthead-news/masthead/internal/config"
)

// runSettings runs `masthead settings get [KEY]` and `settings set KEY VALUE`.
func runSettings(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "get" && args[0] != "set") {
		return fmt.Errorf("%w: want 'settings get [KEY]' or 'settings set KEY VALUE'", errUsage)
	}
	action, args := args[0], args[1:]
	cfg := config.Default()
	fs := newFlagSet(env, "settings "+action, map[string]string{"get": "[flags] [KEY]", "set": "[flags] KEY VALUE"}[action],
		"Reads or changes the comment settings. A running server applies a change within a second.")
	b := config.NewBinder(fs)
	b.Data(&cfg)
	if err := parseFlags(b, &cfg, args, env); err != nil {
		return err
	}
	if action == "set" && fs.NArg() != 2 || action == "get" && fs.NArg() > 1 {
		return fmt.Errorf("%w: want 'settings get [KEY]' or 'settings set KEY VALUE'", errUsage)
	}
	st, svc, err := openComments(ctx, cfg, newLogger(cfg.LogFormat, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	if action == "set" {
		return svc.SetSetting(ctx, fs.Arg(0), fs.Arg(1))
	}
	vals, err := svc.SettingValues(ctx)
	if err != nil {
		return err
	}
	if fs.NArg() == 1 {
		v, ok := vals[fs.Arg(0)]
		if !ok {
			return svc.SetSetting(ctx, fs.Arg(0), "") // names the known keys in its error
		}
		fmt.Fprintln(env.Stdout, v)
		return nil
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(env.Stdout, "%s = %s\n", k, vals[k])
	}
	return nil
}
