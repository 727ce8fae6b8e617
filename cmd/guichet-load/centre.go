package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/sync/server"
)

// serveCentreArg is the hidden first argument that makes guichet-load the
// centre under load: it serves the storage named by the next argument on
// a loopback port, prints "listening URL" and serves until SIGTERM.
const serveCentreArg = "serve-centre"

// How the centre runs.
const (
	kindChild     = "child process"
	kindInProcess = "in process"
)

// newHTTPServer serves the protocol for app the way guichet-central serve
// does, with its defaults (64 requests in flight) and no request log.
func newHTTPServer(app *central.App) *http.Server {
	quiet := slog.New(slog.DiscardHandler)
	return &http.Server{Handler: server.New(app, server.Options{Logger: quiet}), ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(quiet.Handler(), slog.LevelWarn)}
}

// serveCentre is the child process: it serves dsn on 127.0.0.1 until
// SIGTERM or SIGINT, then shuts down gracefully.
func serveCentre(dsn string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := openStorage(ctx, dsn)
	if err != nil {
		fmt.Fprintln(stderr, "guichet-load centre:", err)
		return 1
	}
	app := central.New(st, central.Options{})
	defer app.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(stderr, "guichet-load centre:", err)
		return 1
	}
	srv := newHTTPServer(app)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "listening http://%s\n", ln.Addr())
	select {
	case err := <-served:
		fmt.Fprintln(stderr, "guichet-load centre:", err)
		return 1
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		fmt.Fprintln(stderr, "guichet-load centre: shutdown:", err)
		return 1
	}
	return 0
}

// childCentre is the centre running in a process of its own, so that the
// generator's and the centre's CPU can be told apart.
type childCentre struct {
	cmd  *exec.Cmd
	base string
}

// startChild starts this program as the centre on dsn and waits for its
// address.
func startChild(dsn string, stderr io.Writer) (*childCentre, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, serveCentreArg, dsn)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("the centre did not start (%q, %v)", line, err)
	}
	go io.Copy(io.Discard, out)
	return &childCentre{cmd: cmd, base: base}, nil
}

// cpu is the child's user and system time so far, from /proc (Linux; 0
// elsewhere). USER_HZ is 100 on every Linux the fund runs.
func (c *childCentre) cpu() time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(c.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name may hold spaces: the fields start after its ')'.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// stop asks the centre to finish (SIGTERM) and waits for it.
func (c *childCentre) stop() error {
	c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		return errors.Join(errors.New("the centre did not stop within 30 s"), <-done)
	}
}
