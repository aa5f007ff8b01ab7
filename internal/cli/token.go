package cli

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/config"
)

// runToken runs `masthead token create [--name NAME]`.
func runToken(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: want 'token create [--name NAME]'", errUsage)
	}
	cfg := config.Default()
	var name string
	fs := newFlagSet(env, "token create", "[--name NAME] [flags]",
		"Creates an admin API token and prints it once. Send it as 'Authorization: Bearer TOKEN'.\nOnly a hash of it is stored.")
	fs.StringVar(&name, "name", "admin", "what the token is for, to recognise it later")
	b := config.NewBinder(fs)
	b.Data(&cfg)
	if err := parseFlags(b, &cfg, args[1:], env); err != nil {
		return err
	}
	raw := make([]byte, 32)
	rand.Read(raw) // never fails (crypto/rand panics rather than return short)
	secret := "mh_" + base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(secret))
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CreateToken(ctx, &masthead.Token{Name: name}, sum[:]); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, secret)
	return nil
}
