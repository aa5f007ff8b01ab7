package postgres

import (
	"context"
	"hash/fnv"
	"time"
)

// defaultLeaderRetry is how often an instance that is not the leader asks
// again, and so how soon after a leader dies another takes over (its lock
// goes with its connection, which PostgreSQL closes when the process dies).
const defaultLeaderRetry = 15 * time.Second

// RunAsLeader runs fn on one instance at a time among all those sharing the
// database: whichever holds the session advisory lock named name. The lock
// is held on a connection of its own for as long as fn runs; fn's context
// ends when ctx does or that connection is lost, and another instance takes
// over within the retry interval (15 seconds).
func (db *DB) RunAsLeader(ctx context.Context, name string, fn func(ctx context.Context)) {
	h := fnv.New64a()
	h.Write([]byte("masthead:" + name))
	key := int64(h.Sum64())
	for ctx.Err() == nil {
		db.leadOnce(ctx, key, fn)
		select {
		case <-ctx.Done():
		case <-time.After(db.leaderRetry):
		}
	}
}

func (db *DB) leadOnce(ctx context.Context, key int64, fn func(ctx context.Context)) {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil || !got {
		return
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
	lead, stop := context.WithCancel(ctx)
	defer stop()
	// Watch the lock's connection: if it goes, so does the lock, and
	// another instance may already lead.
	go func() {
		t := time.NewTicker(db.leaderRetry / 3)
		defer t.Stop()
		for {
			select {
			case <-lead.Done():
				return
			case <-t.C:
				if err := conn.PingContext(lead); err != nil && lead.Err() == nil {
					stop()
					return
				}
			}
		}
	}()
	fn(lead)
}
