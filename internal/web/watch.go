package web

import (
	"context"
	"log/slog"
	"time"
)

// WatchInterval is how often WatchChanges asks the store for changes. It is
// well under the one second within which a write must show.
const WatchInterval = 250 * time.Millisecond

// WatchChanges drops the page cache whenever the store changes (whichever
// process wrote it) and whenever a scheduled article's time comes. It runs
// until ctx is done and returns nil then.
func (s *Server) WatchChanges(ctx context.Context) error {
	t := time.NewTicker(WatchInterval)
	defer t.Stop()
	var (
		version  int64
		next     time.Time // the next scheduled publication, if any
		haveNext bool
		failing  bool
	)
	for {
		now := s.now()
		v, err := s.store.ChangeVersion(ctx)
		if err == nil {
			var n time.Time
			var ok bool
			n, ok, err = s.store.NextPublication(ctx, now)
			if err == nil {
				due := haveNext && !now.Before(next)
				if v != version || due || ok != haveNext || !n.Equal(next) {
					s.InvalidateCache()
				}
				version, next, haveNext = v, n, ok
			}
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && !failing:
			// Without change tracking the cache could go stale: empty it
			// and keep trying; log once per outage, not every tick.
			s.pages.Invalidate()
			s.log.Error("watch for changes", slog.Any("error", err))
			failing = true
		case err != nil:
			s.pages.Invalidate()
		case failing:
			s.log.Info("watch for changes recovered")
			failing = false
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
