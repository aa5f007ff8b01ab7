package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/masthead-news/masthead/internal/cli"
	"github.com/masthead-news/masthead/internal/config"
)

// profiledArg, as the first argument, makes this binary a copy of
// `masthead serve` that writes a CPU profile. The real binary cannot be asked
// for one, and the server code is not the bench's to change, so with
// -serverprofile the throughput part runs this copy instead: the same
// cli.NewApp and App.Run the real command uses, in a process of its own.
const profiledArg = "-profiled-serve"

func runProfiledServer(args []string) int {
	fs := flag.NewFlagSet("profiled", flag.ContinueOnError)
	data := fs.String("data", "", "data directory")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	profile := fs.String("cpuprofile", "", "CPU profile to write")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg := config.Default()
	cfg.DataDir, cfg.Addr = *data, *addr

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "profiled:", err)
		return 1
	}
	// Logs are dropped, as the real server logs nothing per request.
	app, err := cli.NewApp(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ln)
	if err != nil {
		fmt.Fprintln(os.Stderr, "profiled:", err)
		return 1
	}
	f, err := os.Create(*profile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "profiled:", err)
		return 1
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "profiled:", err)
		return 1
	}
	err = app.Run(ctx)
	pprof.StopCPUProfile()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "profiled:", err)
		return 1
	}
	return 0
}
