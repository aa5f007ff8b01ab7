package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/masthead-news/masthead/internal/sitecopy"
)

const migrateDataUsage = "--from sqlite:PATH --to postgres://USER:PASSWORD@HOST:5432/DB"

// runMigrateData runs `masthead migrate-data --from sqlite:PATH --to
// postgres://…`. Its two databases are its arguments, so it takes neither
// --data nor --database, and no environment variables: a copy runs once,
// by hand, and should name both ends where the operator can see them.
func runMigrateData(ctx context.Context, env Env, args []string) error {
	fset := newFlagSet(env, "migrate-data", migrateDataUsage,
		"Copies a whole site from an SQLite database file to an empty PostgreSQL database, in one transaction,\n"+
			"keeping every ID: articles and their revisions, taxonomy and its redirects, comments, accounts, sessions,\n"+
			"API tokens, followed sources with their polling state, imported items, image records, view counts and\n"+
			"settings. The PostgreSQL database is migrated first and must hold no site data; the SQLite file is only\n"+
			"read. Stop the site first (what it writes during the copy is not copied), and copy DATA/media yourself.")
	var from, to string
	fset.StringVar(&from, "from", "", "the SQLite database to copy, as sqlite:PATH (required)")
	fset.StringVar(&to, "to", "", "the empty PostgreSQL database to copy into, as a postgres:// URL (required)")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q; want %s", errUsage, fset.Arg(0), migrateDataUsage)
	}
	path, pathErr := sqliteSource(from)
	target, targetErr := postgresTarget(to)
	if err := errors.Join(pathErr, targetErr); err != nil {
		return fmt.Errorf("%w: %s", errUsage, strings.ReplaceAll(err.Error(), "\n", "; "))
	}

	start := time.Now()
	report, err := sitecopy.Copy(ctx, path, target, sitecopy.Options{Progress: env.Stderr})
	if err != nil {
		return err
	}
	printCounts(env.Stdout, report.Tables)
	var total int64
	for _, tc := range report.Tables {
		total += tc.Rows
	}
	fmt.Fprintf(env.Stdout, "copied %d rows of %d tables, every count verified, and indexed %d articles for search, in %s\n",
		total, len(report.Tables), report.Indexed, time.Since(start).Round(time.Millisecond))
	return nil
}

// printCounts prints the tables' names and their rows, right-aligned.
func printCounts(w io.Writer, counts []sitecopy.TableCount) {
	nameWidth, rowsWidth := len("TABLE"), len("ROWS")
	for _, tc := range counts {
		nameWidth, rowsWidth = max(nameWidth, len(tc.Table)), max(rowsWidth, len(strconv.FormatInt(tc.Rows, 10)))
	}
	fmt.Fprintf(w, "%-*s  %*s\n", nameWidth, "TABLE", rowsWidth, "ROWS")
	for _, tc := range counts {
		fmt.Fprintf(w, "%-*s  %*d\n", nameWidth, tc.Table, rowsWidth, tc.Rows)
	}
}

// sqliteSource returns the path in --from: sqlite:PATH, or a plain path as
// --database takes, naming a file that exists.
func sqliteSource(from string) (string, error) {
	path, isSQLite := strings.CutPrefix(from, "sqlite:")
	switch {
	case from == "":
		return "", errors.New("--from is required: the SQLite database to copy, as sqlite:PATH")
	case !isSQLite && strings.Contains(from, "://"):
		return "", fmt.Errorf("--from %s: migrate-data copies from an SQLite file; want sqlite:PATH", redact(from))
	case path == "":
		return "", errors.New("--from sqlite: names no file; want sqlite:PATH")
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("--from %s: %s does not exist", from, path)
	case err != nil:
		return "", fmt.Errorf("--from %s: %w", from, err)
	case !info.Mode().IsRegular():
		return "", fmt.Errorf("--from %s: %s is not a file", from, path)
	}
	return path, nil
}

// postgresTarget checks --to is a PostgreSQL URL.
func postgresTarget(to string) (string, error) {
	switch {
	case to == "":
		return "", errors.New("--to is required: the PostgreSQL database to copy into, as postgres://USER@HOST:5432/DB")
	case !strings.HasPrefix(to, "postgres://") && !strings.HasPrefix(to, "postgresql://"):
		return "", fmt.Errorf("--to %s: migrate-data copies into PostgreSQL; want a postgres:// URL", redact(to))
	}
	if _, err := url.Parse(to); err != nil {
		return "", fmt.Errorf("--to is not a valid URL: %v", errors.Unwrap(err))
	}
	return to, nil
}

// redact hides a URL's password, which has no place in an error message.
func redact(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		return u.Redacted()
	}
	return s
}
