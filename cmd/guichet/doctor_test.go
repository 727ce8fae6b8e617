package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/doctor"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/cli"
)

type doctorOut struct {
	Status string `json:"status"`
	Checks []struct {
		Check, Status, Key, Detail string
	} `json:"checks"`
}

// runDoctor runs `doctor --json` and checks what every run must hold:
// the exit code follows the worst status (0 ok, 1 fail, 4 warnings
// only), and every detail is translated.
func runDoctor(t *testing.T, db string) (doctorOut, map[string]string) {
	t.Helper()
	r := guichet(t, "", "--db", db, "doctor", "--json")
	var out doctorOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("doctor --json printed %q (%v): %+v", r.stdout, err, r)
	}
	status := map[string]string{}
	for _, c := range out.Checks {
		status[c.Check] = c.Status
		if strings.Contains(c.Detail, "[doctor.") || c.Detail == "" {
			t.Errorf("%s: untranslated detail %q", c.Check, c.Detail)
		}
	}
	code := map[string]int{"ok": 0, "fail": 1, "warn": 4}[out.Status]
	if r.code != code {
		t.Fatalf("doctor exited %d with status %s: %+v", r.code, out.Status, r)
	}
	return out, status
}

func wantStatus(t *testing.T, got map[string]string, want map[string]string) {
	t.Helper()
	for check, s := range want {
		if got[check] != s {
			t.Errorf("%s: %s, want %s (all: %v)", check, got[check], s, got)
		}
	}
}

// copyFile copies a closed database to a new file the test may damage.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// The whole doctor against a real loopback centre: healthy, then a set-aside
// entry, a damaged database, a broken audit chain, a revoked token and the
// centre gone, each with its status and exit code.
func TestDoctorAgainstALoopbackCentre(t *testing.T) {
	dir := isolate(t)
	app, srv, home := loopbackCentre(t)
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	for db, name := range map[string]string{a: "counter-a", b: "counter-b"} {
		if r := guichet(t, "", "provision", "--db", db, "--central", srv.URL, "--token-file", tokenFile(t, app, dir, name, home)); r.code != 0 {
			t.Fatalf("provision %s: %+v", name, r)
		}
	}
	_, st := runDoctor(t, a)
	wantStatus(t, st, map[string]string{"config": "ok", "database": "ok", "schema": "ok", "disk": "ok", "centre": "ok",
		"tls": "ok", "clock": "ok", "token": "ok", "queue": "ok", "audit": "ok"})
	if e := st["encryption"]; e != "ok" && e != "warn" && e != "unknown" {
		t.Errorf("encryption: %s", e)
	}
	r := guichet(t, "", "--db", a, "doctor")
	if !strings.Contains(r.stdout, "CHECK") || !strings.Contains(r.stdout, "device token") || !strings.Contains(r.stdout, "counter-a") {
		t.Errorf("the table: %+v", r)
	}
	t.Setenv("GUICHET_UI_LANGUAGE", "fr")
	if r := guichet(t, "", "--db", a, "doctor"); !strings.Contains(r.stdout, "jeton du poste") || strings.Contains(r.stdout, "[doctor.") {
		t.Errorf("the table in French: %+v", r)
	}
	runDoctor(t, a) // every detail exists in French too
	os.Unsetenv("GUICHET_UI_LANGUAGE")

	// B's request for a member A changed first is set aside: a warning.
	m := firstMember(t, a)
	for _, db := range []string{a, b} {
		if r := as(t, db, "agent", append([]string{"address", "request", m.regno}, goodAddress(m)...)...); r.code != 0 {
			t.Fatalf("request: %+v", r)
		}
		guichet(t, "", "--db", db, "sync")
	}
	out, st := runDoctor(t, b)
	wantStatus(t, st, map[string]string{"queue": "warn", "database": "ok", "token": "ok"})
	if out.Status == "ok" {
		t.Fatalf("a set-aside entry: %+v", out)
	}

	// A database with bytes flipped in its pages, or in its header, fails.
	pages := filepath.Join(dir, "pages.db")
	copyFile(t, a, pages)
	f, err := os.OpenFile(pages, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st0, _ := f.Stat()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	for off := int64(8192); off+int64(len(junk)) < st0.Size(); off += 16384 {
		f.WriteAt(junk, off)
	}
	f.Close()
	out, st = runDoctor(t, pages)
	wantStatus(t, st, map[string]string{"database": "fail"})
	header := filepath.Join(dir, "header.db")
	copyFile(t, a, header)
	f, _ = os.OpenFile(header, os.O_RDWR, 0)
	f.WriteAt([]byte("XQLite"), 0)
	f.Close()
	out, st = runDoctor(t, header)
	wantStatus(t, st, map[string]string{"database": "fail"})
	if !strings.Contains(out.Checks[1].Detail, "not a SQLite database") || !strings.Contains(out.Checks[1].Detail, "guichet restore") {
		t.Errorf("the damaged header: %+v", out.Checks[1])
	}

	// An audit entry changed after it was written breaks the chain.
	tampered := filepath.Join(dir, "tampered.db")
	copyFile(t, a, tampered)
	raw, err := sql.Open("sqlite", "file:"+tampered)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE audit SET detail = '{"forged":true}' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out, st = runDoctor(t, tampered)
	wantStatus(t, st, map[string]string{"audit": "fail", "database": "ok"})

	// The operator revokes A: its token is refused.
	devices, err := app.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devices {
		if d.Name == "counter-a" {
			if err := app.RevokeDevice(context.Background(), d.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, st = runDoctor(t, a)
	wantStatus(t, st, map[string]string{"token": "fail", "centre": "ok"})

	// The centre gone: warnings, and no check fails for it.
	srv.Close()
	out, st = runDoctor(t, b)
	wantStatus(t, st, map[string]string{"centre": "warn", "clock": "unknown", "token": "unknown", "database": "ok"})
	if out.Status != "warn" {
		t.Fatalf("offline: %+v", out)
	}
}

// A configuration that does not load fails its check, and the database
// given with --db is still checked.
func TestDoctorWithABrokenConfiguration(t *testing.T) {
	db, _, _ := seeded(t)
	cfg := filepath.Join(filepath.Dir(db), "guichet.yaml")
	if err := os.WriteFile(cfg, []byte("ui:\n  idle_lock: forever\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := guichet(t, "", "--config", cfg, "--db", db, "doctor")
	if r.code != 1 || !strings.Contains(r.stdout, "configuration    FAIL") || !strings.Contains(r.stdout, "integrity_check ok") {
		t.Fatalf("a broken configuration: %+v", r)
	}
	if r := guichet(t, "", "--db", filepath.Join(filepath.Dir(db), "none.db"), "doctor"); r.code != 1 ||
		!strings.Contains(r.stdout, "no database at") {
		t.Fatalf("no database: %+v", r)
	}
}

// The exit code's error for each outcome.
func TestDoctorOutcome(t *testing.T) {
	cat := i18n.English()
	rep := func(s ...doctor.Status) doctor.Report {
		var r doctor.Report
		for _, st := range s {
			r.Findings = append(r.Findings, doctor.Finding{Status: st})
		}
		return r
	}
	for _, tc := range []struct {
		r    doctor.Report
		code int
	}{
		{rep(doctor.OK, doctor.Unknown), 0}, {rep(doctor.OK, doctor.Warn, doctor.Unknown), 4},
		{rep(doctor.Warn, doctor.Fail), 1},
	} {
		err := doctorOutcome(cat, tc.r)
		if code := exitCodeOf(err); code != tc.code {
			t.Errorf("%+v: exit %d, want %d", tc.r, code, tc.code)
		}
	}
}

func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	return cli.ExitCode(err)
}
