package postgres

import "time"

// Option adjusts Open.
type Option func(*DB)

// WithLeaderRetry sets how often RunAsLeader asks for the lock while another
// instance holds it (serve's --leader-retry): how soon another instance
// takes over when the leader dies. Zero or less keeps the default, 15 s.
func WithLeaderRetry(d time.Duration) Option {
	return func(db *DB) {
		if d > 0 {
			db.leaderRetry = d
		}
	}
}
