package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgServer is the PostgreSQL server the cluster part makes its databases on.
type pgServer struct {
	admin string // a URL (or key=value string) whose user may create databases
	// local is set when the server runs on this machine, so that its
	// backends' CPU time can be read from /proc like the instances'.
	local bool
	about string // version and the settings that bear on the figures
}

// openPGServer checks that the server answers and reads what the report
// says about it.
func openPGServer(ctx context.Context, admin string) (*pgServer, error) {
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		return nil, fmt.Errorf("-pg: %w", err)
	}
	s := &pgServer{admin: admin}
	switch h := cfg.Host; {
	case h == "127.0.0.1", h == "::1", h == "localhost", strings.HasPrefix(h, "/"):
		s.local = true
	}
	err = s.withConn(ctx, func(conn *pgx.Conn) error {
		var version, syncCommit, fsync, buffers string
		if err := conn.QueryRow(ctx, `SELECT current_setting('server_version'), current_setting('synchronous_commit'),
			current_setting('fsync'), current_setting('shared_buffers')`).Scan(&version, &syncCommit, &fsync, &buffers); err != nil {
			return err
		}
		where := "on " + cfg.Host
		if s.local {
			where = "on this machine (" + cfg.Host + ")"
		}
		s.about = fmt.Sprintf("PostgreSQL %s %s, synchronous_commit %s, fsync %s, shared_buffers %s", version, where, syncCommit, fsync, buffers)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("-pg: %w", err)
	}
	return s, nil
}

// withConn runs fn on a connection of its own to the server's own database.
func (s *pgServer) withConn(ctx context.Context, fn func(*pgx.Conn) error) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.admin)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return fn(conn)
}

// createDatabase makes an empty database, dropped by cl's clean-up (after
// the servers registered later have stopped), and returns its name and URL.
func (s *pgServer) createDatabase(ctx context.Context, cl *cleanups) (name, dbURL string, err error) {
	b := make([]byte, 6)
	rand.Read(b)
	name = "masthead_bench_" + hex.EncodeToString(b)
	ident := pgx.Identifier{name}.Sanitize()
	if err := s.withConn(ctx, func(conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, "CREATE DATABASE "+ident)
		return err
	}); err != nil {
		return "", "", fmt.Errorf("create database %s: %w", name, err)
	}
	cl.add(func() error {
		// Not the run's context: Ctrl-C has ended that, and the database
		// must go all the same. FORCE ends connections left open.
		return s.withConn(context.Background(), func(conn *pgx.Conn) error {
			_, err := conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)")
			return err
		})
	})
	if !strings.HasPrefix(s.admin, "postgres://") && !strings.HasPrefix(s.admin, "postgresql://") {
		return name, s.admin + " dbname=" + name, nil
	}
	u, err := url.Parse(s.admin)
	if err != nil {
		return "", "", fmt.Errorf("-pg: %w", err)
	}
	u.Path = "/" + name
	return name, u.String(), nil
}

// backends lists the process IDs of the server's backends connected to the
// database, for their CPU time; nothing when the server is elsewhere or does
// not answer (the figure then misses them rather than failing the run).
func (s *pgServer) backends(ctx context.Context, database string) []int {
	if !s.local {
		return nil
	}
	var pids []int
	s.withConn(ctx, func(conn *pgx.Conn) error {
		rows, err := conn.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = $1`, database)
		if err != nil {
			return err
		}
		pids, err = pgx.CollectRows(rows, pgx.RowTo[int])
		return err
	})
	return pids
}
