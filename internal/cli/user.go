package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/auth"
	"github.com/masthead-news/masthead/internal/config"
)

const userUsage = "add|list|passwd|disable|enable [flags] [EMAIL]"

// runUser runs `masthead user add|list|passwd|disable|enable`.
func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: want 'user add|list|passwd|disable|enable'", errUsage)
	}
	action, args := args[0], args[1:]
	cfg := config.Default()
	var (
		email, name, role string
		asJSON            bool
	)
	about := map[string]string{
		"add":     "Creates a newsroom account. The password is read from the terminal without echo, or from MASTHEAD_PASSWORD.",
		"list":    "Lists the newsroom accounts.",
		"passwd":  "Sets an account's password (read as for add) and ends its sessions.",
		"disable": "Disables an account and ends its sessions; its articles stay.",
		"enable":  "Enables a disabled account.",
	}[action]
	if about == "" {
		return fmt.Errorf("%w: unknown action %q; want add, list, passwd, disable or enable", errUsage, action)
	}
	usage := "EMAIL [flags]"
	fs := newFlagSet(env, "user "+action, usage, about)
	switch action {
	case "add":
		fs.StringVar(&email, "email", "", "the account's email, its login (required)")
		fs.StringVar(&name, "name", "", "the person's name (required)")
		fs.StringVar(&role, "role", "", "admin, editor, author or moderator (required)")
	case "list":
		fs.BoolVar(&asJSON, "json", false, "print one JSON object per account")
	}
	b := config.NewBinder(fs)
	b.Data(&cfg)
	if err := parseFlags(b, &cfg, args, env); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(cfg.LogFormat, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	hasher := auth.DefaultHasher()

	switch action {
	case "add":
		if email == "" || name == "" || role == "" {
			return fmt.Errorf("%w: user add needs --email, --name and --role", errUsage)
		}
		r, err := auth.ParseRole(role)
		if err != nil {
			return err
		}
		u := &masthead.User{Email: masthead.NormalizeEmail(email), Name: strings.TrimSpace(name), Role: masthead.Role(r), PasswordHash: "-"}
		if err := u.Validate(); err != nil { // before asking for a password
			return err
		}
		if u.PasswordHash, err = readNewPassword(env, hasher, u); err != nil {
			return err
		}
		if err := st.CreateUser(ctx, u); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "added %s <%s> as %s; log in at %s/admin/\n", u.Name, u.Email, u.Role, cfg.SiteURL(cfg.Addr))
		return nil
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		if asJSON {
			enc := json.NewEncoder(env.Stdout)
			for _, u := range users {
				out := map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "role": u.Role, "disabled": u.Disabled,
					"created_at": u.CreatedAt, "last_login_at": nil}
				if !u.LastLoginAt.IsZero() {
					out["last_login_at"] = u.LastLoginAt
				}
				if err := enc.Encode(out); err != nil {
					return err
				}
			}
			return nil
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tSTATE\tLAST LOGIN")
		for _, u := range users {
			state, last := "active", "never"
			if u.Disabled {
				state = "disabled"
			}
			if !u.LastLoginAt.IsZero() {
				last = u.LastLoginAt.UTC().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, oneLine(u.Name, 40), u.Role, state, last)
		}
		return tw.Flush()
	}

	if fs.NArg() != 1 {
		return fmt.Errorf("%w: user %s needs the account's email", errUsage, action)
	}
	u, err := st.UserByEmail(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	switch action {
	case "passwd":
		if u.PasswordHash, err = readNewPassword(env, hasher, u); err != nil {
			return err
		}
		u.TokensValidAfter = time.Now()
	case "disable":
		u.Disabled, u.TokensValidAfter = true, time.Now()
	case "enable":
		u.Disabled = false
	}
	if err := st.UpdateUser(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: done\n", u.Email)
	return nil
}

// readNewPassword reads a password from MASTHEAD_PASSWORD or, without echo,
// from the terminal (twice), checks it against the rules and hashes it.
func readNewPassword(env Env, hasher auth.Hasher, u *masthead.User) (string, error) {
	password := env.Getenv("MASTHEAD_PASSWORD")
	if password == "" {
		in := bufio.NewReader(io.LimitReader(env.Stdin, 8192))
		p, err := promptPassword(env, in, "Password for "+u.Email+": ")
		if err != nil {
			return "", err
		}
		again, err := promptPassword(env, in, "Again: ")
		if err != nil {
			return "", err
		}
		if p != again {
			return "", masthead.Errorf(masthead.EINVALID, "the two passwords differ")
		}
		password = p
	}
	if err := auth.ValidatePassword(password, u.Email, u.Name); err != nil {
		return "", err
	}
	return hasher.HashPassword(password)
}

// promptPassword reads a line without echo when standard input is a
// terminal, and plainly otherwise (a pipe).
func promptPassword(env Env, in *bufio.Reader, prompt string) (string, error) {
	fmt.Fprint(env.Stderr, prompt)
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		return string(b), err
	}
	line, err := in.ReadString('\n')
	if err != nil && line == "" {
		return "", masthead.Errorf(masthead.EINVALID, "no password given: type it at the prompt or set MASTHEAD_PASSWORD")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
