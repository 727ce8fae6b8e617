package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/internal/pgtest"
	"github.com/cnops/guichet/sync/wire"
)

// TestMain lets this test binary be the centre's child process, as the
// built command is (startChild runs os.Executable()).
func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == serveCentreArg {
		os.Exit(serveCentre(os.Args[2], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestLoadSmoke runs a few devices for 1.5 seconds against a centre in a
// child process, then checks at the centre that what the report counts
// happened: every member a device changed has the version the device
// expects, and a second run on the same storage (new devices, members
// already changed) still sees no error.
func TestLoadSmoke(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "centre.db")
	cfg, err := parse([]string{"-devices", "4", "-duration", "1500ms", "-members", "2000", "-members-per-device", "6",
		"-centre-db", db, "-quiet"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for run := 1; run <= 2; run++ {
		res, devices, err := load(context.Background(), cfg, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if res.Errors != 0 || res.Routes[0].FirstError != "" {
			var b strings.Builder
			res.Print(&b, cfg, cfg.target)
			t.Fatalf("run %d: errors:\n%s", run, b.String())
		}
		// 4 devices × at least one cycle × 10 entries, all applied.
		if res.Applied < 40 || res.Statuses[wire.StatusApplied] != res.Applied || len(res.Statuses) != 1 {
			t.Fatalf("run %d: %d applied, statuses %v", run, res.Applied, res.Statuses)
		}
		push, feed := route(t, res, "push"), route(t, res, "feed")
		if push.Dist.N < 4 || feed.Dist.N < push.Dist.N || push.Dist.P50 <= 0 {
			t.Fatalf("run %d: push %+v, feed %+v", run, push, feed)
		}
		if res.Items == 0 || res.LoadCPU <= 0 || res.CentreCPU < 0 || res.CentreKind != kindChild {
			t.Fatalf("run %d: items %d, CPU %v / %v, centre %q", run, res.Items, res.LoadCPU, res.CentreCPU, res.CentreKind)
		}
		checkVersions(t, db, devices)
	}
}

// route finds a route's row of a result.
func route(t *testing.T, res Result, name string) RouteResult {
	t.Helper()
	for _, r := range res.Routes {
		if r.Route == name {
			return r
		}
	}
	t.Fatalf("no %s route in %+v", name, res.Routes)
	return RouteResult{}
}

// checkVersions compares each device's members with the centre's records.
func checkVersions(t *testing.T, db string, devices []*device) {
	t.Helper()
	ctx := context.Background()
	st, err := openStorage(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	changed := 0
	err = st.Read(ctx, func(r central.Reader) error {
		for _, d := range devices {
			for _, m := range d.members {
				got, ok, err := r.Member(ctx, m.regno)
				if err != nil || !ok || got.Version != m.version {
					t.Errorf("member %s: centre version %d (%v, %v), device expects %d", m.regno, got.Version, ok, err, m.version)
				}
				if m.version > 1 {
					changed++
				}
			}
			if head, err := r.AuditHead(ctx, d.id); err != nil || head != d.audit {
				t.Errorf("device %s: centre audit head %+v (%v), device's %+v", d.id, head, err, d.audit)
			}
		}
		return nil
	})
	if err != nil || changed == 0 {
		t.Fatalf("%d members changed (%v)", changed, err)
	}
}

// TestLoadInProcess serves the centre from the test's own process.
func TestLoadInProcess(t *testing.T) {
	t.Parallel()
	cfg, err := parse([]string{"-devices", "3", "-duration", "1500ms", "-members", "1500", "-in-process", "-quiet"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := load(context.Background(), cfg, io.Discard)
	if err != nil || res.Errors != 0 || res.Applied == 0 || res.CentreKind != kindInProcess || res.CentreCPU != 0 {
		t.Fatalf("%+v, %v", res, err)
	}
	var b strings.Builder
	res.Print(&b, cfg, cfg.target)
	for _, want := range []string{"| all |", "| push |", "| feed |", "CPUs (nproc)", "same process", "no error: "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// TestLoadPostgres runs a few devices against a PostgreSQL centre (a
// schema of its own on the test server, GUICHET_TEST_POSTGRES).
func TestLoadPostgres(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	cfg, err := parse([]string{"-devices", "2", "-duration", "1s", "-members", "600", "-centre-db", dsn, "-in-process",
		"-quiet"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	res, devices, err := load(context.Background(), cfg, io.Discard)
	if err != nil || res.Errors != 0 || res.Applied < 20 {
		t.Fatalf("%+v, %v", res, err)
	}
	checkVersions(t, dsn, devices)
	if name := cfg.storageName(); !strings.HasPrefix(name, "PostgreSQL postgres://") {
		t.Errorf("storage named %q", name)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, args := range [][]string{
		{"-batch", "3"}, {"-batch", "102"}, {"-devices", "0"}, {"-central", "http://127.0.0.1:1"},
		{"-central", "http://x", "-centre-db", "c.db", "-in-process"}, {"-push-every", "-1"}, {"extra"},
	} {
		if _, err := parse(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if code := run(context.Background(), []string{"-duration", "0s"}, io.Discard, io.Discard); code != 2 {
		t.Errorf("exit code %d for a usage error", code)
	}
	cfg, err := parse(nil, io.Discard)
	if err != nil || cfg.devices != 200 || cfg.batch != 10 || cfg.duration != time.Minute || cfg.interval != time.Second ||
		cfg.pushEvery != 1 || cfg.target != 250*time.Millisecond {
		t.Fatalf("defaults %+v, %v", cfg, err)
	}
}
