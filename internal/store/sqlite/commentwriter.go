package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/masthead-news/masthead"
)

// maxCommentBatch bounds how many comments share one transaction, so one
// batch never holds the write lock for long.
const maxCommentBatch = 256

// commentWriter is the one goroutine that inserts comments. Requests wait on
// an unbuffered channel; each round it takes every request already waiting
// and writes them in one transaction with one sync to disk. Under load the
// batches grow by themselves, and a lone comment is written at once.
type commentWriter struct {
	requests chan *commentRequest
	quit     chan struct{} // closed by close
	stopped  chan struct{} // closed when run returns
	once     sync.Once
}

type commentRequest struct {
	c         *masthead.Comment
	status    masthead.CommentStatus
	createdAt time.Time
	id        int64      // set by the writer
	done      chan error // answered exactly once
}

func newCommentWriter() *commentWriter {
	return &commentWriter{
		requests: make(chan *commentRequest),
		quit:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
}

// run writes batches until quit is closed. The channel is unbuffered, so no
// request can be left unanswered in it when run returns.
func (w *commentWriter) run(db *sql.DB) {
	defer close(w.stopped)
	for {
		var first *commentRequest
		select {
		case <-w.quit:
			return
		case first = <-w.requests:
		}
		batch := []*commentRequest{first}
	drain:
		for len(batch) < maxCommentBatch {
			select {
			case r := <-w.requests:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		writeComments(db, batch)
	}
}

// close stops the writer and waits for its last batch.
func (w *commentWriter) close() {
	w.once.Do(func() { close(w.quit) })
	<-w.stopped
}

// writeComments inserts a batch in one transaction synced to disk. A comment
// that fails its checks is rolled back alone, to a savepoint, and only its
// writer hears of it; a failed commit fails them all.
func writeComments(db *sql.DB, batch []*commentRequest) {
	// The callers' contexts do not govern the batch: one caller giving up
	// must not undo the others' comments.
	ctx := context.Background()
	errs := make([]error, len(batch))
	err := func() error {
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
			return err
		}
		// Should this fail, the connection only stays slower than it need be.
		defer conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`)
		return inTx(ctx, conn, nil, func(tx *sql.Tx) error {
			for i, req := range batch {
				if _, err := tx.ExecContext(ctx, `SAVEPOINT comment`); err != nil {
					return err
				}
				if errs[i] = insertComment(ctx, tx, req); errs[i] != nil {
					if _, err := tx.ExecContext(ctx, `ROLLBACK TO comment`); err != nil {
						return err
					}
				}
				if _, err := tx.ExecContext(ctx, `RELEASE comment`); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	for i, req := range batch {
		switch {
		case err != nil:
			req.done <- fmt.Errorf("write batch: %w", err)
		case errs[i] != nil:
			req.done <- errs[i]
		default:
			req.done <- nil
		}
	}
}
