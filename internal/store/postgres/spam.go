package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// SpamSignals reads recent spam's addresses from comments and the learned
// domains, from one snapshot.
func (db *DB) SpamSignals(ctx context.Context, since time.Time) (masthead.SpamSignals, error) {
	sig := masthead.SpamSignals{Addresses: map[string]int{}, Domains: map[string]int{}}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		err := countRows(ctx, tx, sig.Addresses, `
			SELECT ip, COUNT(*) FROM comments
			WHERE status = 'spam' AND created_at >= $1 AND ip <> '' GROUP BY ip`, millis(since))
		if err != nil {
			return fmt.Errorf("addresses: %w", err)
		}
		err = countRows(ctx, tx, sig.Domains, `SELECT domain, hits FROM spam_domains WHERE last_seen >= $1`, millis(since))
		if err != nil {
			return fmt.Errorf("domains: %w", err)
		}
		return nil
	})
	if err != nil {
		return sig, fmt.Errorf("spam signals: %w", err)
	}
	return sig, nil
}

// countRows reads (key, count) rows into a map.
func countRows(ctx context.Context, tx *sql.Tx, into map[string]int, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			k string
			n int
		)
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		into[k] = n
	}
	return rows.Err()
}

// LearnSpamDomains counts a hit for each domain, each time it is listed, in
// one statement. Rows are written in domain order, so that two moderators
// marking spam at once cannot deadlock.
func (db *DB) LearnSpamDomains(ctx context.Context, domains []string, at time.Time) error {
	if len(domains) == 0 {
		return nil
	}
	return db.exec(ctx, "learn spam domains", `
		INSERT INTO spam_domains (domain, hits, last_seen)
		SELECT d, COUNT(*), $2 FROM unnest($1::text[]) AS d GROUP BY d ORDER BY d
		ON CONFLICT (domain) DO UPDATE
		SET hits = spam_domains.hits + EXCLUDED.hits, last_seen = EXCLUDED.last_seen`,
		domains, millis(at))
}
