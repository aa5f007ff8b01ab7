package cli

import (
	"context"
	"fmt"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/config"
	"github.com/masthead-news/masthead/internal/web"
)

// runToken runs `masthead token create [--name NAME] [--user EMAIL]`.
func runToken(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: want 'token create [--name NAME] [--user EMAIL]'", errUsage)
	}
	cfg := config.Default()
	var name, email string
	fs := newFlagSet(env, "token create", "[--name NAME] [--user EMAIL] [flags]",
		"Creates an API token and prints it once. Send it as 'Authorization: Bearer TOKEN'.\n"+
			"It acts as the account given with --user, with its role; without --user, as an admin.\nOnly a hash of it is stored.")
	fs.StringVar(&name, "name", "admin", "what the token is for, to recognise it later")
	fs.StringVar(&email, "user", "", "the newsroom account the token acts for")
	b := config.NewBinder(fs)
	b.Data(&cfg)
	if err := parseFlags(b, &cfg, args[1:], env); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(cfg.LogFormat, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	tok := &masthead.Token{Name: name}
	if email != "" {
		u, err := st.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		tok.UserID = u.ID
	}
	secret, hash := web.NewTokenSecret()
	if err := st.CreateToken(ctx, tok, hash); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, secret)
	return nil
}
