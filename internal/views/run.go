package views

import (
	"context"
	"log/slog"
	"time"
)

// FlushEvery is how often Run writes counted views.
const FlushEvery = 10 * time.Second

// Run flushes the counter to sink every interval until ctx ends, then
// flushes once more so that a clean shutdown loses no views.
func (c *Counter) Run(ctx context.Context, sink Sink, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if err := c.Flush(ctx, sink); err != nil {
				log.Error("flush view counts", "err", err)
			}
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := c.Flush(final, sink); err != nil {
				log.Error("flush view counts at shutdown", "err", err, "lost", c.Pending())
			}
			cancel()
			return
		}
	}
}
