package doctor_test

import (
	"context"
	"database/sql"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/demo"
	"github.com/cnops/guichet/doctor"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/server"
)

// centre is the real centre behind a loopback server (plain http, so
// that a console can be provisioned) and the same handler behind TLS.
type centre struct {
	app       *central.App
	http, tls *httptest.Server
}

// newCentre seeds a small centre whose answers carry the clock now.
func newCentre(t *testing.T, now func() time.Time) centre {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	app := central.New(st, central.Options{DocumentsDir: filepath.Join(dir, "documents"), Logger: quiet})
	t.Cleanup(func() { app.Close() })
	if err := app.SeedDemo(ctx, 10, 1, time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC), nil); err != nil {
		t.Fatal(err)
	}
	h := server.New(app, server.Options{Logger: quiet, Now: now})
	c := centre{app: app, http: httptest.NewServer(h), tls: httptest.NewUnstartedServer(h)}
	c.tls.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	c.tls.StartTLS()
	t.Cleanup(c.http.Close)
	t.Cleanup(c.tls.Close)
	return c
}

// provisioned is a console database linked to the centre over http.
func provisioned(t *testing.T, c centre) string {
	t.Helper()
	ctx := context.Background()
	token, _, err := c.app.AddDevice(ctx, "counter-1", demo.Branches()[0].Code)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "guichet.db")
	db, err := store.Open(ctx, path, store.MayCreate)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := client.Provision(ctx, db, c.http.URL, token, client.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

// inMemory is a /proc and /sys that put every folder on tmpfs, so the
// encryption check is ok whatever the test machine's disk.
func inMemory(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "proc", "self"), 0o755); err != nil {
		t.Fatal(err)
	}
	line := "26 1 0:22 / / rw - tmpfs tmpfs rw\n"
	if err := os.WriteFile(filepath.Join(root, "proc", "self", "mountinfo"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func statuses(r doctor.Report) map[string]doctor.Status {
	out := map[string]doctor.Status{}
	for _, f := range r.Findings {
		out[f.Check] = f.Status
	}
	return out
}

func want(t *testing.T, r doctor.Report, check string, status doctor.Status, key string) doctor.Finding {
	t.Helper()
	f, ok := r.Find(check)
	if !ok || f.Status != status || f.Key != key {
		t.Fatalf("%s: got %+v (present %v), want %s %s\nreport: %+v", check, f, ok, status, key, r.Findings)
	}
	return f
}

// Over TLS with a certificate the client trusts, every check passes and
// the report is ok; the same centre with the system's roots (which do
// not know the test's certificate) fails the TLS and centre checks.
func TestAHealthyConsoleOverTLSAndAnUntrustedCertificate(t *testing.T) {
	c := newCentre(t, nil)
	db := provisioned(t, c)
	ctx := context.Background()
	opts := doctor.Options{DatabasePath: db, CentralURL: c.tls.URL, HTTPClient: c.tls.Client(), SysRoot: inMemory(t)}
	r := doctor.Run(ctx, opts)
	if r.Worst() != doctor.OK {
		t.Fatalf("a healthy console: %+v", r.Findings)
	}
	for _, check := range []string{doctor.CheckConfig, doctor.CheckDatabase, doctor.CheckSchema, doctor.CheckDisk,
		doctor.CheckEncryption, doctor.CheckCentre, doctor.CheckTLS, doctor.CheckClock, doctor.CheckToken,
		doctor.CheckQueue, doctor.CheckAudit} {
		if _, ok := r.Find(check); !ok {
			t.Errorf("no %s check in %+v", check, r.Findings)
		}
	}
	tlsOK := want(t, r, doctor.CheckTLS, doctor.OK, "tls.ok")
	if days := tlsOK.Args[1]; days == 0 {
		t.Errorf("days left on the certificate: %v", days)
	}
	want(t, r, doctor.CheckToken, doctor.OK, "token.ok")

	opts.HTTPClient = &http.Client{}
	r = doctor.Run(ctx, opts)
	want(t, r, doctor.CheckCentre, doctor.Fail, "centre.tls_refused")
	refused := want(t, r, doctor.CheckTLS, doctor.Fail, "tls.refused")
	if !strings.Contains(refused.Args[0].(string), "valid until") {
		t.Errorf("the refusal should give the certificate's expiry: %v", refused.Args)
	}
	want(t, r, doctor.CheckToken, doctor.Unknown, "centre.not_reached")
	if r.Worst() != doctor.Fail {
		t.Fatalf("an untrusted certificate: %s", r.Worst())
	}
}

// The centre's clock, read from its health answer, against this
// computer's: a minute and a half off warns, twenty minutes fails.
func TestClockSkewAgainstTheCentre(t *testing.T) {
	offset := 90 * time.Second
	c := newCentre(t, func() time.Time { return time.Now().Add(offset) })
	db := provisioned(t, c)
	ctx := context.Background()
	opts := doctor.Options{DatabasePath: db, SysRoot: inMemory(t)}
	f := want(t, doctor.Run(ctx, opts), doctor.CheckClock, doctor.Warn, "clock.behind")
	if f.Args[0] != "1m30s" {
		t.Errorf("skew shown as %v", f.Args)
	}
	offset = -20 * time.Minute
	want(t, doctor.Run(ctx, opts), doctor.CheckClock, doctor.Fail, "clock.ahead")
	offset = 0
	want(t, doctor.Run(ctx, opts), doctor.CheckClock, doctor.OK, "clock.same")
}

// Offline is a warning, not a crash: the centre's own checks say they
// were not made; plain http to another host warns besides.
func TestAnUnreachableCentreOverPlainHTTPWarns(t *testing.T) {
	c := newCentre(t, nil)
	db := provisioned(t, c)
	opts := doctor.Options{DatabasePath: db, SysRoot: inMemory(t), Timeout: 300 * time.Millisecond,
		CentralURL: "http://192.0.2.1:9"} // TEST-NET-1: never answers
	r := doctor.Run(context.Background(), opts)
	want(t, r, doctor.CheckCentre, doctor.Warn, "centre.unreachable")
	want(t, r, doctor.CheckTLS, doctor.Warn, "tls.plain")
	want(t, r, doctor.CheckClock, doctor.Unknown, "centre.not_reached")
	want(t, r, doctor.CheckToken, doctor.Unknown, "centre.not_reached")
	want(t, r, doctor.CheckQueue, doctor.OK, "queue.ok")
	if r.Worst() != doctor.Warn {
		t.Fatalf("offline: %s %+v", r.Worst(), r.Findings)
	}
}

// A large database gets quick_check unless Full; a schema older than
// this program's warns (the console migrates it), a newer one fails; too
// little free space warns.
func TestSchemaVersionAndFreeSpace(t *testing.T) {
	c := newCentre(t, nil)
	db := provisioned(t, c)
	ctx := context.Background()
	opts := doctor.Options{DatabasePath: db, SysRoot: inMemory(t), MinFree: 1 << 60}
	r := doctor.Run(ctx, opts)
	want(t, r, doctor.CheckSchema, doctor.OK, "schema.ok")
	want(t, r, doctor.CheckDisk, doctor.Warn, "disk.low")
	if f := want(t, r, doctor.CheckDatabase, doctor.OK, "database.ok"); f.Args[2] != "integrity_check" {
		t.Errorf("a small database gets the full check: %v", f.Args)
	}
	opts.QuickAbove = 1 // every database is large
	if f := want(t, doctor.Run(ctx, opts), doctor.CheckDatabase, doctor.OK, "database.ok"); f.Args[2] != "quick_check" {
		t.Errorf("a large database gets quick_check: %v", f.Args)
	}
	opts.Full = true
	if f := want(t, doctor.Run(ctx, opts), doctor.CheckDatabase, doctor.OK, "database.ok"); f.Args[2] != "integrity_check" {
		t.Errorf("--full: %v", f.Args)
	}

	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var latest int64
	if err := raw.QueryRow(`SELECT max(version_id) FROM goose_db_version`).Scan(&latest); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE goose_db_version SET is_applied = 0 WHERE version_id = ?`, latest); err != nil {
		t.Fatal(err)
	}
	want(t, doctor.Run(ctx, opts), doctor.CheckSchema, doctor.Warn, "schema.older")
	if _, err := raw.Exec(`UPDATE goose_db_version SET is_applied = 1 WHERE version_id = ?`, latest); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, latest+1); err != nil {
		t.Fatal(err)
	}
	r = doctor.Run(ctx, opts)
	want(t, r, doctor.CheckSchema, doctor.Fail, "schema.newer")
	want(t, r, doctor.CheckQueue, doctor.Unknown, "unreadable") // this program does not read a newer schema
}
