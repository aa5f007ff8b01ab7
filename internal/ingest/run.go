package ingest

import (
	"context"
	"log/slog"
	"time"
)

// CheckEvery is how often Run looks for feeds whose time has come. Feeds
// are polled on their own intervals (minutes at least); this only bounds
// how late a poll may start.
const CheckEvery = 15 * time.Second

// Run polls due feeds until ctx ends. State lives in the database, so a
// restart picks up where the last run left off.
func (in *Ingester) Run(ctx context.Context) {
	t := time.NewTicker(CheckEvery)
	defer t.Stop()
	for {
		results, err := in.PollDue(ctx)
		if err != nil && ctx.Err() == nil {
			in.log.Error("poll sources", slog.Any("err", err))
		}
		for _, r := range results {
			if len(r.Imported) > 0 || r.Reports > 0 {
				in.log.Info("imported", slog.String("source", r.Source.Slug),
					slog.Int("articles", len(r.Imported)), slog.Int("reports", r.Reports))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
