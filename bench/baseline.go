package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// baselineArg, as the first argument, makes this binary the baseline server.
const baselineArg = "-baseline-serve"

// runBaselineServer is the baseline: the least a Go server can do to answer
// the article page, writing the bytes masthead sent, with the same
// Content-Type and Content-Encoding, from memory. Comparing against it
// separates what masthead costs from what net/http and the machine cost.
// It shuts down cleanly on SIGTERM and returns the exit code.
func runBaselineServer(args []string) int {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	file := fs.String("file", "", "body to serve")
	ctype := fs.String("type", "", "Content-Type")
	encoding := fs.String("encoding", "", "Content-Encoding, if any")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	body, err := os.ReadFile(*file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		return 1
	}

	// Header values are built once and assigned to the map directly, as
	// masthead does, so neither side pays for canonicalising keys.
	contentType := []string{*ctype}
	contentLength := []string{strconv.Itoa(len(body))}
	var contentEncoding []string
	if *encoding != "" {
		contentEncoding = []string{*encoding}
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = contentType
		h["Content-Length"] = contentLength
		if contentEncoding != nil {
			h["Content-Encoding"] = contentEncoding
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
