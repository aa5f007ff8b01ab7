package sqlite

import "log/slog"

// Option adjusts Open.
type Option func(*options)

type options struct {
	log *slog.Logger
}

// WithLogger has Open say when it updates an existing file's schema, which
// on a big site can take minutes.
func WithLogger(log *slog.Logger) Option {
	return func(o *options) { o.log = log }
}
