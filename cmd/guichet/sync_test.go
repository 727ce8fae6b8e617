package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/sync/server"
)

// loopbackCentre is the real centre, seeded with a small demo population,
// on a loopback server.
func loopbackCentre(t *testing.T) (*central.App, *httptest.Server, string) {
	t.Helper()
	return loopbackCentreAt(t, t.TempDir(), 40)
}

// loopbackCentreAt is loopbackCentre with its database (dir/centre.db) and
// documents in dir, seeded with members demo members; it returns the
// demo's first branch.
func loopbackCentreAt(t *testing.T, dir string, members int) (*central.App, *httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	app := central.New(st, central.Options{DocumentsDir: filepath.Join(dir, "documents"), Logger: quiet})
	t.Cleanup(func() { app.Close() })
	if err := app.SeedDemo(ctx, members, 1, time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC), nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(app, server.Options{Logger: quiet}))
	t.Cleanup(srv.Close)
	return app, srv, demo.Branches()[0].Code
}

// tokenFile registers a device of branch at the centre and writes its
// token to a file only its owner can read.
func tokenFile(t *testing.T, app *central.App, dir, name, branch string) string {
	t.Helper()
	token, _, err := app.AddDevice(context.Background(), name, branch)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".token")
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type syncJSON struct {
	OK       bool   `json:"ok"`
	Error    string `json:"error"`
	Pushed   int    `json:"pushed"`
	Applied  int    `json:"applied"`
	SetAside int    `json:"set_aside"`
	Pulled   int    `json:"pulled"`
	Through  int64  `json:"audit_shipped_through"`
	Queued   int    `json:"set_aside_total"`
}

func syncJSONOf(t *testing.T, r result) syncJSON {
	t.Helper()
	var out syncJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("sync --json printed %q: %v", r.stdout, err)
	}
	return out
}

func TestProvisionAndSyncHeadless(t *testing.T) {
	dir := isolate(t)
	app, srv, home := loopbackCentre(t)
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")

	tokA := tokenFile(t, app, dir, "counter-a", home)
	if err := os.Chmod(tokA, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := guichet(t, "", "provision", "--db", a, "--central", srv.URL, "--token-file", tokA); r.code != 1 ||
		!strings.Contains(r.stderr, "readable by anyone") {
		t.Fatalf("a token file anyone can read: %+v", r)
	}
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Fatal("a refused provisioning must not create the database")
	}
	if r := guichet(t, "", "provision", "--db", a, "--central", "ftp://centre", "--token-file", tokA); r.code != 2 {
		t.Fatalf("a bad centre address is a usage error: %+v", r)
	}
	os.Chmod(tokA, 0o600)
	if r := guichet(t, "", "provision", "--db", a, "--central", srv.URL, "--token-file", tokA); r.code != 0 ||
		!strings.Contains(r.stdout, "Provisioned "+a) || strings.Contains(r.stdout+r.stderr, mustRead(t, tokA)) {
		t.Fatalf("provision: %+v", r)
	}
	if r := guichet(t, "", "provision", "--db", a, "--central", srv.URL, "--token-file", tokA); r.code != 1 ||
		!strings.Contains(r.stderr, "already provisioned") {
		t.Fatalf("provisioning twice: %+v", r)
	}
	if r := guichet(t, "", "provision", "--db", b, "--central", srv.URL, "--token-file", tokenFile(t, app, dir, "counter-b", home)); r.code != 0 {
		t.Fatalf("provision B: %+v", r)
	}

	r := guichet(t, "", "--db", a, "sync", "--json")
	if out := syncJSONOf(t, r); r.code != 0 || !out.OK || out.Pushed != 0 || out.Through < 1 {
		t.Fatalf("a pass with nothing to push: %+v %+v", r, out)
	}
	m := firstMember(t, a)
	if r := as(t, a, "agent", append([]string{"address", "request", m.regno}, goodAddress(m)...)...); r.code != 0 {
		t.Fatalf("request on A: %+v", r)
	}
	r = guichet(t, "", "--db", a, "sync", "--json")
	if out := syncJSONOf(t, r); r.code != 0 || !out.OK || out.Applied != 1 {
		t.Fatalf("A delivers its request: %+v %+v", r, out)
	}
	// B records a change for the same member before it hears of A's: the
	// centre refuses it, and the pass exits non-zero.
	if r := as(t, b, "agent", append([]string{"address", "request", m.regno}, goodAddress(m)...)...); r.code != 0 {
		t.Fatalf("request on B: %+v", r)
	}
	r = guichet(t, "", "--db", b, "sync", "--json")
	if out := syncJSONOf(t, r); r.code != 1 || out.OK || out.SetAside != 1 || out.Queued != 1 || out.Error != "" {
		t.Fatalf("B's refused entry: %+v %+v", r, out)
	}
	// The next pass does not send it again: nothing failed in it.
	r = guichet(t, "", "--db", b, "sync")
	if r.code != 0 || !strings.Contains(r.stdout, "Pushed 0 entries") || !strings.Contains(r.stdout, "Queue: 0 pending, 1 set aside.") {
		t.Fatalf("B's next pass: %+v", r)
	}

	srv.Close()
	r = guichet(t, "", "--db", a, "sync", "--json")
	if out := syncJSONOf(t, r); r.code != 1 || out.OK || !strings.Contains(out.Error, "centre unreachable") {
		t.Fatalf("the centre down: %+v %+v", r, out)
	}
	standalone, _, _ := seeded(t)
	if r := guichet(t, "", "--db", standalone, "sync"); r.code != 1 || !strings.Contains(r.stderr, "not provisioned") {
		t.Fatalf("sync on a standalone console: %+v", r)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// firstMember is a member the console holds.
func firstMember(t *testing.T, db string) member {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var m member
	if err := raw.QueryRow(`SELECT regno, cin FROM members WHERE status = 'active' ORDER BY id LIMIT 1`).Scan(&m.regno, &m.cin); err != nil {
		t.Fatal(err)
	}
	return m
}
