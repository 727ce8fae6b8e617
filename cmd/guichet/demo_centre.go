package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/cnops/guichet/central"
	centralsqlite "github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/pin"
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
// and serves it on 127.0.0.1 at a free port, with its PIN keys (made the
// first time too), so that the console it provisions receives the public
// key and counter PINs verify.
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
	keys, box, err := demoPINKeys(dir)
	if err != nil {
		st.Close()
		logFile.Close()
		return nil, fmt.Errorf("demo centre's PIN keys: %w", err)
	}
	app := central.New(st, central.Options{Logger: logger, DocumentsDir: filepath.Join(dir, "central-documents"),
		PINKeys: keys, BoxKey: box})
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

// The demo centre's PIN key files in the demo folder, and their ids.
const (
	demoHMACKeyFile = "central-hmac.key"
	demoBoxKeyFile  = "central-box.key"
	demoHMACKeyID   = "h1"
	demoBoxKeyID    = "b1"
)

// demoPINKeys reads the demo centre's PIN keys from dir, making each the
// first time (mode 0600). They are kept across runs: a PIN printed in one
// run must still verify in the next, and the console keeps the public key
// it was provisioned with.
func demoPINKeys(dir string) (*pin.HMACKeys, pin.BoxKey, error) {
	raw, err := demoKey(filepath.Join(dir, demoHMACKeyFile), func() ([]byte, error) {
		key := make([]byte, pin.MinHMACKeyBytes)
		_, err := rand.Read(key)
		return key, err
	})
	if err != nil {
		return nil, pin.BoxKey{}, err
	}
	keys, err := pin.NewHMACKeys(demoHMACKeyID, raw)
	if err != nil {
		return nil, pin.BoxKey{}, err
	}
	private, err := demoKey(filepath.Join(dir, demoBoxKeyFile), func() ([]byte, error) {
		box, err := pin.GenerateBoxKey(demoBoxKeyID)
		if err != nil {
			return nil, err
		}
		return box.Private[:], nil
	})
	if err != nil {
		return nil, pin.BoxKey{}, err
	}
	box, err := pin.BoxKeyFromPrivate(demoBoxKeyID, private)
	return keys, box, err
}

// demoKey reads a key file, or makes the key and writes the file (0600)
// when there is none.
func demoKey(path string, makeKey func() ([]byte, error)) ([]byte, error) {
	key, err := pin.ReadKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if key, err = makeKey(); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Fprintln(f, pin.EncodeKey(key)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	return key, f.Close()
}
