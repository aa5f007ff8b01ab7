package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ListenChanges calls changed each time another transaction (on any
// instance) changes what readers see, as PostgreSQL notifies on
// ChangesChannel, until ctx ends. It keeps its own connection, reconnecting
// after a failure, and calls changed after each reconnection too, since
// notifications sent while it was away are lost.
// A lost connection is reported to failed, not returned: the site serves
// on, and the change version's polling covers the gap.
func (db *DB) ListenChanges(ctx context.Context, changed func(), failed func(error)) {
	wait := time.Second
	for ctx.Err() == nil {
		err := db.listen(ctx, changed)
		if ctx.Err() != nil {
			return
		}
		failed(err)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

func (db *DB) listen(ctx context.Context, changed func()) error {
	conn, err := pgx.ConnectConfig(ctx, db.cfg)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ChangesChannel}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	changed() // whatever happened before this connection listened
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		changed()
	}
}
