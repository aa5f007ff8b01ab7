package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// stopTimeout is how long a server gets to exit after SIGTERM before it is
// killed (masthead's own shutdown grace is 10 s).
const stopTimeout = 15 * time.Second

// proc is a server running as a subprocess.
type proc struct {
	name    string
	cmd     *exec.Cmd
	url     string // http://127.0.0.1:PORT
	logPath string
	exited  chan struct{} // closed when Wait returns
	waitErr error         // valid once exited is closed
	stopped bool
	stopErr error
}

// ensureBinary builds cmd/masthead once per run. It builds by import path so
// that any working directory inside the module will do.
func (b *bench) ensureBinary() (string, error) {
	if b.bin != "" {
		return b.bin, nil
	}
	bin := filepath.Join(b.tmp, "masthead")
	logf("building masthead")
	cmd := exec.CommandContext(b.ctx, "go", "build", "-o", bin, "github.com/masthead-news/masthead/cmd/masthead")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/masthead: %w", err)
	}
	b.bin = bin
	return bin, nil
}

// freeAddr finds a free loopback port. Another process could take it before
// the server listens, but on a quiet machine that does not happen.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}

// startProc starts a server, with env added to the bench's environment, and
// waits until GET /healthz answers 200. The process is registered for
// clean-up, so it is stopped however the run ends.
func (b *bench) startProc(name, addr string, env []string, path string, args ...string) (*proc, error) {
	logPath := filepath.Join(b.tmp, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child has its own copy of the descriptor
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		// Its own process group keeps a terminal's Ctrl-C away from the
		// server, so the bench decides the order of shutdown and can see the
		// exit status; Pdeathsig stops it should the bench itself be killed.
		Setpgid:   true,
		Pdeathsig: syscall.SIGTERM,
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, url: "http://" + addr, logPath: logPath, exited: make(chan struct{})}
	go func() { p.waitErr = cmd.Wait(); close(p.exited) }()
	b.cl.add(func() error {
		if p.stopped {
			return nil
		}
		return p.stop()
	})
	if err := p.waitHealthy(b.ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// waitHealthy polls /healthz until it answers 200, the process dies, or 30 s
// pass.
func (p *proc) waitHealthy(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.url+"/healthz", nil)
		resp, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				client.CloseIdleConnections()
				return nil
			}
		}
		select {
		case <-p.exited:
			return fmt.Errorf("%s exited before it was ready (%v); log:\n%s", p.name, p.waitErr, p.logTail())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not healthy after 30s; log:\n%s", p.name, p.logTail())
		}
	}
}

// stop sends SIGTERM and waits for the exit. It returns an error unless the
// process exited with status 0, which is what a clean shutdown looks like.
func (p *proc) stop() error {
	if p.stopped {
		return p.stopErr
	}
	p.stopped = true
	select {
	case <-p.exited:
		p.stopErr = fmt.Errorf("%s had already exited: %v", p.name, p.waitErr)
		return p.stopErr
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.stopErr = fmt.Errorf("signal %s: %w", p.name, err)
		return p.stopErr
	}
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		p.cmd.Process.Kill()
		<-p.exited
		p.stopErr = fmt.Errorf("%s did not exit within %v of SIGTERM; killed", p.name, stopTimeout)
		return p.stopErr
	}
	if p.waitErr != nil {
		p.stopErr = fmt.Errorf("%s did not shut down cleanly: %v; log:\n%s", p.name, p.waitErr, p.logTail())
	}
	return p.stopErr
}

// stopAndRecord stops p and notes in the report whether it exited 0.
func (b *bench) stopAndRecord(p *proc) error {
	start := time.Now()
	err := p.stop()
	b.rep.shutdowns = append(b.rep.shutdowns, shutdown{name: p.name, ok: err == nil, took: time.Since(start)})
	return err
}

// pid is the server's process ID, for /proc.
func (p *proc) pid() int { return p.cmd.Process.Pid }

// logTail is the end of the server's output, for error messages.
func (p *proc) logTail() string {
	data, err := os.ReadFile(p.logPath)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	s := string(data)
	if len(s) > 2000 {
		s = "…" + s[len(s)-2000:]
	}
	return strings.TrimRight(s, "\n")
}

// errBadAnswers marks load runs that got anything but 200.
var errBadAnswers = errors.New("bad answers")
