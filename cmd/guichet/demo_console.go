package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
)

// openDemoConsole opens the demo console's database at path, provisioned
// from the demo centre: a new one is registered as a device of the first
// demo branch and pulls the branch from the centre; one the centre no
// longer knows (its centre was deleted), an interrupted provisioning or a
// standalone demo database from before sync are moved aside and made
// again. A database that is not a demo one is refused.
func openDemoConsole(ctx context.Context, cat *i18n.Catalog, path string, centre *demoCentre, documentsDir string, stderr io.Writer) (*store.DB, error) {
	db, err := store.Open(ctx, path, store.MayCreate)
	if err != nil {
		return nil, err
	}
	fresh, err := demoConsoleUsable(ctx, db, centre)
	if err != nil {
		db.Close()
		return nil, err
	}
	if !fresh {
		db.Close()
		aside := fmt.Sprintf("%s.old-%s", path, time.Now().Format("20060102-150405"))
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(path+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, err
			}
		}
		fmt.Fprintln(stderr, cat.T("cli.demo.kept_aside", aside))
		if db, err = store.Open(ctx, path, store.MayCreate); err != nil {
			return nil, err
		}
	}
	if provisioned, err := db.Meta(ctx, store.MetaProvisioned); err != nil || provisioned != "" {
		return db, err
	}
	// Marked first, so that an interrupted provisioning is known as the
	// demo's own and made again next time.
	err = db.MarkDemo(ctx)
	var token string
	if err == nil {
		token, _, err = centre.app.AddDevice(ctx, "demo console", demo.Branches()[0].Code)
	}
	if err == nil {
		progress, done := pullProgress(cat, stderr)
		_, _, err = client.Provision(ctx, db, centre.url, token, client.Options{DocumentsDir: documentsDir}, progress)
		done()
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", cat.T("cli.demo.provisioning"), err)
	}
	return db, nil
}

// demoConsoleUsable reports whether db can serve as the demo console: new,
// or provisioned by this demo centre. It refuses a database in real use.
func demoConsoleUsable(ctx context.Context, db *store.DB, centre *demoCentre) (bool, error) {
	isDemo, err := db.IsDemo(ctx)
	if err != nil {
		return false, err
	}
	members, users, err := db.Counts(ctx)
	if err != nil {
		return false, err
	}
	if !isDemo {
		if _, err := db.DeviceID(ctx); members > 0 || users > 0 || err == nil {
			return false, fmt.Errorf("%s: %w", db.Path, demo.ErrNotDemo)
		}
		return true, nil // new
	}
	var token, provisioned string
	if token, err = db.Meta(ctx, store.MetaDeviceToken); err == nil {
		provisioned, err = db.Meta(ctx, store.MetaProvisioned)
	}
	switch {
	case err != nil:
		return false, err
	case token == "":
		return members == 0 && users == 0, nil // new, or a standalone demo database
	case provisioned == "":
		return false, nil // an interrupted provisioning (the centre's port has changed since)
	}
	if _, err := centre.app.DeviceByToken(ctx, token); err != nil {
		return false, nil // another centre's device
	}
	return true, nil
}
