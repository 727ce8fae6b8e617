package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
)

// The demo provisions its console from its own centre, reuses it on the
// next run, and makes it again when the centre no longer knows it.
func TestDemoConsoleIsProvisionedFromTheDemoCentre(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "guichet.db")
	run := func() (string, int) {
		t.Helper()
		centre, err := startDemoCentre(ctx, dir, 300, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer centre.Close()
		var stderr strings.Builder
		db, err := openDemoConsole(ctx, i18n.English(), path, centre, filepath.Join(dir, "documents"), &stderr)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if demo, _ := db.IsDemo(ctx); !demo {
			t.Error("the demo console is not marked as a demo database")
		}
		engine, err := client.New(db, client.Options{CentralURL: centre.url})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := engine.Pass(ctx); err != nil {
			t.Fatalf("a sync pass against the demo centre: %v", err)
		}
		if st := engine.Status(); !st.Online || st.LastGoodSync.IsZero() {
			t.Errorf("after a pass: %+v", st)
		}
		id, _ := db.DeviceID(ctx)
		members, users, _ := db.Counts(ctx)
		if members == 0 || users != 3 {
			t.Errorf("provisioned console holds %d members and %d accounts", members, users)
		}
		return id, strings.Count(stderr.String(), "kept as")
	}
	first, moved := run()
	if moved != 0 {
		t.Error("a new demo database was moved aside")
	}
	again, moved := run()
	if again != first || moved != 0 {
		t.Errorf("second run: device %s (first %s), moved aside %d", again, first, moved)
	}
	// A new centre does not know the old device: the console is made again.
	os.Remove(filepath.Join(dir, "central.db"))
	third, moved := run()
	if third == first || moved != 1 {
		t.Errorf("after the centre was replaced: device %s (first %s), moved aside %d", third, first, moved)
	}
}

// A database in real use is never taken over by the demo.
func TestDemoRefusesARealConsoleDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "real.db")
	db, err := store.Open(ctx, path, store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error { return tx.SetMeta(ctx, store.MetaDeviceID, "some-device") }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	centre, err := startDemoCentre(ctx, dir, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer centre.Close()
	if _, err := openDemoConsole(ctx, i18n.English(), path, centre, dir, io.Discard); err == nil || !strings.Contains(err.Error(), "not a demo database") {
		t.Errorf("a real database: %v", err)
	}
}
