package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/masthead-news/masthead"
)

// SpamSignals reads recent spam's addresses from comments and the learned
// domains.
func (db *DB) SpamSignals(ctx context.Context, since time.Time) (masthead.SpamSignals, error) {
	sig := masthead.SpamSignals{Addresses: map[string]int{}, Domains: map[string]int{}}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := countRows(ctx, tx, sig.Addresses, `
			SELECT ip, COUNT(*) FROM comments
			WHERE status = 'spam' AND created_at >= ? AND ip <> '' GROUP BY ip`, millis(since)); err != nil {
			return err
		}
		return countRows(ctx, tx, sig.Domains, `SELECT domain, hits FROM spam_domains WHERE last_seen >= ?`, millis(since))
	})
	if err != nil {
		return sig, fmt.Errorf("spam signals: %w", err)
	}
	return sig, nil
}

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

// LearnSpamDomains counts a hit for each domain.
func (db *DB) LearnSpamDomains(ctx context.Context, domains []string, at time.Time) error {
	if len(domains) == 0 {
		return nil
	}
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		for _, d := range domains {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO spam_domains (domain, hits, last_seen) VALUES (?, 1, ?)
				ON CONFLICT (domain) DO UPDATE SET hits = hits + 1, last_seen = excluded.last_seen`, d, millis(at))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("learn spam domains: %w", err)
	}
	return nil
}
