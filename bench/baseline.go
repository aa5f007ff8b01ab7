package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// baselineArg, as the first argument, makes this binary the baseline server.
const baselineArg = "-baseline-serve"

// runBaselineServer is the baseline: the least a Go server can do to answer
// the article page, writing from memory the bytes masthead sent, headers and
// body alike. Comparing against it separates what masthead costs from what
// net/http and the machine cost.
// It shuts down cleanly on SIGTERM and returns the exit code.
func runBaselineServer(args []string) int {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	file := fs.String("file", "", "body to serve")
	headerFile := fs.String("headers", "", "response headers to send, as JSON (an http.Header)")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	body, err := os.ReadFile(*file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		return 1
	}

	raw, err := os.ReadFile(*headerFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		return 1
	}
	var sent http.Header
	if err := json.Unmarshal(raw, &sent); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		return 1
	}
	// Header values are built once and assigned to the map directly, as
	// masthead does, so neither side pays for canonicalising keys.
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range sent {
			h[k] = v
		}
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	})

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		return 1
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err = <-served:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		return 1
	}
	return 0
}
