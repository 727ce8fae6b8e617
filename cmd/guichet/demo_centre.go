package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/cnops/guichet/central"
	centralsqlite "github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/sync/server"
)

// demoCentre is the demo's central server, run inside `guichet demo` on a
// loopback port, with its data beside the demo console's
// (var/demo/central.db) and its log in var/demo/central.log (the console
// owns the terminal).
type demoCentre struct {
	app  *central.App
	url  string
	srv  *http.Server
	logs io.Closer
	done chan struct{}
}

// startDemoCentre opens (seeding it the first time) the demo centre in dir
// and serves it on 127.0.0.1 at a free port.
func startDemoCentre(ctx context.Context, dir string, members int, progress demo.Progress) (*demoCentre, error) {
	logFile, err := os.OpenFile(filepath.Join(dir, "central.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewJSONHandler(logFile, nil))
	path := filepath.Join(dir, "central.db")
	st, err := centralsqlite.Open(ctx, path)
	if err != nil {
		logFile.Close()
		return nil, fmt.Errorf("demo centre: %w", err)
	}
	app := central.New(st, central.Options{Logger: logger, DocumentsDir: filepath.Join(dir, "central-documents")})
	fail := func(err error) (*demoCentre, error) {
		app.Close()
		logFile.Close()
		return nil, err
	}
	err = app.SeedDemo(ctx, members, 1, time.Now(), progress)
	switch {
	case errors.Is(err, central.ErrNotEmpty): // seeded by an earlier run
	case err != nil:
		// A half-seeded centre would be refused next time: start again then.
		app.Close()
		logFile.Close()
		os.Remove(path)
		return nil, fmt.Errorf("seeding the demo centre: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	c := &demoCentre{app: app, url: "http://" + ln.Addr().String(), logs: logFile, done: make(chan struct{}),
		srv: &http.Server{Handler: server.New(app, server.Options{Logger: logger}), ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(c.done)
		if err := c.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("demo centre stopped", "error", err)
		}
	}()
	return c, nil
}

// Close stops serving (letting requests in flight finish) and closes the
// centre's database.
func (c *demoCentre) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.srv.Shutdown(ctx)
	<-c.done
	c.app.Close()
	c.logs.Close()
}
